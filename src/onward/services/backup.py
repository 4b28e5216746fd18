"""Encrypted, verified backups and safe restores (security.md R49).

A backup is one file: a short magic, the vault header (the vault key wrapped
under the passphrase and the recovery key, as on disk), then every stored row
as JSON lines inside a libsodium secretstream (XChaCha20-Poly1305) keyed by a
sub-key of the vault key. Rows keep their own per-record encryption, so the
file holds ciphertext inside ciphertext. The stream's final tag detects a cut
file; the header is bound as associated data, so a swapped header fails.

The backup is logical (rows, not pages), so it is the same for SQLite and
PostgreSQL and restores into either. Restore decrypts and checks everything
before it replaces anything, and never replaces a vault without consent.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import logging
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from nacl import bindings
from nacl.exceptions import CryptoError
from sqlalchemy import text

from onward.config import Settings
from onward.errors import BackupError, IntegrityError, VaultExistsError, WrongPassphraseError
from onward.i18n import gettext as _
from onward.services.vault import Vault, _dek_aad, backend_for
from onward.store import crypto, db, repos
from onward.store.crypto import SecretKey
from onward.store.header import HEADER_FORMAT, VaultHeader, atomic_write

log = logging.getLogger("onward")

MAGIC = b"OWBK\x00\x01\r\n"
BACKUP_KEY_PURPOSE = b"onward-backup"
CHUNK_ROWS = 200
MAX_CHUNK = 64 * 1024 * 1024
_TAG_MESSAGE = bindings.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = bindings.crypto_secretstream_xchacha20poly1305_TAG_FINAL

Row = tuple[int, str, str, bytes]


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    rows: int
    sha256: str


def _not_a_backup() -> BackupError:
    return BackupError(
        _("This file is not an Onward backup."),
        hint=_("Choose the file that 'onward backup' or the Settings page saved."),
    )


def _not_written(exc: OSError) -> BackupError:
    full = exc.errno == errno.ENOSPC
    return BackupError(
        _("The backup could not be written: {reason}.").format(
            reason=exc.strerror or _("the system refused it")
        ),
        hint=_("Free some space and try again.")
        if full
        else _(
            "Check that the folder exists and that you may write there. Your vault is unchanged."
        ),
    )


def _damaged() -> IntegrityError:
    return IntegrityError(
        _("This backup is damaged: it failed its integrity check."),
        hint=_("Nothing was changed. Try another copy of the backup."),
    )


def _encode_row(row: Row) -> dict[str, Any]:
    seq, item_id, kind, body = row
    return {"seq": seq, "id": item_id, "kind": kind, "body": base64.b64encode(body).decode()}


def write_backup(vault: Vault, out: Path) -> BackupInfo:
    """Write, then read back and verify, an encrypted backup of the whole vault."""
    _, header = load_header_for(vault)
    header_bytes = header.to_json().encode()
    # A read-only snapshot: saves made while the backup runs wait for nothing (and are
    # simply not in this backup).
    with db.read_only(vault.engine).begin() as conn:
        rows = repos.all_rows(conn, vault_id=vault.vault_id)
    key = vault.dek.derive(BACKUP_KEY_PURPOSE)
    tmp = out.with_name(out.name + ".partial")
    try:
        with _private_file(tmp) as fh:
            fh.write(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes)
            state = bindings.crypto_secretstream_xchacha20poly1305_state()
            fh.write(bindings.crypto_secretstream_xchacha20poly1305_init_push(state, key.raw()))
            meta = {"format": 1, "vault_id": vault.vault_id, "rows": len(rows)}
            _push(fh, state, [json.dumps(meta)], header_bytes, _TAG_MESSAGE)
            for start in range(0, len(rows), CHUNK_ROWS):
                lines = [json.dumps(_encode_row(r)) for r in rows[start : start + CHUNK_ROWS]]
                _push(fh, state, lines, b"", _TAG_MESSAGE)
            _push(fh, state, [json.dumps({"end": True})], b"", _TAG_FINAL)
            fh.flush()
            os.fsync(fh.fileno())
        counted = sum(1 for _ in _read_rows(tmp, key))
        if counted != len(rows):
            raise BackupError(_("The backup could not be verified."), hint=_("Try again."))
        os.replace(tmp, out)
    except OSError as exc:
        raise _not_written(exc) from None
    finally:
        key.wipe()
        with contextlib.suppress(OSError):  # a folder that cannot be written has no .partial
            tmp.unlink(missing_ok=True)
    log.info("backup written")
    return BackupInfo(out, len(rows), _sha256(out))


def load_header_for(vault: Vault) -> tuple[Any, VaultHeader]:
    header = vault.backend.header_store().load()
    if header is None:
        raise BackupError(_("The vault header is missing."), hint=_("Restore from a backup."))
    return vault.backend, header


class _private_file:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> IO[bytes]:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.fh = os.fdopen(fd, "wb")
        return self.fh

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def _push(fh: IO[bytes], state: Any, lines: list[str], ad: bytes, tag: int) -> None:
    plain = ("\n".join(lines) + "\n").encode()
    chunk = bindings.crypto_secretstream_xchacha20poly1305_push(state, plain, ad or None, tag)
    fh.write(struct.pack(">I", len(chunk)) + chunk)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_header(path: Path) -> tuple[VaultHeader, bytes]:
    """The vault header stored in a backup file (readable without a key)."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise _not_a_backup()
            (size,) = struct.unpack(">I", fh.read(4))
            if size > 1 << 20:
                raise _not_a_backup()
            raw = fh.read(size)
    except (OSError, struct.error) as exc:
        if isinstance(exc, FileNotFoundError):
            raise BackupError(_("That file does not exist."), hint=_("Check the path.")) from exc
        raise _not_a_backup() from exc
    try:
        return VaultHeader.from_json(raw.decode()), raw
    except (IntegrityError, UnicodeDecodeError) as exc:
        raise _not_a_backup() from exc


def _read_rows(path: Path, key: SecretKey) -> Iterator[Row]:
    """Decrypt and yield every row; raises IntegrityError on any damage or a cut file."""
    header, header_bytes = read_header(path)
    with path.open("rb") as fh:
        fh.seek(len(MAGIC) + 4 + len(header_bytes))
        state = bindings.crypto_secretstream_xchacha20poly1305_state()
        try:
            bindings.crypto_secretstream_xchacha20poly1305_init_pull(
                state,
                fh.read(bindings.crypto_secretstream_xchacha20poly1305_HEADERBYTES),
                key.raw(),
            )
            first, finished, expected = True, False, -1
            seen = 0
            while not finished:
                size_raw = fh.read(4)
                if len(size_raw) != 4:
                    raise _damaged()
                (size,) = struct.unpack(">I", size_raw)
                if size > MAX_CHUNK:
                    raise _damaged()
                plain, tag = bindings.crypto_secretstream_xchacha20poly1305_pull(
                    state, fh.read(size), header_bytes if first else None
                )
                finished = tag == _TAG_FINAL
                for line in plain.decode().splitlines():
                    obj = json.loads(line)
                    if first:
                        expected, first = int(obj["rows"]), False
                    elif "end" not in obj:
                        seen += 1
                        yield (obj["seq"], obj["id"], obj["kind"], base64.b64decode(obj["body"]))
            if fh.read(1) or seen != expected:
                raise _damaged()
        except (CryptoError, ValueError, KeyError, struct.error):
            raise _damaged() from None
    _ = header


def restore_backup(
    settings: Settings, *, path: Path, passphrase: str, replace_existing: bool = False
) -> int:
    """Restore a backup into the configured location; returns the number of rows.

    The backup opens with the passphrase (or recovery key) that was current when
    it was written. Nothing is replaced until the whole file has been verified.
    """
    header, _raw = read_header(path)
    backend = backend_for(settings)
    backend.prepare()
    if backend.header_store().load() is not None and not replace_existing:
        raise VaultExistsError(
            _("A vault already exists here; restoring would replace it."),
            hint=_("Confirm that you want to replace it (onward restore FILE --replace)."),
        )
    dek = _unwrap_backup_key(header, passphrase)
    key = dek.derive(BACKUP_KEY_PURPOSE)
    try:
        rows = list(_read_rows(path, key))  # verifies every byte before any change
        if backend.is_postgres:
            _restore_postgres(backend, header, rows)
        else:
            _restore_sqlite(backend, header, dek, rows)
    finally:
        key.wipe()
        dek.wipe()
    log.info("backup restored")
    return len(rows)


def _unwrap_backup_key(header: VaultHeader, passphrase: str) -> SecretKey:
    header.check_kdf_floor()
    kek = crypto.derive_kek(passphrase, header.salt, header.kdf)
    try:
        return crypto.unwrap_key(kek, header.wrapped_dek, _dek_aad(header.vault_id))
    except IntegrityError:
        raise WrongPassphraseError(
            _("That passphrase did not open this backup."),
            hint=_("Use the passphrase you had when the backup was made."),
        ) from None
    finally:
        kek.wipe()


def _restore_sqlite(backend: Any, header: VaultHeader, dek: SecretKey, rows: list[Row]) -> None:
    final = backend.sqlite_path
    staging = final.with_name("restore.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(staging) + suffix).unlink(missing_ok=True)
    page_key = dek.derive(b"onward-sqlcipher")
    try:
        # A restore makes a new file, so it gets the page size of new files whatever the
        # backed-up vault had; the header written below records it.
        engine = db.sqlite_engine(staging, page_key, page_size=db.SQLITE_PAGE_SIZE)
    finally:
        page_key.wipe()
    try:
        db.migrate(engine)
        with engine.begin() as conn:
            repos.insert_rows(conn, vault_id=header.vault_id, rows=rows)
        db.sqlite_pragma(engine, "PRAGMA wal_checkpoint(TRUNCATE)")
        if db.sqlite_pragma(engine, "PRAGMA integrity_check") != "ok":
            raise _damaged()
    finally:
        engine.dispose()
    # A stale -wal would be replayed onto the restored file (R49): remove it first.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(final) + suffix).unlink(missing_ok=True)
    Path(str(staging) + "-wal").unlink(missing_ok=True)
    Path(str(staging) + "-shm").unlink(missing_ok=True)
    os.replace(staging, final)
    restored = replace(header.cleared(), page_size=db.SQLITE_PAGE_SIZE, format=HEADER_FORMAT)
    atomic_write(backend.data_dir / "store.hdr", restored.to_json().encode())
    db.restrict_files(backend.data_dir)


def _restore_postgres(backend: Any, header: VaultHeader, rows: list[Row]) -> None:
    engine = backend.pg_engine()
    store = backend.header_store()
    old = store.load()
    slot = backend.header_slot
    with engine.begin() as conn:
        # Row security (R37): each step sees only the vault it works on.
        if old is not None:
            db.set_scope(conn, db.Scope(account=slot, vault=old.vault_id))
            conn.execute(text("DELETE FROM items WHERE vault_id = :v"), {"v": old.vault_id})
        db.set_scope(conn, db.Scope(account=slot, vault=header.vault_id))
        conn.execute(text("DELETE FROM items WHERE vault_id = :v"), {"v": header.vault_id})
        repos.insert_rows(conn, vault_id=header.vault_id, rows=rows)
        conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('items', 'seq'), "
                "GREATEST((SELECT COALESCE(MAX(seq), 0) FROM items), 1))"
            )
        )
    store.save(header.cleared())

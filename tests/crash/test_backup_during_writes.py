"""Backups taken while another process writes restore to a consistent snapshot (R49).

Also: a stale ``-wal`` file left in the target folder is never replayed onto a
restored database, and a damaged backup is refused before anything changes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, fast_settings
from tests.crash.harness import Writer, WriterServer

from onward.config import Settings
from onward.errors import IntegrityError, OnwardError
from onward.services import items, journal
from onward.services.backup import restore_backup, write_backup
from onward.services.vault import Vault, create_vault, unlock_vault
from onward.store import repos
from onward.store.db import sqlite_pragma
from onward.store.ids import new_id
from onward.store.wal_guard import FOREIGN_SUFFIX

# Enough rows that a backup takes long enough for the writer to commit meanwhile.
SEED_ROWS = 3000
BACKUPS = 3


@dataclass(frozen=True, slots=True)
class Taken:
    """One backup and what was known about the store around it."""

    path: Path
    acked_before: frozenset[str]  # ids acknowledged before the backup started
    count_before: int  # rows committed before it started
    count_after: int  # rows committed once it returned


def _seed(vault: Vault, n: int) -> None:
    """Many journal rows in one transaction (quicker than n fsync'd saves)."""
    created = datetime.now(UTC).isoformat()
    with items.transaction(vault) as conn:
        for i in range(n):
            item_id = new_id()
            data = {"text": f"seeded {i} " + "x" * (i % 400), "created": created}
            body = items.encrypt(vault, journal.KIND, item_id, data)
            repos.insert_item(
                conn, vault_id=vault.vault_id, item_id=item_id, kind=journal.KIND, body=body
            )


def _count(vault: Vault) -> int:
    return items.count(vault, kind=journal.KIND)


def _open_entries(settings: Settings) -> list[journal.Entry]:
    """Unlock, check the file's integrity, and decrypt every entry."""
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        assert sqlite_pragma(vault.engine, "PRAGMA integrity_check") == "ok"
        return journal.all_entries(vault)
    finally:
        vault.lock()


def _backups_during_writes(settings: Settings, writer: Writer, out: Path) -> list[Taken]:
    taken: list[Taken] = []
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)  # a second handle on the store
    try:
        for n in range(BACKUPS):
            writer.wait_acks(len(writer.acks) + 3)
            writer.poll()
            acked = frozenset(a.id for a in writer.acks)
            before = _count(vault)
            path = out / f"b{n}.bin"
            write_backup(vault, path)
            taken.append(Taken(path, acked, before, _count(vault)))
    finally:
        vault.lock()
    return taken


@pytest.mark.crash
def test_backup_during_writes_restores_a_consistent_snapshot(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data")
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    _seed(vault, SEED_ROWS)
    vault.lock()
    server = WriterServer(settings, log=tmp_path / "writers.log")
    try:
        writer = server.start(tag="bk", passphrase=PASSPHRASE)
        try:
            taken = _backups_during_writes(settings, writer, tmp_path)
        finally:
            writer.kill()
    finally:
        server.close()
    live = {e.id: e for e in _open_entries(settings)}
    assert {a.id for a in writer.acks} <= set(live)
    # At least one backup ran while the writer committed, or this tested nothing.
    assert any(t.count_after > t.count_before for t in taken), taken

    for n, t in enumerate(taken):
        target = fast_settings(tmp_path / f"restored{n}")
        rows = restore_backup(target, path=t.path, passphrase=PASSPHRASE)
        restored = {e.id: e for e in _open_entries(target)}  # every entry decrypts
        assert len(restored) == rows
        assert t.acked_before <= set(restored)
        assert SEED_ROWS + len(t.acked_before) <= t.count_before <= rows <= t.count_after
        # A snapshot: exactly the rows committed up to some point, none torn or skipped.
        last = max(e.seq for e in restored.values())
        prefix = {i: e for i, e in live.items() if e.seq <= last}
        assert restored == prefix


def _entries_texts(settings: Settings) -> list[str]:
    return sorted(e.text for e in _open_entries(settings))


def _vault_with_backup(settings: Settings, backup: Path, texts: list[str]) -> None:
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    try:
        for text in texts:
            journal.add_entry(vault, text=text)
        write_backup(vault, backup)
    finally:
        vault.lock()


def test_restore_ignores_planted_random_wal(tmp_path: Path) -> None:
    source = fast_settings(tmp_path / "src")
    texts = [f"kept {i}" for i in range(5)]
    _vault_with_backup(source, tmp_path / "b.bin", texts)
    target = fast_settings(tmp_path / "dst")
    target.data_dir.mkdir(mode=0o700)
    (target.data_dir / "store.db-wal").write_bytes(secrets.token_bytes(64 * 1024))
    (target.data_dir / "store.db-shm").write_bytes(secrets.token_bytes(32 * 1024))
    assert restore_backup(target, path=tmp_path / "b.bin", passphrase=PASSPHRASE) == len(texts)
    assert _entries_texts(target) == sorted(texts)


def _live_wal_after(settings: Settings, texts: list[str]) -> bytes:
    """Save more entries while a connection stays open; return the WAL they left."""
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    holder = vault.engine.raw_connection()  # the last close would checkpoint the WAL away
    try:
        holder.cursor().execute("SELECT count(*) FROM items").fetchone()
        for text in texts:
            journal.add_entry(vault, text=text)
        wal = (settings.data_dir / "store.db-wal").read_bytes()
    finally:
        holder.close()
        vault.lock()
    assert len(wal) > 32, "no WAL frames were captured"
    return wal


def _opens_to(settings: Settings) -> list[str] | str:
    try:
        return _entries_texts(settings)
    except (OnwardError, AssertionError) as exc:
        return type(exc).__name__


def test_restore_over_vault_never_replays_its_stale_wal(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data")
    backed_up = [f"before backup {i}" for i in range(4)]
    _vault_with_backup(settings, tmp_path / "b.bin", backed_up)
    wal = _live_wal_after(settings, [f"after backup {i} " * 40 for i in range(6)])
    (settings.data_dir / "store.db-wal").write_bytes(wal)  # as if the app had crashed

    rows = restore_backup(
        settings, path=tmp_path / "b.bin", passphrase=PASSPHRASE, replace_existing=True
    )
    assert rows == len(backed_up)
    assert _entries_texts(settings) == sorted(backed_up)

    # Control, so this test cannot pass vacuously: the planted WAL is live. Left beside
    # the restored file it would be replayed; with SQLCipher 4.12 the open failed and
    # closing that connection checkpointed the stale frames in, damaging the file. Now
    # store/wal_guard.py finds it foreign and moves it aside before any connection writes.
    (settings.data_dir / "store.db-wal").write_bytes(wal)
    assert _opens_to(settings) == sorted(backed_up)
    moved = [p for p in settings.data_dir.iterdir() if FOREIGN_SUFFIX in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == wal, "the stale WAL was not live?"


def test_damaged_backup_is_refused_before_anything_changes(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data")
    texts = ["one", "two", "three"]
    _vault_with_backup(settings, tmp_path / "b.bin", texts)
    blob = bytearray((tmp_path / "b.bin").read_bytes())
    blob[-40] ^= 0x01
    (tmp_path / "bad.bin").write_bytes(bytes(blob))
    before = (settings.data_dir / "store.db").read_bytes()

    with pytest.raises(IntegrityError):
        restore_backup(
            settings, path=tmp_path / "bad.bin", passphrase=PASSPHRASE, replace_existing=True
        )
    assert (settings.data_dir / "store.db").read_bytes() == before
    assert _entries_texts(settings) == sorted(texts)


def test_restore_under_an_open_handle_sends_its_next_save_to_the_restored_file(
    tmp_path: Path,
) -> None:
    settings = fast_settings(tmp_path / "data")
    _vault_with_backup(settings, tmp_path / "b.bin", ["in the backup"])
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)  # keeps pooled connections
    try:
        journal.add_entry(vault, text="after the backup")
        restore_backup(
            settings, path=tmp_path / "b.bin", passphrase=PASSPHRASE, replace_existing=True
        )
        # A pooled connection to the replaced (unlinked) file would swallow this save.
        journal.add_entry(vault, text="after the restore")
    finally:
        vault.lock()
    assert _entries_texts(settings) == ["after the restore", "in the backup"]

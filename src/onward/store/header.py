"""The vault header: the wrapped vault key, KDF parameters and unlock bookkeeping.

It is readable before unlock, so it holds nothing secret in the clear: the
vault key is wrapped (AEAD) under the passphrase KEK and under the recovery
KEK. In SQLite mode it is a small JSON file beside the database (the database
itself is SQLCipher-encrypted and cannot be read before unlock); in PostgreSQL
mode it is a row of ``vault_headers``.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from onward.errors import IntegrityError, SchemaTooNewError
from onward.store.crypto import FLOOR_KDF, KdfParams
from onward.store.db import LEGACY_PAGE_SIZE, SQLITE_PAGE_SIZE
from onward.store.tables import vault_headers

# 2: ``page_size`` (the SQLite file's page size; 16 KiB for new files). A format-1 header
# has none: its file has SQLCipher's default 4 KiB pages. Older versions of Onward refuse a
# format-2 header ("made by a newer version") instead of failing to read the file.
HEADER_FORMAT = 2
PAGE_SIZES = frozenset(2**n for n in range(9, 17))  # what SQLCipher accepts: 512 B to 64 KiB


@dataclass(frozen=True, slots=True)
class VaultHeader:
    """Everything about a vault that is needed before it is unlocked."""

    vault_id: str
    kdf: KdfParams
    salt: bytes
    wrapped_dek: bytes
    recovery_wrapped_dek: bytes
    created_at: datetime
    failed_attempts: int = 0
    last_failed_at: datetime | None = None
    next_attempt_at: datetime | None = None
    quick_exit_url: str | None = None
    format: int = HEADER_FORMAT
    page_size: int = SQLITE_PAGE_SIZE  # of the SQLite file (unused on PostgreSQL)

    def to_json(self) -> str:
        data: dict[str, Any] = asdict(self)
        data["kdf"] = asdict(self.kdf)
        for key in ("salt", "wrapped_dek", "recovery_wrapped_dek"):
            data[key] = base64.b64encode(getattr(self, key)).decode()
        for key in ("created_at", "last_failed_at", "next_attempt_at"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> VaultHeader:
        try:
            data = json.loads(text)
            if data.get("format", 0) > HEADER_FORMAT:
                raise SchemaTooNewError(
                    "This vault was made by a newer version of Onward.",
                    hint="Install the newer version to open it.",
                )
            return cls(
                vault_id=str(data["vault_id"]),
                kdf=KdfParams(**data["kdf"]),
                salt=base64.b64decode(data["salt"]),
                wrapped_dek=base64.b64decode(data["wrapped_dek"]),
                recovery_wrapped_dek=base64.b64decode(data["recovery_wrapped_dek"]),
                created_at=datetime.fromisoformat(data["created_at"]),
                failed_attempts=int(data.get("failed_attempts", 0)),
                last_failed_at=_dt(data.get("last_failed_at")),
                next_attempt_at=_dt(data.get("next_attempt_at")),
                quick_exit_url=data.get("quick_exit_url"),
                format=int(data.get("format", HEADER_FORMAT)),
                page_size=_page_size(data.get("page_size", LEGACY_PAGE_SIZE)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IntegrityError(
                "The vault header is damaged.",
                hint="Restore from a backup (onward restore FILE).",
            ) from exc

    def check_kdf_floor(self) -> None:
        if not self.kdf.at_least(FLOOR_KDF):
            raise IntegrityError(
                "This vault uses key settings below the safe minimum.",
                hint="It may have been tampered with. Restore from a backup.",
            )

    def with_failure(self, now: datetime, next_attempt_at: datetime | None) -> VaultHeader:
        return replace(
            self,
            failed_attempts=self.failed_attempts + 1,
            last_failed_at=now,
            next_attempt_at=next_attempt_at,
        )

    def cleared(self) -> VaultHeader:
        return replace(self, failed_attempts=0, last_failed_at=None, next_attempt_at=None)


def _page_size(value: object) -> int:
    if not isinstance(value, int) or value not in PAGE_SIZES:
        raise ValueError("page_size")
    return value


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class HeaderStore(Protocol):
    """Where a vault header lives."""

    def load(self) -> VaultHeader | None: ...

    def save(self, header: VaultHeader) -> None: ...

    def delete(self) -> None: ...


class FileHeaderStore:
    """A JSON file, replaced atomically (write, fsync, rename, fsync dir)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> VaultHeader | None:
        if not self.path.exists():
            return None
        return VaultHeader.from_json(self.path.read_text(encoding="utf-8"))

    def save(self, header: VaultHeader) -> None:
        atomic_write(self.path, header.to_json().encode())

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


class DbHeaderStore:
    """One row of ``vault_headers`` (PostgreSQL mode)."""

    def __init__(self, engine: Engine, vault_id: str = "local") -> None:
        self.engine = engine
        self.slot = vault_id

    def load(self) -> VaultHeader | None:
        with self.engine.connect() as conn:
            text = conn.execute(
                select(vault_headers.c.header).where(vault_headers.c.slot == self.slot)
            ).scalar_one_or_none()
        return VaultHeader.from_json(text) if text else None

    def save(self, header: VaultHeader) -> None:
        now = datetime.now(UTC)
        stmt = pg_insert(vault_headers).values(slot=self.slot, header=header.to_json(), updated=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[vault_headers.c.slot],
            set_={"header": stmt.excluded.header, "updated": now},
        )
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def delete(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(vault_headers.delete().where(vault_headers.c.slot == self.slot))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old or the new file (mode 0600)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)

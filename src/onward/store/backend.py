"""Where a vault lives: an SQLCipher file in the data folder, or PostgreSQL.

Both back ends share the tables, the migrations and the record encryption; they
differ only in where the header lives and in how the engine is opened.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine

from onward.store import db
from onward.store.crypto import SecretKey
from onward.store.header import DbHeaderStore, FileHeaderStore, HeaderStore

SQLCIPHER_KEY_PURPOSE = b"onward-sqlcipher"
_PREPARED: set[str] = set()  # PostgreSQL URLs checked and migrated by this process


class Backend:
    """Opens the header and the database for one configured location."""

    def __init__(
        self,
        *,
        data_dir: Path,
        database_url: str | None,
        header_slot: str = "local",
        owner_url: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.header_slot = header_slot
        # The table owner's URL, for migrations only (docs/hosting.md §3.1); the app
        # itself connects with ``database_url``, a role that owns nothing.
        self.owner_url = owner_url

    @property
    def is_postgres(self) -> bool:
        return self.database_url is not None

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "store.db"

    def pg_engine(self) -> Engine:
        assert self.database_url is not None
        return db.postgres_engine(self.database_url)

    def prepare(self) -> None:
        """Make the data folder, and on PostgreSQL check durability and migrate."""
        db.ensure_private_dir(self.data_dir)
        if self.is_postgres and self.database_url not in _PREPARED:
            engine = self.pg_engine()
            db.check_postgres_durability(engine)
            if db.needs_migration(engine):
                db.migrate_as_owner(self.owner_url or self.database_url or "")
            _PREPARED.add(self.database_url or "")

    def header_store(self) -> HeaderStore:
        if self.is_postgres:
            engine = db.scoped(self.pg_engine(), account=self.header_slot)
            return DbHeaderStore(engine, self.header_slot)
        return FileHeaderStore(self.data_dir / "store.hdr")

    def open_engine(self, dek: SecretKey, *, page_size: int) -> Engine:
        """The engine holding this vault's items (call ``db.migrate`` before use).

        ``page_size`` is the SQLite file's page size from the vault header (unused on
        PostgreSQL)."""
        if self.is_postgres:
            return self.pg_engine()
        page_key = dek.derive(SQLCIPHER_KEY_PURPOSE)
        try:
            engine = db.sqlite_engine(self.sqlite_path, page_key, page_size=page_size)
        finally:
            page_key.wipe()
        db.restrict_files(self.data_dir)
        return engine

    def close_engine(self, engine: Engine) -> None:
        if not self.is_postgres:
            engine.dispose()

    def after_delete(self, engine: Engine) -> None:
        """Storage hygiene after a deletion: truncate the WAL so old pages go (R23)."""
        if not self.is_postgres:
            db.sqlite_pragma(engine, "PRAGMA wal_checkpoint(TRUNCATE)")

    def set_aside_sqlite_files(self, stamp: str) -> str | None:
        """Rename a data file (and its -wal, -shm, -journal) to ``store.db.orphan-STAMP``.

        Returns the new name of the data file, or None if there was nothing to move."""
        moved = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = self.sqlite_path.with_name(self.sqlite_path.name + suffix)
            if path.exists():
                target = path.with_name(f"{self.sqlite_path.name}.orphan-{stamp}{suffix}")
                os.replace(path, target)
                moved = moved or target.name
        return moved


def forget_prepared() -> None:
    """Tests: make the next prepare() check and migrate again."""
    _PREPARED.clear()

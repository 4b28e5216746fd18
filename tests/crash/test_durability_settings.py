"""Durable-commit settings (R46): WAL + synchronous=FULL on every SQLite connection,
and a PostgreSQL that could lose acknowledged commits is refused at startup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import Pool
from tests.conftest import PASSPHRASE, fast_settings

from onward.errors import ConfigError
from onward.services import backup, journal
from onward.services.vault import create_vault, unlock_vault, vault_exists
from onward.store.backend import forget_prepared
from onward.store.db import check_postgres_durability, dispose_engines

SYNCHRONOUS_FULL = 2


def test_sqlite_every_connection_is_wal_and_synchronous_full(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data")
    seen: list[tuple[Any, Any]] = []

    def record(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        cursor.close()
        seen.append((synchronous, mode))

    # On the Pool class: every connection any engine opens from here on, including
    # those of create, unlock and the restore's staging file.
    event.listen(Pool, "connect", record)
    try:
        vault, _ = create_vault(settings, passphrase=PASSPHRASE)
        vault.lock()
        vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
        try:
            entry = journal.add_entry(vault, text="first")
            journal.edit_entry(vault, entry_id=entry.id, text="second")
            journal.list_entries(vault)
            backup.write_backup(vault, tmp_path / "b.bin")
            journal.delete_entry(vault, entry_id=entry.id)
            held = [vault.engine.raw_connection() for _ in range(3)]  # several at once
            for raw in held:
                raw.cursor().execute("SELECT count(*) FROM items").fetchone()
                raw.close()
        finally:
            vault.lock()
        restored = fast_settings(tmp_path / "restored")
        backup.restore_backup(restored, path=tmp_path / "b.bin", passphrase=PASSPHRASE)
    finally:
        event.remove(Pool, "connect", record)
    assert len(seen) >= 5
    assert set(seen) == {(SYNCHRONOUS_FULL, "wal")}


def test_lock_closes_a_pooled_connection_that_was_in_use(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data")
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    idle = vault.engine.raw_connection()
    idle_driver = idle.driver_connection
    idle.close()  # back in the pool, still open
    busy = vault.engine.raw_connection()  # checked out while the vault locks
    busy_driver = busy.driver_connection
    vault.lock()
    busy.close()
    for driver in {id(idle_driver): idle_driver, id(busy_driver): busy_driver}.values():
        with pytest.raises(sqlcipher.ProgrammingError, match="closed"):
            driver.execute("SELECT 1")  # type: ignore[union-attr]


def _database_name(url: str) -> str:
    return url.rpartition("/")[2]


@pytest.mark.pg
def test_postgres_synchronous_commit_off_is_refused(pg_url: str, tmp_path: Path) -> None:
    admin = create_engine(
        pg_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    try:
        check_postgres_durability(admin)  # the test server itself is safe
        with admin.connect() as conn:
            conn.execute(
                text(f'ALTER DATABASE "{_database_name(pg_url)}" SET synchronous_commit = off')
            )
    finally:
        admin.dispose()

    fresh = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with pytest.raises(ConfigError, match="synchronous_commit=off"):
            check_postgres_durability(fresh)  # a new session sees the per-database value
    finally:
        fresh.dispose()

    # And the app refuses to start on it, before any vault is made or opened.
    dispose_engines()
    forget_prepared()
    settings = fast_settings(tmp_path / "data", pg_url)
    with pytest.raises(ConfigError, match="synchronous_commit"):
        vault_exists(settings)
    with pytest.raises(ConfigError, match="synchronous_commit"):
        create_vault(settings, passphrase=PASSPHRASE)

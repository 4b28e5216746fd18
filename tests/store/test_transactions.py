"""SQLite transactions: reads begin DEFERRED and never hold up a save; writes stay IMMEDIATE."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.services import backup, items
from onward.services import vault as vs
from onward.store import db, repos


def test_a_save_goes_through_while_a_long_read_is_open(sqlite_settings: Settings) -> None:
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        items.add(vault, kind="note", data={"n": 1})
        with items.reading(vault) as reader:
            seen = repos.count_items(reader, vault_id=vault.vault_id, kind="note")
            # Under BEGIN IMMEDIATE this save waited busy_timeout (10 s) and then failed.
            items.add(vault, kind="note", data={"n": 2})
            # The read keeps its own snapshot.
            assert repos.count_items(reader, vault_id=vault.vault_id, kind="note") == seen == 1
        assert items.count(vault, kind="note") == 2
    finally:
        vault.lock()


def test_a_write_inside_a_read_fails_and_the_connection_writes_again_after(
    sqlite_settings: Settings,
) -> None:
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        with pytest.raises(OperationalError, match="readonly"), items.reading(vault) as conn:
            repos.insert_item(conn, vault_id=vault.vault_id, item_id="x1", kind="note", body=b"")
        for n in range(db.SQLITE_POOL_SIZE + 1):  # every pooled connection, read then write
            assert items.count(vault, kind="note") == n
            items.add(vault, kind="note", data={"n": n})
        with vault.engine.connect() as conn:
            assert conn.execute(text("PRAGMA query_only")).scalar_one() == 0
    finally:
        vault.lock()


def test_a_write_still_takes_the_write_lock_at_begin(sqlite_settings: Settings) -> None:
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        with items.transaction(vault):
            other = vault.engine.raw_connection()  # a second pooled connection
            try:
                other.cursor().execute("PRAGMA busy_timeout = 0")
                with pytest.raises(sqlcipher.OperationalError, match="locked"):
                    other.cursor().execute("BEGIN IMMEDIATE")
            finally:
                other.invalidate()  # not back into the pool with busy_timeout 0
    finally:
        vault.lock()


def test_backup_reads_without_blocking_saves(sqlite_settings: Settings, tmp_path: Path) -> None:
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        items.add(vault, kind="note", data={"n": 1})
        with items.transaction(vault) as writer:  # a save in progress
            repos.insert_item(writer, vault_id=vault.vault_id, item_id="w1", kind="note", body=b"")
            info = backup.write_backup(vault, tmp_path / "b.onward")  # waited, then failed
        assert info.rows >= 1
    finally:
        vault.lock()

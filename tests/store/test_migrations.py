"""Alembic history and schema guards (R50)."""

from __future__ import annotations

import re

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import SchemaTooNewError
from onward.services import vault as vs
from onward.store import db


def test_migration_history_is_linear_and_dated() -> None:
    script = ScriptDirectory(str(db.MIGRATIONS_DIR))
    heads = script.get_heads()
    assert len(heads) == 1
    revisions = list(script.walk_revisions())
    for rev in revisions:
        assert rev.down_revision is None or isinstance(rev.down_revision, str)
        assert re.match(r"\d{4}_\d{2}_\d{2}_\d{4}_", rev.path.split("/")[-1]), rev.path


def test_database_newer_than_the_code_is_refused(settings: Settings) -> None:
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine = vault.engine
    with pytest.raises(SchemaTooNewError):
        db.migrate(engine)
    vault.lock()


def test_sqlite_connections_are_durable(sqlite_settings: Settings) -> None:
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        assert db.sqlite_pragma(vault.engine, "PRAGMA synchronous") == 2
        assert db.sqlite_pragma(vault.engine, "PRAGMA journal_mode") == "wal"
        assert db.sqlite_pragma(vault.engine, "PRAGMA secure_delete") == 1
    finally:
        vault.lock()


def test_migrations_match_the_table_definitions(settings: Settings) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from onward.store.tables import metadata

    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    try:
        with vault.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        vault.lock()
    assert diff == []

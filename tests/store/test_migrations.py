"""Alembic history and schema guards (R50)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text
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


def _upgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.pg)])
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database with no schema yet (plain SQLite: no key needed)."""
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url").replace("postgresql://", "postgresql+psycopg://")
    else:
        url = f"sqlite:///{tmp_path / 'plain.db'}"
    engine = create_engine(url)
    yield engine
    engine.dispose()


_CONTACT = text(
    "INSERT INTO contacts (id, vault_id, conv_id, ts, channel, kind, role, flags, dismissed,"
    " dedupe, body) VALUES (:id, :vault, :conv, :ts, 'whatsapp', 'text', 1, 0, 0, :dedupe,"
    " :body)"
)


def _contact(n: int, ts: int) -> dict[str, object]:
    return {
        "id": f"{n:032x}",
        "vault": "a" * 32,
        "conv": "c" * 32,
        "ts": ts,
        "dedupe": f"{n:064x}",
        "body": b"sealed %d" % n,
    }


def test_migration_0011_keeps_contacts_and_widens_their_times(bare_engine: Engine) -> None:
    _upgrade(bare_engine, "0010")
    last_32_bit = 2**31 - 1  # 2038-01-19 03:14:07 UTC
    with bare_engine.begin() as conn:
        conn.execute(_CONTACT, _contact(1, last_32_bit))
        table_sql = "SELECT sql FROM sqlite_master WHERE name = 'contacts'"
        sqlite = conn.dialect.name == "sqlite"
        before = conn.execute(text(table_sql)).scalar_one() if sqlite else None
    _upgrade(bare_engine, "0011")
    with bare_engine.begin() as conn:
        conn.execute(_CONTACT, _contact(2, last_32_bit + 1))
        conn.execute(_CONTACT, _contact(3, -(2**31) - 1))  # 1901-12-13 20:45:51 UTC
        rows = conn.execute(text("SELECT seq, id, ts, body FROM contacts ORDER BY seq")).all()
        if sqlite:  # INTEGER is 64-bit already: the table is not rebuilt
            assert conn.execute(text(table_sql)).scalar_one() == before
        else:
            sequence = "pg_get_serial_sequence('contacts', 'seq')"
            conn.execute(text(f"SELECT setval({sequence}, :n)"), {"n": 2**40})
            conn.execute(_CONTACT, _contact(4, 0))
            assert conn.execute(text("SELECT max(seq) FROM contacts")).scalar_one() == 2**40 + 1
    assert [tuple(r) for r in rows] == [
        (n, f"{n:032x}", ts, b"sealed %d" % n)
        for n, ts in ((1, last_32_bit), (2, last_32_bit + 1), (3, -(2**31) - 1))
    ]

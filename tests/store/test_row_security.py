"""PostgreSQL row-level security, the second wall between accounts (R37, migration 0006).

The app connects as a role that owns no table (``pg_roles``), exactly as
docs/hosting.md tells operators to set it up. Every query below is raw SQL without
a WHERE clause, run through the app's own engines, so only the policies stand
between account A and account B's rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.services import accounts, hosted_sessions, journal
from onward.services.accounts import Account
from onward.store import db
from onward.store.ids import new_id
from onward.store.tables import metadata

pytestmark = pytest.mark.pg
OWNER_COLUMNS = {"vault_id", "account_id", "recipient_id", "slot"}


def _tenant_tables() -> set[str]:
    return {
        t.name
        for t in metadata.sorted_tables
        if OWNER_COLUMNS & set(t.columns.keys()) or t.name == "accounts"
    }


def _person(settings: Settings, name: str, superuser: Engine) -> Account:
    """An account with a row in every per-account table (some written as superuser)."""
    account, vault, _ = accounts.sign_up(settings, name=name, passphrase=PASSPHRASE)
    try:
        journal.add_entry(vault, text=f"{name} wrote this")
        hosted_sessions.start_session(settings, account=account, dek=vault.dek, user_agent=None)
    finally:
        vault.lock()
    now = datetime.now(UTC)
    v = account.vault_id
    share_id = new_id()
    rows = {
        "chain_links": {"vault_id": v, "seq": 1, "hash": "0" * 64, "prev": "0" * 64, "body": b"x"},
        "imports": {"id": new_id(), "vault_id": v, "file_sha256": "1" * 64, "body": b"x"},
        "contacts": {
            "id": new_id(),
            "vault_id": v,
            "conv_id": new_id(),
            "ts": 0,
            "channel": "sms",
            "kind": "message",
            "role": 0,
            "flags": 0,
            "dismissed": 0,
            "dedupe": new_id(),
            "body": b"x",
        },
        "shares": {
            "id": share_id,
            "vault_id": v,
            "recipient_id": new_id(),
            "body": b"x",
            "label": b"x",
            "created": now,
            "expires": now + timedelta(days=1),
            "revoked": 0,
        },
        "share_accesses": {"share_id": share_id, "vault_id": v, "at": now},
        "import_jobs": {
            "id": new_id(),
            "vault_id": v,
            "worker_id": new_id(),
            "state": "done",
            "progress": 0,
            "created": now,
            "updated": now,
        },
    }
    with superuser.begin() as conn:
        for table, values in rows.items():
            conn.execute(metadata.tables[table].insert().values(**values))
    return account


def _run(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


def _owners(conn: object, table: str) -> set[str]:
    """Who owns each visible row: ``SELECT * FROM table`` with no WHERE at all."""
    found: set[str] = set()
    for row in conn.execute(text(f"SELECT * FROM {table}")).mappings():  # type: ignore[attr-defined]
        for column in ("vault_id", "account_id", "slot"):
            if column in row:
                found.add(row[column])
        if table == "accounts":
            found.add(row["id"])
            found.add(row["vault_id"])
    return found


def test_row_security_is_on_and_forced_for_every_account_table(
    hosted: Settings, superuser: Engine
) -> None:
    accounts.prepare(hosted)
    with superuser.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
                "pg_get_userbyid(c.relowner), "
                "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
                "FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
            )
        ).all()
    state = {name: (rls, force, owner, n) for name, rls, force, owner, n in rows}
    tenant = _tenant_tables()
    assert tenant >= {"items", "contacts", "imports", "chain_links", "vault_headers"}
    assert tenant >= {"accounts", "hosted_sessions", "shares", "share_accesses"}
    for table in tenant:
        rls, force, owner, policies = state[table]
        assert rls and force and policies >= 1, table
        assert owner == "onward_test_owner", table  # the app role owns nothing
    # Tables without per-account rows stay open to the app role (and hold no content).
    assert not state["login_throttles"][0] and not state["invitations"][0]


def test_row_security_account_a_sees_only_its_rows_without_a_where_clause(
    hosted: Settings, superuser: Engine
) -> None:
    alice = _person(hosted, "alice", superuser)
    bob = _person(hosted, "bob", superuser)
    with superuser.connect() as conn:  # the superuser bypasses policies: both are there
        for table in _tenant_tables():
            assert {alice.vault_id, bob.vault_id, alice.id, bob.id} & _owners(conn, table)
            assert _owners(conn, table) & {bob.vault_id, bob.id}, table
    mine = {alice.id, alice.vault_id}
    with accounts.account_engine(hosted, alice).connect() as conn:
        for table in sorted(_tenant_tables()):
            seen = _owners(conn, table)
            assert seen, f"alice should see her own {table} rows"
            assert seen <= mine, f"{table} leaked another account's rows"
    # The same through the vault's engine the pages use.
    account, dek = accounts.log_in(hosted, name="alice", passphrase=PASSPHRASE, address=None)
    vault = accounts.open_vault(hosted, account=account, dek=dek)
    try:
        with vault.engine.connect() as conn:
            bodies = conn.execute(text("SELECT vault_id FROM items")).scalars().all()
        assert bodies and set(bodies) == {alice.vault_id}
    finally:
        vault.lock()


def test_row_security_without_a_scope_the_app_role_sees_nothing(
    hosted: Settings, superuser: Engine
) -> None:
    _person(hosted, "alice", superuser)
    plain = db.postgres_engine(hosted.database_url.get_secret_value())  # type: ignore[union-attr]
    with plain.connect() as conn:
        for table in sorted(_tenant_tables()):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
    # The system scope reads only what logins, sessions and counts need; never records.
    with accounts.system_engine(hosted).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM accounts")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM hosted_sessions")).scalar_one() == 1
        for table in ("items", "contacts", "imports", "chain_links", "vault_headers"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table


def test_row_security_writes_cannot_reach_another_account(
    hosted: Settings, superuser: Engine
) -> None:
    alice = _person(hosted, "alice", superuser)
    bob = _person(hosted, "bob", superuser)
    engine = accounts.account_engine(hosted, alice)
    with engine.begin() as conn:  # no WHERE: only alice's rows change
        assert conn.execute(text("UPDATE items SET kind = kind")).rowcount >= 1
        conn.execute(text("DELETE FROM contacts"))
        conn.execute(text("DELETE FROM hosted_sessions"))
    insert = f"INSERT INTO items (id, vault_id, kind, body) VALUES ('{new_id()}', "
    insert += f"'{bob.vault_id}', 'x', 'x')"
    with pytest.raises(DBAPIError, match="row-level security"):
        _run(engine, insert)
    with pytest.raises(DBAPIError, match="row-level security"):
        _run(db.system(engine), insert)  # the system scope cannot write records
    with superuser.connect() as conn:
        left = dict(
            conn.execute(text("SELECT vault_id, count(*) FROM contacts GROUP BY vault_id")).all()
        )
        sessions = conn.execute(
            text("SELECT count(*) FROM hosted_sessions WHERE account_id = :a"), {"a": bob.id}
        ).scalar_one()
    assert left == {bob.vault_id: 1}
    assert sessions == 1


def test_row_security_the_app_role_cannot_switch_it_off(hosted: Settings) -> None:
    accounts.prepare(hosted)
    plain = db.postgres_engine(hosted.database_url.get_secret_value())  # type: ignore[union-attr]
    with pytest.raises(DBAPIError, match="must be owner"):
        _run(plain, "ALTER TABLE items DISABLE ROW LEVEL SECURITY")
    with pytest.raises(DBAPIError, match="row-level security"):
        _run(plain, "SET LOCAL row_security = off", "SELECT count(*) FROM items")


def test_row_security_local_sqlite_mode_is_unchanged(sqlite_settings: Settings) -> None:
    from onward.services import vault as vault_service

    vault, _ = vault_service.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        assert db.scoped(vault.engine, account="a", vault="b") is vault.engine
        assert db.system(vault.engine) is vault.engine
        journal.add_entry(vault, text="still works")
        assert journal.list_entries(vault).total == 1
    finally:
        vault.lock()


def test_row_security_local_postgres_mode_works_as_the_app_role(
    pg_roles: tuple[str, str], tmp_path: Path
) -> None:
    """One vault on PostgreSQL without hosted mode: header slot "local", same walls."""
    from onward.services import vault as vault_service

    owner_url, app_url = pg_roles
    settings = fast_settings(tmp_path / "data", app_url, owner_database_url=owner_url)
    vault, _ = vault_service.create_vault(settings, passphrase=PASSPHRASE)
    try:
        journal.add_entry(vault, text="kept")
    finally:
        vault.lock()
    vault, _ = vault_service.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        assert journal.list_entries(vault).total == 1
    finally:
        vault.lock()

"""Shared fixtures: settings on a temporary data folder, on SQLite or real PostgreSQL.

PostgreSQL tests use ONWARD_TEST_DATABASE_URL (an admin URL; each test gets a
fresh database). Without it they are skipped, unless ONWARD_REQUIRE_PG=1 (set
by .ci/run), in which case they fail: CI never silently skips them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from onward.config import Settings
from onward.store.backend import forget_prepared
from onward.store.crypto import FLOOR_KDF
from onward.store.db import dispose_engines

PG_ENV = "ONWARD_TEST_DATABASE_URL"


def fast_settings(data_dir: Path, database_url: str | None = None, **extra: object) -> Settings:
    """Settings with the lowest KDF cost a vault may have (tests stay quick, floor still holds)."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "kdf_memory_kib": FLOOR_KDF.memory_kib,
        "kdf_time_cost": FLOOR_KDF.time_cost,
        "kdf_parallelism": FLOOR_KDF.parallelism,
        "extra_hosts": ("testserver",),
    }
    if database_url is not None:
        values["database_url"] = database_url
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("ONWARD_REQUIRE_PG") == "1":
        pytest.fail(f"{PG_ENV} is not set, but ONWARD_REQUIRE_PG=1")
    return None


def _with_db(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    admin = pg_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL not configured ({PG_ENV})")
    name = "onward_t_" + secrets.token_hex(6)
    engine = create_engine(
        admin.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _with_db(admin, name)
    finally:
        dispose_engines()
        forget_prepared()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


# Roles for running the app as it should run in production (docs/hosting.md §3.1): the
# tables belong to an owner role that only migrates; the app connects as a role that
# owns nothing, so row-level security applies to it (R37). Roles are cluster-wide, so
# they are made once and shared; each test still gets its own database.
OWNER_ROLE, APP_ROLE = "onward_test_owner", "onward_test_app"


def _ensure_role(conn: object, role: str) -> None:
    conn.execute(  # type: ignore[attr-defined]
        text(
            "DO $$ BEGIN CREATE ROLE "
            + role
            + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '"
            + role
            + "'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    )


def _as_role(url: str, role: str) -> str:
    parsed = make_url(url).set(username=role, password=role)
    return parsed.render_as_string(hide_password=False)


@pytest.fixture
def pg_roles(pg_url: str) -> tuple[str, str]:
    """(owner URL, app URL) on a fresh database owned by the owner role."""
    admin = create_engine(
        pg_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = make_url(pg_url).database
    try:
        with admin.connect() as conn:
            for role in (OWNER_ROLE, APP_ROLE):
                _ensure_role(conn, role)
            conn.execute(text(f'ALTER DATABASE "{name}" OWNER TO {OWNER_ROLE}'))
            conn.execute(
                text(
                    f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} IN SCHEMA public "
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}"
                )
            )
            conn.execute(
                text(
                    f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} IN SCHEMA public "
                    f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {APP_ROLE}"
                )
            )
    finally:
        admin.dispose()
    return _as_role(pg_url, OWNER_ROLE), _as_role(pg_url, APP_ROLE)


@pytest.fixture
def hosted(pg_roles: tuple[str, str], tmp_path: Path) -> Settings:
    """Hosted settings as in production: the app connects as a role that owns no table,
    so row-level security is in force (R37). A module that needs the owner's connection
    defines its own ``hosted``."""
    owner_url, app_url = pg_roles
    return fast_settings(
        tmp_path / "data", app_url, hosted=True, signup="open", owner_database_url=owner_url
    )


@pytest.fixture
def superuser(pg_url: str) -> Iterator[Engine]:
    """Reads and changes rows behind the app's back (row security does not apply)."""
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.pg)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on each back end: SQLCipher in a temp folder, and real PostgreSQL."""
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
        return fast_settings(tmp_path / "data", url)
    return fast_settings(tmp_path / "data")


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return fast_settings(tmp_path / "data")


PASSPHRASE = "violet harbour lantern"

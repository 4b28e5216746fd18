"""Engines and migrations. SQLite (SQLCipher, whole-file encrypted) or PostgreSQL.

SQLite connections run in WAL mode with ``synchronous=FULL`` (R46) and
``secure_delete=ON`` (R23). The SQLCipher page key is a sub-key of the vault
key, passed raw so SQLCipher's own KDF is bypassed (security.md §5).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, DisconnectionError, ProgrammingError
from sqlalchemy.pool import QueuePool

from onward.errors import ConfigError, IntegrityError, SchemaTooNewError
from onward.store import wal_guard
from onward.store.crypto import SecretKey

log = logging.getLogger("onward.store")
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# SQLite connections are pooled while the vault is unlocked. With a connection per
# transaction, opening it cost about 5 ms of CPU, and closing the last one
# checkpointed and fsync'd the WAL after every save (docs/benchmarks.md).
SQLITE_POOL_SIZE = 4
SQLITE_POOL_OVERFLOW = 8
# Execution option: this transaction only reads (``read_only(engine)``); SQLite begins it
# DEFERRED with query_only on. PostgreSQL ignores it (MVCC reads never block writes there).
READ_ONLY = "onward_read_only"
# SQLCipher page size of new files (header format 2). 16 KiB pages took 12-20 % off SQLite's
# work per imported row against 4 KiB (fewer pages to encrypt and authenticate; docs/imports.md).
# A file keeps the size it was made with: SQLCipher must be told it on every open, so the
# vault header records it (store/header.py), and vaults made before format 2 stay at 4 KiB.
SQLITE_PAGE_SIZE = 16384
LEGACY_PAGE_SIZE = 4096  # SQLCipher 4's default, the size of every file before header format 2
SQLITE_FULL = 13  # https://sqlite.org/rescode.html#full (also max_page_count reached)
SQLITE_BUSY = 5  # https://sqlite.org/rescode.html#busy: another connection holds the lock
SQLITE_LOCKED = 6
# How long a save waits for another process's save (an import, the web app) to finish.
BUSY_TIMEOUT_MS = wal_guard.BUSY_TIMEOUT_MS
PG_DISK_FULL = "53100"  # SQLSTATE disk_full


def sqlite_engine(path: Path, page_key: SecretKey, *, page_size: int) -> Engine:
    """An engine on an SQLCipher file with pages of ``page_size`` bytes (the size it was
    made with, from the vault header); fails with IntegrityError on a wrong key or size."""
    hex_key = page_key.raw().hex()
    # Before any connection that could checkpoint: a WAL from another copy of the file
    # would be written into it (store/wal_guard.py).
    wal_guard.check_wal(path, hex_key, page_size=page_size)

    def connect() -> Any:
        if not path.exists():  # create it private; SQLite gives -wal/-shm the same mode
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        # cipher_memory_security stays at SQLCipher's default (off): it is process-wide,
        # cannot be turned off again once on, and doubled the cost of every insert (an
        # import of 100,000 messages: 5 s of SQLite CPU instead of 2.5 s). SQLCipher wipes
        # its key material either way; see docs/security-decisions.md.
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlcipher.DatabaseError as exc:
            conn.close()
            raise IntegrityError(
                "The data file could not be opened with this key.",
                hint="It may be damaged. Restore from a backup (onward restore FILE).",
            ) from exc
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    engine = create_engine(
        "sqlite://",
        creator=connect,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=SQLITE_POOL_OVERFLOW,
    )
    _fix_sqlite_transactions(engine)
    _guard_pooled_connections(engine, path)
    return engine


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _guard_pooled_connections(engine: Engine, path: Path) -> None:
    closed = False

    @event.listens_for(engine, "connect")
    def _remember_file(_dbapi_conn: Any, record: Any) -> None:
        record.info["file_id"] = _file_id(path)

    @event.listens_for(engine, "checkout")
    def _same_file(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        # A restore swaps in a new file (os.replace); a pooled connection would go
        # on reading and writing the old, unlinked one. Reconnect instead.
        if record.info.get("file_id") != _file_id(path):
            raise DisconnectionError("the data file was replaced")

    @event.listens_for(engine, "engine_disposed")
    def _disposed(_engine: Engine) -> None:
        nonlocal closed
        closed = True

    @event.listens_for(engine, "checkin")
    def _close_after_lock(dbapi_conn: Any, _record: Any) -> None:
        # Lock disposes the pool; a connection in use at that moment holds the page
        # key, so close it when it comes back rather than keep it (R6).
        if closed and dbapi_conn is not None:
            dbapi_conn.close()


def read_only(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that only read (see ``READ_ONLY``)."""
    return engine.execution_options(**{READ_ONLY: True})


def _fix_sqlite_transactions(engine: Engine) -> None:
    # pysqlite's own transaction handling is off (isolation_level=None above), so
    # SQLAlchemy emits BEGIN itself: one user save is exactly one transaction.
    # Writes take the write lock at BEGIN (IMMEDIATE), so two saves queue on busy_timeout
    # instead of failing when a read lock would have to be upgraded. Reads begin DEFERRED:
    # in WAL mode they never block a save, so a backup or a long report does not hold up
    # the person's writes. query_only makes a stray write in a read fail loudly.
    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        reading = bool(conn.get_execution_options().get(READ_ONLY, False))
        info = conn.connection.info
        if info.get(READ_ONLY, False) != reading:
            conn.exec_driver_sql(f"PRAGMA query_only = {'ON' if reading else 'OFF'}")
            info[READ_ONLY] = reading
        conn.exec_driver_sql("BEGIN DEFERRED" if reading else "BEGIN IMMEDIATE")


_PG_ENGINES: dict[str, Engine] = {}
PG_POOL_SIZE = 8  # per process; hosted mode sets it from ONWARD_DB_POOL_SIZE first


def set_postgres_pool_size(size: int) -> None:
    """Pool size for engines made from now on (call before the first request)."""
    global PG_POOL_SIZE
    PG_POOL_SIZE = size


def postgres_engine(url: str, *, pool_size: int | None = None) -> Engine:
    """One pooled engine per URL for the whole process."""
    engine = _PG_ENGINES.get(url)
    if engine is None:
        size = pool_size or PG_POOL_SIZE
        engine = _PG_ENGINES[url] = _new_postgres_engine(url, pool_size=size)
    return engine


class SharedConnection:
    """One connection and one transaction for a whole web request (hosted mode).

    Every ``items.transaction`` of the request runs on it, so a page costs one pool
    checkout, one BEGIN and one COMMIT instead of one of each per query (the load
    benchmark measured up to 18 per page). The request's saves commit together in
    ``finish`` before the response is sent (R46). An error escaping a block rolls the
    request's transaction back at once: nothing of a failed request is half-saved.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        if self._conn is None:
            self._conn = self.engine.connect()
        conn = self._conn
        if not conn.in_transaction():
            conn.begin()
        try:
            yield conn
        except BaseException:
            if conn.in_transaction():
                conn.rollback()
            raise

    def finish(self, *, commit: bool) -> None:
        """Commit (or roll back) and give the connection back to the pool."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                if commit:
                    conn.commit()
                else:
                    conn.rollback()
        finally:
            conn.close()


def dispose_engines() -> None:
    """Close every pooled PostgreSQL connection (shutdown, tests)."""
    for engine in _PG_ENGINES.values():
        engine.dispose()
    _PG_ENGINES.clear()


def _new_postgres_engine(url: str, *, pool_size: int) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("postgresql+psycopg://"):
        raise ConfigError(
            "ONWARD_DATABASE_URL must be a PostgreSQL URL.",
            hint="Use postgresql://user@host:port/dbname.",
        )
    # pre-ping costs one round trip per checkout; with one checkout per request
    # (SharedConnection) that is one small query per page, kept for robustness after
    # a PostgreSQL restart.
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=30, pool_pre_ping=True
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        set_scope(conn, conn.get_execution_options().get(SCOPE_OPTION, NO_SCOPE))

    return engine


# --- row-level security (PostgreSQL, R37; migration 0006) ---------------------------
# Every transaction on PostgreSQL starts by setting three transaction-local values
# that the row policies compare with each row's owner. An engine carries its scope
# as an execution option: ``scoped(engine, account=..., vault=...)`` for one account,
# ``system(engine)`` for the few lookups made before the account is known. A plain
# engine has an empty scope and sees no per-account row at all. On SQLite (one vault
# per file, whole-file encryption) the same calls return the engine unchanged.

SCOPE_OPTION = "onward_scope"


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose rows a transaction may see: one account and its vault, or the system."""

    account: str = ""
    vault: str = ""
    system: bool = False


NO_SCOPE = Scope()
SYSTEM_SCOPE = Scope(system=True)


def scoped(engine: Engine, *, account: str = "", vault: str = "") -> Engine:
    """The same pool, limited to the rows of one account and its vault (PostgreSQL)."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(**{SCOPE_OPTION: Scope(account, vault)})


def system(engine: Engine) -> Engine:
    """The same pool for system lookups (login by name key, session by token hash,
    counts, expiry): the policies let it read accounts, sessions and shares, and
    delete sessions; nothing else, and it never sees a vault's records."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(**{SCOPE_OPTION: SYSTEM_SCOPE})


def set_scope(conn: Connection, scope: Scope) -> None:
    """Change the scope inside the current transaction (PostgreSQL; no-op on SQLite)."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(
        "SELECT set_config('onward.account', %(a)s, true), "
        "set_config('onward.vault', %(v)s, true), "
        "set_config('onward.system', %(s)s, true)",
        {"a": scope.account, "v": scope.vault, "s": "on" if scope.system else "off"},
    )


def check_postgres_durability(engine: Engine) -> None:
    """Refuse settings that can lose acknowledged writes (R46)."""
    with engine.connect() as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            value = conn.execute(text(f"SHOW {name}")).scalar_one()
            if value != "on":
                raise ConfigError(
                    f"PostgreSQL has {name}={value}; Onward needs it on so saved data is not lost.",
                    hint=f"Set {name} = on in postgresql.conf and restart PostgreSQL.",
                )


def _alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    return head


def needs_migration(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises ResolutionError for an unknown id
        return False


def migrate(engine: Engine) -> None:
    """Upgrade to the newest schema in one transaction; refuse a newer database (R50)."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    current = current_revision(engine)
    if current is not None and not _known(script, current):
        raise SchemaTooNewError(
            "This data was written by a newer version of Onward.",
            hint="Install the newer version; your data has not been changed.",
        )
    if current == script.get_current_head():
        return
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    log.info("schema upgraded")


def migrate_as_owner(url: str) -> None:
    """Migrate with the tables' owner (its own short-lived engine), then close it."""
    engine = _new_postgres_engine(url, pool_size=1)
    try:
        migrate(engine)
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        raise ConfigError(
            "The database role Onward connects with may not change the schema.",
            hint="Set ONWARD_OWNER_DATABASE_URL to the owner role (docs/hosting.md).",
        ) from None
    finally:
        engine.dispose()


def ensure_private_dir(path: Path) -> None:
    """Create the data folder with mode 0700 (R9)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def restrict_files(path: Path) -> None:
    """Make every file in the data folder 0600 (R9)."""
    for child in path.iterdir():
        if child.is_file():
            os.chmod(child, 0o600)


def is_disk_full(exc: BaseException) -> bool:
    """Whether a database error means the disk (or the allowed size) is full (R48)."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF == SQLITE_FULL  # extended codes keep the primary in the low byte
    return getattr(orig, "sqlstate", None) == PG_DISK_FULL


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means another connection held the SQLite file too long."""
    if not isinstance(exc, DBAPIError):
        return False
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code is not None and int(code) & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)


def sqlite_pragma(engine: Engine, sql: str) -> Any:
    """Run a PRAGMA outside any transaction (checkpoints refuse to run inside one)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(sql)
        row = cursor.fetchone()
        cursor.close()
        return row[0] if row else None
    finally:
        raw.close()

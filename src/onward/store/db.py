"""Engines and migrations. SQLite (SQLCipher, whole-file encrypted) or PostgreSQL.

SQLite connections run in WAL mode with ``synchronous=FULL`` (R46) and
``secure_delete=ON`` (R23). The SQLCipher page key is a sub-key of the vault
key, passed raw so SQLCipher's own KDF is bypassed (security.md §5).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError
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


def sqlite_engine(path: Path, page_key: SecretKey) -> Engine:
    """An engine on an SQLCipher file; fails with IntegrityError on a wrong key."""
    hex_key = page_key.raw().hex()
    # Before any connection that could checkpoint: a WAL from another copy of the file
    # would be written into it (store/wal_guard.py).
    wal_guard.check_wal(path, hex_key)

    def connect() -> Any:
        if not path.exists():  # create it private; SQLite gives -wal/-shm the same mode
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        conn.execute("PRAGMA cipher_memory_security = ON")
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
        conn.execute("PRAGMA busy_timeout = 10000")
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


def postgres_engine(url: str, *, pool_size: int = 5) -> Engine:
    """One pooled engine per URL for the whole process."""
    engine = _PG_ENGINES.get(url)
    if engine is None:
        engine = _PG_ENGINES[url] = _new_postgres_engine(url, pool_size=pool_size)
    return engine


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
    return create_engine(url, pool_size=pool_size, pool_pre_ping=True)


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


def ensure_private_dir(path: Path) -> None:
    """Create the data folder with mode 0700 (R9)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def restrict_files(path: Path) -> None:
    """Make every file in the data folder 0600 (R9)."""
    for child in path.iterdir():
        if child.is_file():
            os.chmod(child, 0o600)


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

"""Writes and lookups on the imports table, scoped by vault (R37). Bodies are ciphertext.

``provenance_repo`` holds the read-only listing that reports use; the import service owns
the rows and writes them through this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Final

from sqlalchemy import Connection, select

from onward.store import contacts_repo, repos
from onward.store.tables import contacts, imports


@dataclass(frozen=True, slots=True)
class ImportRow:
    id: str
    file_sha256: str
    body: bytes


def find_by_sha256(conn: Connection, *, vault_id: str, file_sha256: str) -> str | None:
    """The id of an earlier import of the same file, if any."""
    row = conn.execute(
        select(imports.c.id).where(
            imports.c.vault_id == vault_id, imports.c.file_sha256 == file_sha256
        )
    ).one_or_none()
    return str(row.id) if row else None


def insert(
    conn: Connection, *, vault_id: str, import_id: str, file_sha256: str, body: bytes
) -> None:
    conn.execute(
        imports.insert().values(id=import_id, vault_id=vault_id, file_sha256=file_sha256, body=body)
    )


def get(conn: Connection, *, vault_id: str, import_id: str) -> ImportRow | None:
    row = conn.execute(
        select(imports.c.id, imports.c.file_sha256, imports.c.body).where(
            imports.c.vault_id == vault_id, imports.c.id == import_id
        )
    ).one_or_none()
    return ImportRow(row.id, row.file_sha256, row.body) if row else None


def get_many(conn: Connection, *, vault_id: str, import_ids: list[str]) -> list[ImportRow]:
    if not import_ids:
        return []
    rows = conn.execute(
        select(imports.c.id, imports.c.file_sha256, imports.c.body).where(
            imports.c.vault_id == vault_id, imports.c.id.in_(import_ids)
        )
    ).all()
    return [ImportRow(r.id, r.file_sha256, r.body) for r in rows]


# Column order of an imported timeline row as ``insert_contacts`` takes it (every column
# a timeline row has, but seq).
ROW_COLUMNS: Final = (
    "id",
    "vault_id",
    "import_id",
    "conv_id",
    "ts",
    "channel",
    "kind",
    "role",
    "sender_key",
    "flags",
    "dismissed",
    "dedupe",
    "body",
)
# Rows per INSERT statement on SQLite (13 parameters each, well under SQLite's 32,766).
# The driver lets other threads run while SQLite works, once per statement, and the
# writer thread then waits for the interpreter, up to its 5 ms switch interval, while the
# import's own thread builds rows: with 1 row per statement an import's threads mostly
# waited for each other, and 200 still cost up to 2.5 s of waiting per 100,000 rows.
SQLITE_ROWS_PER_STATEMENT = 1000


def _sqlite_bulk(rows: int) -> str:
    one = f"({', '.join('?' * len(ROW_COLUMNS))})"
    return (
        f"INSERT INTO contacts ({', '.join(ROW_COLUMNS)}) VALUES {', '.join([one] * rows)} "
        "ON CONFLICT (vault_id, dedupe) DO NOTHING"
    )


_SQLITE_BULK = _sqlite_bulk(SQLITE_ROWS_PER_STATEMENT)


def existing_dedupes(conn: Connection, *, vault_id: str, dedupes: Sequence[str]) -> set[str]:
    """Which of these dedupe keys are already stored."""
    query = select(contacts.c.dedupe).where(
        contacts.c.vault_id == vault_id, contacts.c.dedupe.in_(list(dedupes))
    )
    return {str(d) for d in conn.execute(query).scalars()}


def insert_contacts(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert timeline rows (tuples in ``ROW_COLUMNS`` order), skipping any whose
    (vault, dedupe) exists; returns rows added.

    On SQLite the rows go straight to the driver, ``SQLITE_ROWS_PER_STATEMENT`` at a time
    (SQLAlchemy's per-row parameter processing cost as much as the insert itself), and the
    count is each statement's ``rowcount`` (``sqlite3_changes``: the rows it inserted, not
    those ``ON CONFLICT`` skipped); elsewhere ``contacts_repo.insert_many`` does it.
    """
    if not rows:
        return 0
    if conn.dialect.name != "sqlite":
        return contacts_repo.insert_many(
            conn, [dict(zip(ROW_COLUMNS, r, strict=True)) for r in rows]
        )
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    added = 0
    try:
        step = SQLITE_ROWS_PER_STATEMENT
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            params = list(chain.from_iterable(part))
            cursor.execute(_SQLITE_BULK if len(part) == step else _sqlite_bulk(len(part)), params)
            added += int(cursor.rowcount)
    finally:
        cursor.close()
    return added


BLOB_CHUNK = 1024 * 1024


def insert_large_item(
    conn: Connection, *, vault_id: str, item_id: str, kind: str, body: memoryview
) -> None:
    """Insert an item whose body is large (a kept export) without copying it whole.

    SQLite copies every bound blob; for a file of 100 MB that doubles the memory an import
    needs. So on SQLite the row is written with a zero blob of the right size and the body
    is streamed into it a megabyte at a time (incremental blob I/O).
    """
    if conn.dialect.name != "sqlite":
        repos.insert_item(conn, vault_id=vault_id, item_id=item_id, kind=kind, body=bytes(body))
        return
    conn.exec_driver_sql(
        "INSERT INTO items (id, vault_id, kind, body) VALUES (?, ?, ?, zeroblob(?))",
        (item_id, vault_id, kind, len(body)),
    )
    seq = int(conn.exec_driver_sql("SELECT last_insert_rowid()").scalar_one())
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    blob = dbapi.open_blob("items", "body", seq)
    try:
        for start in range(0, len(body), BLOB_CHUNK):
            blob.write(body[start : start + BLOB_CHUNK])
    finally:
        blob.close()


# The import connection's page cache, in KiB. Random contact ids land all over the unique
# index; past a few hundred thousand rows an 8 MB cache keeps re-reading and re-encrypting
# its pages (500,000 rows: 24 s of insert CPU with 8 MB, 16 s with 48 MB).
IMPORT_CACHE_KIB = 48 * 1024


def use_import_cache(conn: Connection) -> None:
    """Give a dedicated SQLite import connection its larger page cache."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")

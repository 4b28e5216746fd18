"""Apple Messages on macOS: the ``chat.db`` SQLite database (iMessage, SMS and RCS).

How a person gets it: on the Mac, quit Messages, then copy ``~/Library/Messages/chat.db``
(Finder → Go → Go to Folder…; Terminal needs Full Disk Access to read it). The same database
sits in an unencrypted iPhone backup as ``3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28``.

Decisions:

* Opened read-only and immutable (``mode=ro&immutable=1``) so nothing, not even a journal,
  is ever written next to the evidence, with ``trusted_schema=OFF`` so a crafted database
  cannot make a query call functions. Immutable mode ignores a ``chat.db-wal`` file: when one
  is present, the report warns that the newest messages may be missing (quit Messages and
  copy the three files again).
* Columns vary across macOS versions, so the query is built from the columns present.
  Records come in database order (ROWID): the order they reached the Mac, read as a stream.
* Time: ``date`` counts from the Apple epoch, 2001-01-01 UTC, in seconds on old systems and
  in nanoseconds since macOS 10.13; values above 1e11 are nanoseconds (1e11 s is 5170 AD).
* Text: ``message.text``, or when it is NULL the NSString inside ``attributedBody`` (see
  ``typedstream``). The U+FFFC placeholder that marks where an attachment sat is kept.
* Own messages (``is_from_me``) have sender "Me" and ``outgoing=True``; others are sent by
  the handle's ``id`` (a phone number or e-mail address). The conversation is the chat's
  ``chat_identifier``. ``service`` SMS/RCS gives channel SMS, anything else IMESSAGE.
* ``item_type`` other than 0 (group member added/removed, renamed, left…) gives a SYSTEM
  record with sender None. An unsent message (``date_retracted``) is DELETED; an edited one
  carries a warning; a tapback reaction (``associated_message_type`` 2000–3999) is kept as
  text with a warning. FaceTime calls are not in chat.db and are not imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from onward.errors import ImportFileError
from onward.importers._common import check_size, note, read_head
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.importers.imessage import _rows

SOURCE = "imessage"
VERSION = "1"

DB_FILE = "chat.db"  # the file name inside ~/Library/Messages
SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database
REQUIRED_TABLES = frozenset({"message", "handle", "chat"})
# A damaged schema can make even SQLite's error messages undecodable (found by fuzzing).
DB_ERRORS = (sqlite3.Error, UnicodeDecodeError)
WAL_WARNING = (
    "A chat.db-wal file sits beside this database: the newest messages may be missing. "
    "Quit Messages and copy chat.db, chat.db-wal and chat.db-shm together, then import again."
)


def _db_file(path: Path) -> Path:
    return path / DB_FILE if path.is_dir() else path


def connect(path: Path) -> sqlite3.Connection:
    """Open the database read-only and immutable, with untrusted-schema protection."""
    uri = path.absolute().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    # Invalid UTF-8 in a text column must not abort the import: keep the bytes as surrogates
    # and let clean_text replace them (with a warning) record by record.
    conn.text_factory = lambda data: data.decode("utf-8", "surrogateescape")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


def detect(path: Path) -> bool:
    """True for a Messages chat.db (or a folder holding one)."""
    file = _db_file(path)
    if read_head(file, len(SQLITE_MAGIC)) != SQLITE_MAGIC:
        return False
    try:
        conn = connect(file)
        try:
            return _tables(conn) >= REQUIRED_TABLES
        finally:
            conn.close()
    except DB_ERRORS:
        return False


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield every message in the database, in database order."""
    report.parser_version = VERSION
    file = _db_file(path)
    check_size(file, options)
    wal = file.with_name(file.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        note(report, WAL_WARNING)
    try:
        conn = connect(file)
    except DB_ERRORS:
        raise _not_a_database() from None
    try:
        yield from _read(file, conn, report)
    finally:
        conn.close()


def _not_a_database() -> ImportFileError:
    return ImportFileError(
        "This file is not a readable Messages database",
        hint="Copy ~/Library/Messages/chat.db after quitting Messages.",
    )


def _read(file: Path, conn: sqlite3.Connection, report: ParseReport) -> Iterator[Res]:
    count = 0
    try:
        if not _tables(conn) >= REQUIRED_TABLES:
            raise _not_a_database()
        query = _rows.message_query(conn)
        attachments = _rows.load_attachments(conn)
        for row in conn.execute(query):
            count += 1
            yield _rows.convert(file, row, attachments, report)
    except DB_ERRORS:
        if count == 0:
            raise _not_a_database() from None
        yield _rows.damaged(file, count)

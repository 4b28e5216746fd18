"""A ``store.db-wal`` that does not belong to the ``store.db`` beside it.

SQLite ties a WAL file to its database by nothing but the file name. When someone copies or
restores ``store.db`` by hand and an old ``store.db-wal`` is left beside it, the first
connection replays the old file's pages onto the new one. SQLCipher then fails every page's
HMAC check, and closing that connection checkpoints the foreign pages into ``store.db``:
the data is gone. So before the first read-write connection of an engine, while a WAL with
frames is present, the data file is checked through read-only connections, which never
checkpoint:

1. data file and WAL together (``mode=ro``): readable → nothing to do (a WAL left by a crash
   belongs to its file and is replayed as usual);
2. data file alone (``immutable=1`` ignores the WAL): readable → the WAL is foreign or
   damaged. It is moved aside, never deleted, as ``store.db-wal.foreign-<UTC time>``, and the
   (derived) ``-shm`` index is removed; the data file opens as it was;
3. neither readable → ``IntegrityError``; nothing on disk has been changed.

The check reads every page (``quick_check``), so it costs a full read of the data file, but
only when a WAL with frames is there when the vault is unlocked: after a crash, a hand copy,
or while another process (``onward serve`` and a CLI command) has the vault open.
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from onward.errors import IntegrityError

log = logging.getLogger("onward.store")
# WAL header (https://www.sqlite.org/fileformat.html#the_write_ahead_log): 32 bytes, starting
# with one of two magic numbers; each frame after it is a 24-byte header plus one page.
WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_HEADER_BYTES = 32
FOREIGN_SUFFIX = ".foreign-"
BUSY_TIMEOUT_MS = 10_000


def wal_path(path: Path) -> Path:
    return Path(f"{path}-wal")


def _has_frames(wal: Path) -> bool:
    """Whether SQLite would replay anything from this WAL (a bad header means it ignores it)."""
    try:
        with wal.open("rb") as fh:
            header = fh.read(WAL_HEADER_BYTES)
            if len(header) < WAL_HEADER_BYTES:
                return False
            (magic,) = struct.unpack(">I", header[:4])
            return magic in WAL_MAGICS and wal.stat().st_size > WAL_HEADER_BYTES
    except FileNotFoundError:
        return False


def _readable(uri: str, hex_key: str, page_size: int) -> bool:
    """Whether every page reads and checks out through a connection that cannot write."""
    conn = sqlcipher.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        with contextlib.suppress(sqlcipher.DatabaseError):  # older SQLCipher: no such pragma
            conn.execute("PRAGMA cipher_log_level = NONE")  # expected HMAC failures, not noise
        conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        row = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlcipher.OperationalError:
        raise  # locked or unreadable file: not evidence against the WAL; let the open report it
    except sqlcipher.DatabaseError:
        return False  # "file is not a database" (HMAC check failed), "malformed"
    finally:
        conn.close()
    return row is not None and row[0] == "ok"


def check_wal(
    path: Path, hex_key: str, *, page_size: int, now: datetime | None = None
) -> Path | None:
    """Move a WAL aside that does not belong to ``path``; return where it went, if anywhere.

    Raises:
        IntegrityError: the data file cannot be read with this key even without the WAL.
    """
    wal = wal_path(path)
    if not path.exists() or not _has_frames(wal):
        return None
    uri = path.absolute().as_uri()
    if _readable(f"{uri}?mode=ro", hex_key, page_size):
        return None
    if not _readable(f"{uri}?mode=ro&immutable=1", hex_key, page_size):
        raise IntegrityError(
            "The data file could not be opened with this key. Nothing was changed.",
            hint="It may be damaged, or copied from another vault. "
            "Restore from a backup (onward restore FILE).",
        )
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    aside = wal.with_name(f"{wal.name}{FOREIGN_SUFFIX}{stamp}")
    os.replace(wal, aside)
    Path(f"{path}-shm").unlink(missing_ok=True)  # an index of the old WAL; SQLite rebuilds it
    log.warning("a -wal file that did not belong to the data file was moved aside")
    return aside

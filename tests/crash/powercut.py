"""A simulated power cut for SQLite: an APSW VFS shim that remembers what was synced (R47b, R48).

Every file SQLite opens through the ``PowerCutVFS`` goes to the real file, as usual (that is
the page cache: a crashed process's writes survive, a power cut's need not). Each ``xSync``
additionally copies that file's bytes, as they are at that moment, to a snapshot folder (a
temporary copy, then ``os.replace``, so a kill during the copy leaves the previous image).
``power_cut`` then does what losing power would do to the folder: each file goes back to its
last synced image, and a file never synced loses its content (the ``-shm`` index, which
SQLite writes through ``mmap`` and never syncs, is always lost, as after a reboot).

What it models: loss at file granularity, at any point between two syncs, of every write
since that file's last sync. What it does not model: torn or reordered sectors within a
synced range, writes that reach the disk before their sync, and directory entries (a file
created or deleted stays created or deleted). ``xDelete`` drops the snapshot too.

The same shim injects disk-full errors for R48: ``writes_until_full`` counts ``xWrite``
calls down and raises ``SQLITE_FULL`` (``apsw.FullError``) when it reaches zero.

The schema and the statements are Onward's own (``onward.store.tables``), compiled by
SQLAlchemy's SQLite dialect, with the PRAGMAs of ``onward.store.db.sqlite_engine``. APSW
bundles plain SQLite without SQLCipher; security.md R47(b) allows that, and the kill -9 test
covers the SQLCipher files.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import apsw
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from onward.store.crypto import RecordCipher, SecretKey, record_aad
from onward.store.db import SQLITE_PAGE_SIZE
from onward.store.tables import items, metadata

DB_NAME = "store.db"
SNAP_DIR = "synced"  # beside the database folder, never inside it
KIND = "note"
VAULT_ID = "0" * 32

_DIALECT = sqlite.dialect(paramstyle="named")


def schema_sql() -> list[str]:
    """Onward's tables and indexes as SQLAlchemy compiles them for SQLite."""
    statements: list[str] = []
    for table in metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=_DIALECT)))
        statements.extend(
            str(CreateIndex(index).compile(dialect=_DIALECT))
            for index in sorted(table.indexes, key=lambda ix: str(ix.name))
        )
    return statements


# What ``store.repos.insert_item`` runs (seq comes from AUTOINCREMENT).
INSERT_ITEM = str(
    items.insert().compile(dialect=_DIALECT, column_keys=["id", "vault_id", "kind", "body"])
)
SELECT_ITEMS = "SELECT seq, id, body FROM items WHERE vault_id = :vault_id AND kind = :kind"


def pragmas(synchronous: str) -> list[str]:
    """The PRAGMAs ``store.db.sqlite_engine`` sets, with ``synchronous`` chosen by the test."""
    return [
        f"PRAGMA page_size = {SQLITE_PAGE_SIZE}",  # SQLCipher's cipher_page_size, new files
        "PRAGMA journal_mode = WAL",
        f"PRAGMA synchronous = {synchronous}",
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 10000",
    ]


def cipher(tag: str) -> RecordCipher:
    """The record cipher of one trial (a test key derived from its tag)."""
    return RecordCipher(SecretKey(tag.encode().ljust(32, b"k")[:32]))


def encrypt_entry(box: RecordCipher, item_id: str, text: str) -> bytes:
    data = json.dumps({"text": text}, separators=(",", ":")).encode()
    return box.encrypt(data, record_aad(VAULT_ID, "items", item_id, KIND))


def decrypt_entry(box: RecordCipher, item_id: str, body: bytes) -> str:
    text: str = json.loads(box.decrypt(body, record_aad(VAULT_ID, "items", item_id, KIND)))["text"]
    return text


class PowerCutFile(apsw.VFSFile):
    """A file of the default VFS whose syncs are remembered as snapshots."""

    def __init__(self, vfs: PowerCutVFS, name: Any, flags: list[int]) -> None:
        super().__init__("", name, flags)
        self.vfs = vfs
        path = name.filename() if isinstance(name, apsw.URIFilename) else name
        self.path = Path(path) if path else None

    def xWrite(self, data: Any, offset: int) -> None:
        self.vfs.count_write()
        super().xWrite(data, offset)

    def xSync(self, flags: int) -> None:
        # No real fsync: the snapshot is what "synced" means here, and skipping the
        # disk keeps the trials quick.
        del flags
        if self.path is not None:
            self.vfs.snapshot(self.path)


class PowerCutVFS(apsw.VFS):
    """Registers as ``name``; snapshots every synced file into ``snapshots``."""

    def __init__(self, name: str, snapshots: Path) -> None:
        self.name = name
        self.snapshots = snapshots
        self.writes_until_full: int | None = None
        self.writes = 0
        snapshots.mkdir(parents=True, exist_ok=True)
        super().__init__(name, "")

    def xOpen(self, name: Any, flags: list[int]) -> PowerCutFile:
        return PowerCutFile(self, name, flags)

    def xDelete(self, filename: str, syncdir: bool) -> None:
        super().xDelete(filename, syncdir)
        (self.snapshots / Path(filename).name).unlink(missing_ok=True)

    def count_write(self) -> None:
        self.writes += 1
        if self.writes_until_full is not None:
            self.writes_until_full -= 1
            if self.writes_until_full <= 0:
                raise apsw.FullError("injected: disk full")

    def snapshot(self, path: Path) -> None:
        target = self.snapshots / path.name
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(path, partial)
        os.replace(partial, target)


def power_cut(folder: Path, snapshots: Path) -> list[str]:
    """Put every file in ``folder`` back to its last synced image; the names that changed."""
    changed: list[str] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        before = path.read_bytes()
        image = snapshots / path.name
        if image.exists():
            shutil.copyfile(image, path)
        else:
            os.truncate(path, 0)
        if path.read_bytes() != before:
            changed.append(path.name)
    return changed


def open_plain(path: Path) -> apsw.Connection:
    """A connection through the default VFS, as the app would reopen the file."""
    conn = apsw.Connection(str(path))
    for pragma in pragmas("FULL"):
        conn.execute(pragma)
    return conn


@contextmanager
def registered(name: str, snapshots: Path) -> Iterator[PowerCutVFS]:
    vfs = PowerCutVFS(name, snapshots)
    try:
        yield vfs
    finally:
        vfs.unregister()


def integrity(conn: apsw.Connection) -> str:
    row = conn.execute("PRAGMA integrity_check").fetchone()
    assert row is not None
    return str(row[0])


def stored_entries(conn: apsw.Connection, box: RecordCipher) -> dict[str, tuple[int, str]]:
    """Every entry in the file: id -> (seq, decrypted text)."""
    out: dict[str, tuple[int, str]] = {}
    for seq, item_id, body in conn.execute(SELECT_ITEMS, {"vault_id": VAULT_ID, "kind": KIND}):
        assert isinstance(seq, int) and isinstance(item_id, str) and isinstance(body, bytes)
        out[item_id] = (seq, decrypt_entry(box, item_id, body))
    return out

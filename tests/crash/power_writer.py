"""Power-cut writers: save entries through the ``PowerCutVFS`` shim until killed (R47b).

A fork server like ``writer.py`` (same lines on stdout: FORK, READY, ACK, EXIT; see
there), so ``harness.WriterServer(script=...)`` drives it. Requests on stdin, two lines
each: ``<tag> <limit or ->``, then a JSON object ``{"folder", "snapshots",
"synchronous"}``. The writer creates Onward's schema in ``folder/store.db`` through the
shim, checkpoints it, says READY, then saves one encrypted entry per transaction
(``BEGIN IMMEDIATE``, insert, ``COMMIT``) and prints ACK only after COMMIT returned.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from pathlib import Path

import apsw
from tests.crash.powercut import (
    DB_NAME,
    INSERT_ITEM,
    KIND,
    VAULT_ID,
    PowerCutVFS,
    cipher,
    encrypt_entry,
    pragmas,
    schema_sql,
)
from tests.crash.writer import emit, entry_text

from onward.store.ids import new_id

VFS_NAME = "powercut"


def _scalar(conn: apsw.Connection, sql: str) -> object:
    row = conn.execute(sql).fetchone()
    return row[0] if row else None


def write(tag: str, limit: int | None, config: dict[str, str]) -> None:
    folder, snapshots = Path(config["folder"]), Path(config["snapshots"])
    vfs = PowerCutVFS(VFS_NAME, snapshots)
    conn = apsw.Connection(str(folder / DB_NAME), vfs=vfs.name)
    for pragma in pragmas(config["synchronous"]):
        conn.execute(pragma)
    conn.execute("BEGIN IMMEDIATE")
    for statement in schema_sql():
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the schema is on disk before any entry
    pid = os.getpid()
    emit(
        "READY",
        {
            "pid": pid,
            "synchronous": _scalar(conn, "PRAGMA synchronous"),
            "journal_mode": _scalar(conn, "PRAGMA journal_mode"),
        },
    )
    box, rng = cipher(tag), random.Random(tag)
    i = 0
    while limit is None or i < limit:
        text, item_id = entry_text(tag, i, rng), new_id()
        body = encrypt_entry(box, item_id, text)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(INSERT_ITEM, {"id": item_id, "vault_id": VAULT_ID, "kind": KIND, "body": body})
        seq = conn.last_insert_rowid()
        conn.execute("COMMIT")
        emit("ACK", {"pid": pid, "i": i, "id": item_id, "seq": seq, "text": text})
        i += 1
    conn.close()


def serve() -> int:
    """Fork one writer per request on stdin; report each one's end."""
    while True:
        request = sys.stdin.readline().split()
        if not request:
            return 0
        tag, limit = request[0], None if request[1] == "-" else int(request[1])
        config = json.loads(sys.stdin.readline())
        pid = os.fork()
        if pid == 0:  # the writer; this server holds no connection
            code = 0
            try:
                write(tag, limit, config)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        emit("FORK", {"pid": pid})
        _, status = os.waitpid(pid, 0)
        emit("EXIT", {"pid": pid, "status": status})


if __name__ == "__main__":
    sys.exit(serve())

"""Crash-test writers: unlock a vault and save journal entries until killed (R47).

Run by the crash tests with the test's interpreter, as a small fork server:
it imports the app once, then for each request forks a writer process, so a
test can kill many writers without paying for the imports each time. Settings
come from ``ONWARD_*`` environment variables (data folder, KDF cost, database
URL); the passphrase comes on stdin, never argv or env (R8).

Requests on stdin, two lines each: ``<tag> <limit or -> [mixed]`` then the
passphrase. A ``mixed`` writer saves journal entries (even ``i``) and
evidence-log entries (odd ``i``, each one a link on the hash chain) in turn.
Lines on stdout, each flushed at once:

* ``FORK {"pid": ...}`` from the server when it has started a writer;
* ``READY {"pid": ..., "synchronous": 2, "journal_mode": "wal"}`` once the
  writer has unlocked (the pragmas are null on PostgreSQL);
* ``ACK {"pid": ..., "i": 0, "id": "...", "seq": 1, "text": "..."}`` after
  each ``add_entry`` has returned, that is, after its commit (a log entry's
  ack has ``"kind": "log"``, its entry id and ``seq`` 0);
* ``EXIT {"pid": ..., "status": ...}`` from the server once a writer is gone
  (its ``os.waitpid`` status), after every line the writer printed.

Each text starts with the sentinel ``sentinel <tag>:<i> `` so the parent can
match every acknowledgement, and every unacknowledged row, to its writer.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from datetime import UTC, datetime

from onward.config import Settings
from onward.services import evidence_log
from onward.services.journal import add_entry
from onward.services.vault import Vault, unlock_vault
from onward.store.db import sqlite_pragma

WORDS = ("the", "keys", "are", "on", "table", "I", "left", "at", "nine", "he", "called", "again")


def entry_text(tag: str, i: int, rng: random.Random) -> str:
    """A single-line text of 60-600 characters that starts with its sentinel."""
    filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 120)))
    return f"sentinel {tag}:{i} {filler}"


def emit(kind: str, payload: dict[str, object]) -> None:
    sys.stdout.write(f"{kind} {json.dumps(payload)}\n")
    sys.stdout.flush()


def save(vault: Vault, text: str, *, log: bool) -> dict[str, object]:
    """One save through the real service; what its acknowledgement carries."""
    if log:
        data = evidence_log.EntryInput(occurred_at=datetime.now(UTC), channel="phone", what=text)
        logged = evidence_log.add_entry(vault, data)
        return {"id": logged.entry_id, "seq": 0, "kind": "log"}
    entry = add_entry(vault, text=text)
    return {"id": entry.id, "seq": entry.seq}


def write(tag: str, limit: int | None, passphrase: str, *, mixed: bool = False) -> None:
    """The writer: unlock, then save entries one by one, acknowledging each."""
    settings = Settings()
    vault, _ = unlock_vault(settings, passphrase=passphrase)
    pid = os.getpid()
    ready: dict[str, object] = {"pid": pid, "synchronous": None, "journal_mode": None}
    if not settings.uses_postgres:
        ready["synchronous"] = sqlite_pragma(vault.engine, "PRAGMA synchronous")
        ready["journal_mode"] = sqlite_pragma(vault.engine, "PRAGMA journal_mode")
    emit("READY", ready)
    rng = random.Random(tag)
    i = 0
    while limit is None or i < limit:
        text = entry_text(tag, i, rng)
        saved = save(vault, text, log=mixed and i % 2 == 1)
        emit("ACK", {"pid": pid, "i": i, "text": text, **saved})
        i += 1
    vault.lock()


def serve() -> int:
    """Fork one writer per request on stdin; report each one's end."""
    while True:
        request = sys.stdin.readline().split()
        if not request:
            return 0
        tag, limit = request[0], None if request[1] == "-" else int(request[1])
        mixed = request[2:] == ["mixed"]
        passphrase = sys.stdin.readline().rstrip("\n")
        pid = os.fork()
        if pid == 0:  # the writer; nothing in this server has a connection or a thread
            code = 0
            try:
                write(tag, limit, passphrase, mixed=mixed)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        passphrase = ""
        emit("FORK", {"pid": pid})
        _, status = os.waitpid(pid, 0)
        emit("EXIT", {"pid": pid, "status": status})


if __name__ == "__main__":
    sys.exit(serve())

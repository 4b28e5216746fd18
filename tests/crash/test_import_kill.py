"""An import killed half-way (SIGKILL) leaves nothing visible, and can simply be run again.

The whole import is one transaction: rows, the import record, the kept original, the chats'
who-is-who items and the chain link. A subprocess imports about 200,000 messages; the test
kills it once it has stored several batches, reopens the vault and finds no trace, then
imports the same file again in-process.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.conftest import PASSPHRASE
from tests.crash.harness import settings_env

from onward.config import Settings
from onward.importers.base import ParseOptions
from onward.services import items
from onward.services.imports import run_import
from onward.services.vault import create_vault, unlock_vault
from onward.store.db import sqlite_pragma
from onward.store.tables import chain_links, contacts, imports
from onward.store.tables import items as items_table

pytestmark = [pytest.mark.crash, pytest.mark.slow]
RUNNER = Path(__file__).with_name("import_runner.py")
MESSAGES = 200_000
KILL_AFTER = 20_000  # records read and stored in batches before the kill
TIMEOUT_S = 600


def write_export(path: Path, n: int) -> None:
    """A WhatsApp-style export with ``n`` messages, one a minute from 1 March 2021."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            day, minute = divmod(i, 1440)
            month, day = (3 + day // 28, 1 + day % 28)
            out.write(
                f"{day:02d}/{month % 12 + 1:02d}/{2021 + month // 12}, {minute // 60:02d}:"
                f"{minute % 60:02d} - {'Sam' if i % 3 else 'Alex'}: message number {i}\n"
            )


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children]


def _wait_gone(pids: list[int], timeout_s: float = 30) -> None:
    """Wait until none of ``pids`` runs (gone, or a zombie waiting to be reaped)."""
    deadline = time.monotonic() + timeout_s
    while True:
        running = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (FileNotFoundError, ProcessLookupError):
                continue
            if state != "Z":
                running.append(pid)
        if not running:
            return
        assert time.monotonic() < deadline, f"helper processes still running: {running}"
        time.sleep(0.1)


def _counts(settings: Settings) -> dict[str, int]:
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        if not settings.uses_postgres:
            assert sqlite_pragma(vault.engine, "PRAGMA integrity_check") == "ok"
        with items.transaction(vault) as conn:
            found = {
                name: int(
                    conn.execute(
                        select(func.count())
                        .select_from(table)
                        .where(table.c.vault_id == vault.vault_id)
                    ).scalar_one()
                )
                for name, table in (
                    ("contacts", contacts),
                    ("imports", imports),
                    ("links", chain_links),
                )
            }
            found["kept"] = int(
                conn.execute(
                    select(func.count())
                    .select_from(items_table)
                    .where(items_table.c.kind.in_(("original", "conv")))
                ).scalar_one()
            )
        return found
    finally:
        vault.lock()


def test_killed_import_leaves_nothing_and_runs_again(settings: Settings, tmp_path: Path) -> None:
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    vault.lock()
    export = tmp_path / "WhatsApp Chat with Sam.txt"
    write_export(export, MESSAGES)
    progressed = 0
    with (
        (tmp_path / "runner.log").open("wb") as log,
        subprocess.Popen(
            [sys.executable, str(RUNNER), str(export)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=settings_env(settings),
            text=True,
        ) as proc,
    ):
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PASSPHRASE + "\n")
        proc.stdin.flush()
        for line in proc.stdout:
            assert not line.startswith("DONE"), "the import finished before it could be killed"
            if line.startswith("PROGRESS"):
                progressed = int(line.split()[1])
                if progressed >= KILL_AFTER:
                    break
        helpers = _children(proc.pid)  # the import's helper process (a large export)
        proc.kill()
        proc.wait(timeout=TIMEOUT_S)
    assert progressed >= KILL_AFTER, (tmp_path / "runner.log").read_text()
    assert helpers, "a large export is prepared in a helper process"
    _wait_gone(helpers)  # it stops by itself once the import is gone
    assert _counts(settings) == {"contacts": 0, "imports": 0, "links": 0, "kept": 0}

    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        result = run_import(vault, export, options=ParseOptions(timezone="UTC"))
    finally:
        vault.lock()
    assert (result.messages, result.added, result.duplicate) == (MESSAGES, MESSAGES, False)
    assert _counts(settings) == {"contacts": MESSAGES, "imports": 1, "links": 1, "kept": 2}

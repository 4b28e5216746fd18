"""kill -9 during writes loses no acknowledged entry and never corrupts the store (R47a, c).

Writer processes (forked by ``writer.py``, see ``harness.py``) save journal
entries through the real service and print an acknowledgement after each
commit returns. The test kills each writer with SIGKILL after a random number
of acknowledgements plus a random delay (seeded), reopens the vault as the app
would, and checks: integrity_check is ok (SQLite), every acknowledged entry is
there and decrypts to its text, and at most the one save in flight at the kill
was added unacknowledged. The same vault takes every kill in turn. On
PostgreSQL the writer is killed, not the server (R47(c)-lite).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, fast_settings
from tests.crash.harness import Ack, Writer, WriterServer

from onward.config import Settings
from onward.services.journal import Entry, all_entries
from onward.services.vault import create_vault, unlock_vault
from onward.store.db import sqlite_pragma

SEED = 20261121
MAX_ACKS = 40
SQLITE_ROUNDS = 50  # security.md R47: about 50 iterations in CI
PG_ROUNDS = 10
# Kill at a random moment after the k-th ack, so it lands anywhere in the next save.
MAX_KILL_DELAY_S = 0.03

pytestmark = pytest.mark.crash


def _reopen(settings: Settings) -> list[Entry]:
    """Unlock as the app would after a crash; check the file, return every entry."""
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        if not settings.uses_postgres:
            assert sqlite_pragma(vault.engine, "PRAGMA integrity_check") == "ok"
        return all_entries(vault)
    finally:
        vault.lock()


def _check_round(
    entries: list[Entry], acked: dict[str, Ack], writer: Writer, known: set[str]
) -> set[str]:
    """Every ack is present with its text; returns the ids nobody acknowledged."""
    by_id = {e.id: e for e in entries}
    for ack in acked.values():
        entry = by_id.get(ack.id)
        assert entry is not None, f"acknowledged entry {ack.i} of {ack.text[:20]!r} is lost"
        assert entry.text == ack.text
        assert entry.seq == ack.seq
    unacked = set(by_id) - set(acked) - known
    # Only the save in flight at the kill may have committed without its ack.
    assert len(unacked) <= 1, f"{len(unacked)} unacknowledged entries appeared"
    for item_id in unacked:
        assert by_id[item_id].text.startswith(f"sentinel {writer.tag}:{len(writer.acks)} ")
    return unacked


def _kill_loop(settings: Settings, tmp_path: Path, rounds: int) -> None:
    rng = random.Random(SEED)
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    vault.lock()
    acked: dict[str, Ack] = {}
    unacked: set[str] = set()
    server = WriterServer(settings, log=tmp_path / "writers.log")
    try:
        for round_no in range(rounds):
            k = rng.randint(1, MAX_ACKS)
            writer = server.start(tag=f"r{round_no}", passphrase=PASSPHRASE)
            try:
                ready = writer.wait_ready()
                writer.wait_acks(k)
                time.sleep(rng.uniform(0, MAX_KILL_DELAY_S))
            finally:
                writer.kill()
            assert writer.killed_by_sigkill, writer.exit_status
            if not settings.uses_postgres:
                assert (ready["synchronous"], ready["journal_mode"]) == (2, "wal")  # R46
            acked.update((a.id, a) for a in writer.acks)
            try:
                unacked |= _check_round(_reopen(settings), acked, writer, unacked)
            except AssertionError as exc:
                context = f"seed {SEED}, round {round_no}, k={k}, acks={len(writer.acks)}"
                raise AssertionError(f"{context}: {exc}") from exc
    finally:
        server.close()
    assert len(acked) >= rounds


def test_kill9_sqlite_keeps_every_acknowledged_entry(tmp_path: Path) -> None:
    _kill_loop(fast_settings(tmp_path / "data"), tmp_path, SQLITE_ROUNDS)


@pytest.mark.pg
def test_kill9_postgres_writer_keeps_every_acknowledged_entry(pg_url: str, tmp_path: Path) -> None:
    _kill_loop(fast_settings(tmp_path / "data", pg_url), tmp_path, PG_ROUNDS)

"""PostgreSQL stopped in "immediate" mode during saves loses no acknowledged entry (R47c).

The test runs its own throwaway cluster (``initdb`` and ``pg_ctl`` from
``ONWARD_TEST_PGBIN``, in a temporary folder, as the ``postgres`` user when the tests run as
root), with PostgreSQL's durable defaults (``fsync``, ``synchronous_commit`` and
``full_page_writes`` on; the app refuses anything else, R46). A writer (``writer.py``, mixed
mode) saves journal entries and evidence-log entries through the real services and
acknowledges each after its commit. After a random number of acknowledgements the test runs
``pg_ctl stop -m immediate`` (the server quits without a checkpoint, as after a crash),
starts the cluster again, which replays its WAL, and checks: every acknowledged entry is
there and decrypts to its text, at most the save in flight was added, and the hash chain
verifies with one link per log entry. The same cluster takes every stop in turn.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, fast_settings
from tests.crash.harness import Ack, Writer, WriterServer

from onward.config import Settings
from onward.services import chain_store, evidence_log, journal
from onward.services.vault import create_vault, unlock_vault
from onward.store.backend import forget_prepared
from onward.store.db import dispose_engines

pytestmark = [pytest.mark.crash, pytest.mark.pg]

PGBIN_ENV = "ONWARD_TEST_PGBIN"
SEED = 20261124
ROUNDS = 6
MAX_ACKS = 20
MAX_STOP_DELAY_S = 0.03
PG_USER = "postgres"  # who runs the server when the tests run as root (initdb refuses root)
TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    """A private PostgreSQL cluster in ``folder``, run by ``pg_ctl``."""

    bin: Path
    folder: Path
    port: int
    user: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        result = subprocess.run(
            [str(self.bin / tool), *args],
            cwd=self.folder,
            user=self.user,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise AssertionError(f"{tool} {args[:1]} failed:\n{result.stderr}\n{tail}")

    def init(self) -> None:
        self.run(
            "initdb",
            *("-D", str(self.data), "-A", "trust", "-U", "postgres"),
            *("-E", "UTF8", "--locale=C", "--no-sync"),  # only initdb's own final sync
        )

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        self.run(
            "pg_ctl",
            *("-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log")),
            *("-w", "-t", str(TIMEOUT_S), "start"),
        )

    def stop(self, mode: str) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    folder_name = os.environ.get(PGBIN_ENV)
    if not folder_name:
        pytest.skip(f"{PGBIN_ENV} is not set (PostgreSQL's bin folder, with initdb and pg_ctl)")
    pgbin = Path(folder_name)
    if not (pgbin / "initdb").exists():
        pytest.fail(f"{PGBIN_ENV}={pgbin} has no initdb")
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="onward-pg-crash-"))
    if as_root:
        shutil.chown(folder, PG_USER, PG_USER)
    found = Cluster(pgbin, folder, _free_port(), PG_USER if as_root else None)
    running = False
    try:
        found.init()
        found.start()
        running = True
        yield found
    finally:
        dispose_engines()
        forget_prepared()
        if running:
            try:
                found.stop("fast")
            except AssertionError:
                found.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def _check(
    settings: Settings, acked: dict[str, Ack], writer: Writer, known: set[str], links_at_start: int
) -> set[str]:
    """Every ack is there with its text and the chain verifies; the ids nobody acked."""
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        notes = {e.id: e.text for e in journal.all_entries(vault)}
        logs = {e.entry_id: e.latest.data["what"] for e in evidence_log.list_entries(vault)}
        check = chain_store.verify_vault_chain(vault)
    finally:
        vault.lock()
    assert check.ok, check
    assert check.length == links_at_start + len(logs)  # one link per log entry
    found = {**notes, **logs}
    for ack in acked.values():
        where = logs if ack.kind == "log" else notes
        assert where.get(ack.id) == ack.text, f"acknowledged entry {ack.i} ({ack.kind}) is lost"
    unacked = set(found) - set(acked) - known
    assert len(unacked) <= 1, f"{len(unacked)} unacknowledged entries appeared"
    for item_id in unacked:  # only the save in flight at the stop
        assert found[item_id].startswith(f"sentinel {writer.tag}:{len(writer.acks)} ")
    return unacked


def test_postgres_immediate_stop_keeps_every_acknowledged_entry(
    cluster: Cluster, tmp_path: Path
) -> None:
    settings = fast_settings(tmp_path / "data", cluster.url)
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    try:
        links_at_start = chain_store.verify_vault_chain(vault).length
    finally:
        vault.lock()
    rng = random.Random(SEED)
    acked: dict[str, Ack] = {}
    unacked: set[str] = set()
    server = WriterServer(settings, log=tmp_path / "writers.log")
    try:
        for round_no in range(ROUNDS):
            k = rng.randint(1, MAX_ACKS)
            writer = server.start(tag=f"p{round_no}", passphrase=PASSPHRASE, mixed=True)
            try:
                writer.wait_acks(k)
                time.sleep(rng.uniform(0, MAX_STOP_DELAY_S))
                cluster.stop("immediate")  # the server dies mid-save; the writer then fails
                writer.wait_exit()
            finally:
                writer.kill()  # only if it is somehow still running
            # It was still saving: the lost server made its next save fail (exit 1).
            status = writer.exit_status
            assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1
            dispose_engines()  # this process's pooled connections died with the server
            cluster.start()
            acked.update((a.id, a) for a in writer.acks)
            try:
                unacked |= _check(settings, acked, writer, unacked, links_at_start)
            except AssertionError as exc:
                context = f"seed {SEED}, round {round_no}, k={k}, acks={len(writer.acks)}"
                raise AssertionError(f"{context}: {exc}") from exc
    finally:
        server.close()
    assert len(acked) >= ROUNDS
    assert any(a.kind == "log" for a in acked.values())

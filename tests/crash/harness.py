"""Writer processes the crash tests can read acknowledgements from and kill -9.

``WriterServer`` runs ``writer.py`` (same interpreter, settings in the
environment, passphrases on its stdin pipe). Each ``Writer`` it starts is a
separate process forked from it, which a test kills with SIGKILL.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from onward.config import Settings

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]  # so a writer script can import tests.crash.*
START_TIMEOUT_S = 60.0
ACK_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Ack:
    """One entry the writer saw committed before it said so."""

    i: int
    id: str
    seq: int
    text: str
    kind: str = "note"  # "log" for an evidence-log entry (a ``mixed`` writer)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment a writer needs: this process's, minus ONWARD_*, plus the settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONWARD_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    env["ONWARD_DATA_DIR"] = str(settings.data_dir)
    env["ONWARD_KDF_MEMORY_KIB"] = str(settings.kdf_memory_kib)
    env["ONWARD_KDF_TIME_COST"] = str(settings.kdf_time_cost)
    env["ONWARD_KDF_PARALLELISM"] = str(settings.kdf_parallelism)
    if settings.database_url is not None:
        env["ONWARD_DATABASE_URL"] = settings.database_url.get_secret_value()
    return env


class WriterServer:
    """``writer.py`` in a subprocess; it forks one writer process per ``start``."""

    def __init__(self, settings: Settings, *, log: Path, script: Path = WRITER) -> None:
        self.log = log
        self._stderr = log.open("wb")
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            [sys.executable, str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=settings_env(settings),
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def start(
        self, *, tag: str, passphrase: str, limit: int | None = None, mixed: bool = False
    ) -> Writer:
        """Fork a writer that unlocks with ``passphrase`` and saves until killed.

        A ``mixed`` writer alternates journal entries and evidence-log entries (each
        of which adds a link to the hash chain).
        """
        head = f"{tag} {'-' if limit is None else limit}{' mixed' if mixed else ''}"
        return self.launch(tag, head, passphrase)

    def launch(self, tag: str, head: str, secret: str) -> Writer:
        """Send one two-line request (``head``, then ``secret``) and follow its writer."""
        stdin: IO[str] | None = self.proc.stdin
        assert stdin is not None
        stdin.write(f"{head}\n{secret}\n")
        stdin.flush()
        return Writer(self, tag)

    def line(self, timeout: float) -> tuple[str, dict[str, Any]]:
        """The next complete line from the server or its writers, parsed."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no writer output for {timeout} s\n{self.stderr()}") from None
        if line is None:
            self._lines.put(None)
            raise AssertionError(f"the writer server ended early\n{self.stderr()}")
        if not line.endswith("\n"):
            return "CUT", {}  # cut off by a kill: never fully acknowledged
        kind, _, payload = line.partition(" ")
        return kind, json.loads(payload)

    def pending(self) -> bool:
        return not self._lines.empty()

    def stderr(self) -> str:
        self._stderr.flush()
        return "stderr:\n" + self.log.read_text(errors="replace")[-4000:]

    def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._reader.join(timeout=10)
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self._stderr.close()


class Writer:
    """One writer process: its acknowledgements so far, and a way to kill it."""

    def __init__(self, server: WriterServer, tag: str) -> None:
        self.server = server
        self.tag = tag
        self.acks: list[Ack] = []
        self.ready: dict[str, Any] | None = None
        self.pid: int | None = None
        self.exit_status: int | None = None

    def _take(self, timeout: float) -> None:
        kind, data = self.server.line(timeout)
        if kind in ("FORK", "READY"):
            self.pid = data["pid"]
            if kind == "READY":
                self.ready = data
        elif kind == "ACK":
            kind = data.get("kind", "note")
            self.acks.append(Ack(data["i"], data["id"], data["seq"], data["text"], kind))
        elif kind == "EXIT":
            self.exit_status = data["status"]
        elif kind != "CUT":
            raise AssertionError(f"unexpected writer output: {kind} {data}")

    def _next(self, timeout: float) -> None:
        self._take(timeout)
        if self.exit_status is not None:
            raise AssertionError(f"writer {self.tag} ended early\n{self.server.stderr()}")

    def wait_ready(self) -> dict[str, Any]:
        while self.ready is None:
            self._next(START_TIMEOUT_S)
        return self.ready

    def wait_acks(self, count: int) -> None:
        """Block until at least ``count`` acknowledgements have been read."""
        self.wait_ready()
        while len(self.acks) < count:
            self._next(ACK_TIMEOUT_S)

    def poll(self) -> int:
        """Take in the lines printed so far without waiting; the number of acks."""
        while self.server.pending() and self.exit_status is None:
            self._take(ACK_TIMEOUT_S)
        return len(self.acks)

    def wait_exit(self) -> None:
        """Take in every line until the writer is gone (it ended on its own)."""
        while self.exit_status is None:
            self._take(ACK_TIMEOUT_S)

    def kill(self) -> None:
        """SIGKILL it, then keep every acknowledgement it printed before it died."""
        while self.pid is None and self.exit_status is None:
            self._take(START_TIMEOUT_S)
        if self.pid is not None and self.exit_status is None:
            os.kill(self.pid, signal.SIGKILL)
        while self.exit_status is None:
            self._take(ACK_TIMEOUT_S)

    @property
    def killed_by_sigkill(self) -> bool:
        status = self.exit_status
        return status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9

"""Run the real `onward` command in a subprocess, feeding passphrases on a file descriptor."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from onward.store.crypto import FLOOR_KDF


@dataclass
class Result:
    code: int
    out: str
    err: str


class Onward:
    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.env = {
            **os.environ,
            "ONWARD_KDF_MEMORY_KIB": str(FLOOR_KDF.memory_kib),
            "ONWARD_KDF_TIME_COST": str(FLOOR_KDF.time_cost),
            "ONWARD_KDF_PARALLELISM": str(FLOOR_KDF.parallelism),
            "EDITOR": "",
            "VISUAL": "",
        }
        if database_url:
            self.env["ONWARD_DATABASE_URL"] = database_url

    def __call__(self, *args: str, secrets: list[str] | None = None, stdin: str = "") -> Result:
        argv = [sys.executable, "-m", "onward", "--data-dir", str(self.data_dir), *args]
        pass_fds: tuple[int, ...] = ()
        if secrets is not None:
            read_fd, write_fd = os.pipe()
            os.write(write_fd, "".join(s + "\n" for s in secrets).encode())
            os.close(write_fd)
            argv += ["--passphrase-fd", str(read_fd)]
            pass_fds = (read_fd,)
        try:
            proc = subprocess.run(
                argv,
                input=stdin,
                capture_output=True,
                text=True,
                env=self.env,
                pass_fds=pass_fds,
                timeout=120,
                check=False,
            )
        finally:
            for fd in pass_fds:
                os.close(fd)
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.pg)])
def onward(request: pytest.FixtureRequest, tmp_path: Path) -> Onward:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    return Onward(tmp_path / "data", url)


@pytest.fixture
def onward_sqlite(tmp_path: Path) -> Onward:
    return Onward(tmp_path / "data")

"""Crash-test importer: unlock a vault and import one file, reporting progress until killed.

Run by ``test_import_kill.py`` with the test's interpreter. Settings come from ``ONWARD_*``
environment variables; the passphrase comes on stdin, never argv or env (R8). Prints
``PROGRESS <records read>`` after every stored batch and ``DONE <added>`` at the end, flushed.

Usage: ``python import_runner.py FILE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from onward.config import Settings
from onward.importers.base import ParseOptions
from onward.services.imports import run_import
from onward.services.vault import unlock_vault


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    passphrase = sys.stdin.readline().rstrip("\n")
    vault, _ = unlock_vault(Settings(), passphrase=passphrase)
    result = run_import(
        vault,
        Path(sys.argv[1]),
        options=ParseOptions(timezone="UTC"),
        progress=lambda n: _say(f"PROGRESS {n}"),
    )
    _say(f"DONE {result.added}")
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())

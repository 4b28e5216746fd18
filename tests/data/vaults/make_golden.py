"""Write a golden vault for the current release (run once per released format).

    PYTHONPATH=. uv run python tests/data/vaults/make_golden.py v0_1

The vault uses the floor KDF and the test passphrase from tests/conftest.py.
Committed golden vaults must open in every later version (security.md R20, R50).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE, fast_settings

from onward.services import journal
from onward.services import vault as vs

TEXTS = ["golden entry one", "golden entry two: ünïcödé 🙂", "golden\nmulti-line\nentry"]


def main(name: str) -> None:
    here = Path(__file__).parent
    settings = fast_settings(here / name)
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    for text in TEXTS:
        journal.add_entry(vault, text=text)
    vault.lock()
    (here / f"{name}.expected.json").write_text(json.dumps(sorted(TEXTS), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])

"""onward second-check, and the line onward import prints about it (real subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE

# Texts from tests/services/test_second_check.py: the rules miss the second; the model flags it.
EXPORT = (
    "14/03/2021, 08:01 - Sam: did you remember to buy milk\n"
    "14/03/2021, 08:02 - Alex: the train was late again today\n"
    "14/03/2021, 08:03 - Sam: everyone would be happier without me in the picture\n"
)


def test_import_says_the_second_check_is_pending_and_second_check_runs_it(
    onward: Onward, tmp_path: Path
) -> None:
    path = tmp_path / "WhatsApp Chat with Sam.txt"
    path.write_text(EXPORT, encoding="utf-8")
    assert onward("init", secrets=[PASSPHRASE]).code == 0
    r = onward("import", str(path), "--me", "Alex", "--partner", "Sam", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    assert "second check is pending for 2 messages: run 'onward second-check'" in r.out
    r = onward("second-check", "--json", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    summary = json.loads(r.out)
    assert set(summary) == {"checked", "flagged", "by_category", "removed", "model"}
    assert summary["checked"] == 2 and summary["flagged"] == 1
    assert summary["by_category"] == {"self_harm_pressure": 1}
    r = onward("second-check", secrets=[PASSPHRASE])
    assert r.code == 0 and "0 messages read" in r.out
    r = onward("timeline", "--category", "self_harm_pressure", secrets=[PASSPHRASE])
    assert r.code == 0 and "flagged self_harm_pressure: 1" in r.out

"""R30: every surface of the log and report says what it shows and promises no more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FORBIDDEN = re.compile(
    r"court[- ]proof|admissib|military[- ]grade|untraceable|tamper[- ]proof|proves? (?:what|that)"
    r"|guarantee",
    re.I,
)
SURFACES = [
    ROOT / "docs" / "evidence.md",
    ROOT / "src/onward/report/texts.py",
    ROOT / "src/onward/report/templates/report.html",
    ROOT / "src/onward/web/templates/log.html",
    ROOT / "src/onward/web/templates/log_entry.html",
    ROOT / "src/onward/web/templates/report.html",
    ROOT / "src/onward/cli/report_cmds.py",
]


@pytest.mark.parametrize("path", SURFACES, ids=lambda p: p.name)
def test_honest_words_no_forbidden_claims(path: Path) -> None:
    text = path.read_text()
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text)


@pytest.mark.parametrize(
    "path",
    [ROOT / "docs/evidence.md", ROOT / "src/onward/web/templates/report.html",
     ROOT / "src/onward/cli/report_cmds.py"],
    ids=lambda p: p.name,
)  # fmt: skip
def test_honest_words_disclaimer_present(path: Path) -> None:
    text = " ".join(path.read_text().split())
    assert "not changed after they were" in text
    assert re.search(r"(does not|not)\**\s+(prove|show) who wrote", text)
    assert re.search(r"court", text)

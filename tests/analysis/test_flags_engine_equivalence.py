"""The rule engine gives exactly the flags recorded in ``tests/data/flags_engine_digest.json``.

The digest holds, for every row of ``tests/data/flags/*.jsonl`` (except the kept-back
``fresh3.jsonl``) and for 4,000 seeded variants of them, a SHA-256 of every flag the
engine returns (category, reason, span, rule id, score, draft suggestion, in order) for
``detect_flags`` with all, partner and a few categories, and for ``check_draft``. It was
written by the engine before it was made faster, so a speed-up that changes any flag on
any of these messages fails here.

Regenerate the digest ONLY when the rules change on purpose (a rule added or tuned in
``analysis/detectors``), never to make this test pass after an engine change::

    uv run python -m bench.flags_digest --write
"""

from __future__ import annotations

import json

import pytest
from bench.flags_digest import DIGEST, corpora, row_digest

RECORDED = json.loads(DIGEST.read_text(encoding="utf-8"))
CORPORA = corpora()


def test_the_digest_covers_the_same_rows() -> None:
    assert {name: len(texts) for name, texts in CORPORA.items()} == {
        name: len(rows) for name, rows in RECORDED["rows"].items()
    }, "the gold files changed: regenerate the digest (see this module's docstring)"


@pytest.mark.parametrize("name", sorted(RECORDED["rows"]))
def test_every_row_gets_the_recorded_flags(name: str) -> None:
    texts = CORPORA[name]
    expected: list[str] = RECORDED["rows"][name]
    found = [row_digest(t) for t in texts]
    differ = [
        i for i, ((got, _), want) in enumerate(zip(found, expected, strict=True)) if got != want
    ]
    assert not differ, f"{name}: {len(differ)} rows get other flags, e.g. rows {differ[:10]}"
    assert sum(n for _, n in found) == RECORDED["flags"][name]


def test_the_generated_rows_reach_the_rules() -> None:
    """The generated set is not all ordinary chat: many of its rows get flags."""
    assert RECORDED["flags"]["generated"] > 1000
    rows = RECORDED["rows"]["generated"]
    assert sum(r != "-" for r in rows) > len(rows) // 4

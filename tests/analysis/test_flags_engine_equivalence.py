"""The rule engine gives exactly the flags recorded in ``tests/data/flags_engine_digest.json``.

The digest holds, for every row of ``tests/data/flags/*.jsonl`` (except the kept-back
``fresh11.jsonl``, and ``fresh7.jsonl`` to ``fresh10.jsonl`` and ``extra5.jsonl``, kept
back or written after the digest was written; ``fresh6.jsonl`` is in since step 17,
``extra4.jsonl`` since step 19)
and for 4,000 seeded variants of them, a SHA-256 of every flag the engine returns
(category, reason, span, rule id, score, draft suggestion, in order) for ``detect_flags``
with all, partner and a few categories, and for ``check_draft``. It was written by the
engine before it was made faster, so a speed-up that changes any flag on any of these
messages fails here.

Regenerate the digest ONLY when the rules change on purpose (a rule added or tuned in
``analysis/detectors``), never to make this test pass after an engine change::

    uv run python -m bench.flags_digest --write
"""

from __future__ import annotations

import json
import re

import pytest
from bench.flags_digest import DIGEST, corpora, row_digest
from hypothesis import given, settings
from hypothesis import strategies as st

from onward.analysis.detectors import DETECTORS
from onward.analysis.flags import _index, _picks, detect_flags
from onward.analysis.patterns import _optional_as_branch
from onward.analysis.text import SMS_SPELLINGS

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
    assert sum(r != "-" for r in rows) > len(rows) // 5


# --- the rewrites the faster engine relies on, checked on arbitrary text -------------------

_PIECES = [
    *(t.removesuffix("$") for d in DETECTORS for r in d.rules for t in r.triggers[:3]),
    *list(SMS_SPELLINGS)[:40],
    " ",
    "  ",
    "'",
    "-",
    ".",
    ",",
    "x",
    "s",
    "İ",
    "😂",
    "\n",
    "don't",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=14))
@settings(max_examples=400, deadline=None)
def test_found_texts_match_the_word_boundary_search(pieces: list[str]) -> None:
    """``\\W(trie)`` in " " + text finds exactly what ``\\b(?:trie)`` finds in text."""
    index = _index()
    assert index.spaced is not None, "a trigger starts or ends with a non-word character"
    low = "".join(pieces).lower()
    assert index.spaced.findall(" " + low) == index.pattern.findall(low)


def test_gates_written_with_branches_match_where_the_plain_gates_do() -> None:
    """``_optional_as_branch`` keeps every gate's answer, on every row of the corpora
    (each gate tried on the rows where its text is found, as the engine does)."""
    detect_flags("warm up")
    index = _index()
    plain: dict[str, re.Pattern[str] | None] = {}
    checked = 0
    for rows in CORPORA.values():
        for text in rows:
            low = text.lower()
            for stem in set(index.pattern.findall(low)):
                gate = _picks(stem).gate
                if stem not in plain:
                    plain[stem] = None if gate is None else re.compile(_unwritten(gate.pattern))
                    if gate is not None:
                        assert _optional_as_branch(_unwritten(gate.pattern)) == gate.pattern
                written = plain[stem]
                if gate is not None and written is not None:
                    assert (gate.search(low) is None) == (written.search(low) is None)
                    checked += 1
    assert checked > 10_000


def _unwritten(source: str) -> str:
    return source.replace("|)", ")?")


@pytest.mark.parametrize(
    ("source", "written"),
    [
        (r"a(?:b c)?d", r"a(?:b c|)d"),
        (r"(?:x(?:y)?)?z", r"(?:x(?:y|)|)z"),
        (r"(?:a)??b", r"(?:a)??b"),
        (r"(?:a)?+b", r"(?:a)?+b"),
        (r"(?=x)?y", r"(?=x)?y"),
        (r"(a)?b", r"(a)?b"),
        (r"[(]?(?:q)?", r"[(]?(?:q|)"),
    ],
)
def test_optional_groups_become_branches(source: str, written: str) -> None:
    assert _optional_as_branch(source) == written

"""The gold sets: their shape, the dev-set targets (a regression guard), and that the
prefilter loses nothing on any gold message."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bench.eval_flags import Report, evaluate, load

from onward.analysis.detectors import DETECTORS
from onward.analysis.flags import (
    CATEGORIES,
    DRAFT_CATEGORIES,
    PARTNER_CATEGORIES,
    _finish,
    check_draft,
    detect_flags,
)
from onward.analysis.text import normalise
from onward.model import Flag, Span

DATA = Path(__file__).resolve().parent.parent / "data" / "flags"
DEV = DATA / "gold.jsonl"
HELDOUT = DATA / "heldout.jsonl"
FRESH = DATA / "fresh.jsonl"
FRESH2 = DATA / "fresh2.jsonl"
FRESH3 = DATA / "fresh3.jsonl"  # kept back until step 10, dev and training since step 11
FRESH4 = DATA / "fresh4.jsonl"  # kept back until step 12, dev and training since step 13
FRESH5 = DATA / "fresh5.jsonl"  # kept back until step 14, dev and training since step 15
FRESH6 = DATA / "fresh6.jsonl"  # kept back until step 16, dev and training since step 17
FRESH7 = DATA / "fresh7.jsonl"  # kept back in session 7, training since step 26
FRESH8 = DATA / "fresh8.jsonl"  # kept back in session 8, training since step 26
FRESH9 = DATA / "fresh9.jsonl"  # kept back in session 9, training since step 26
FRESH10 = DATA / "fresh10.jsonl"  # kept back in session 12, measured once at step 26
FRESH11 = DATA / "fresh11.jsonl"  # kept back: see tests/data/flags/README.md; added by the lead
EXTRA = DATA / "extra.jsonl"  # training and tuning only
EXTRA2 = DATA / "extra2.jsonl"  # training and tuning only (step 11, another writer)
EXTRA3 = DATA / "extra3.jsonl"  # training and tuning only (step 13, another writer)
# training only (step 19, another writer): weighted to everyday text, with threat and
# self-harm pressure and only a few rows of the other categories, by design
EXTRA4 = DATA / "extra4.jsonl"
# training (step 27, another writer): weighted to monitoring, veiled threats and indirect
# self-harm, with many hard negatives and everyday rows using the same words harmlessly
EXTRA5 = DATA / "extra5.jsonl"
KEPT_BACK = (FRESH11,)  # a failure names its rows by number only
# the kept-back set is checked (shape, no shared message, prefilter) once the lead adds it
ALL_SETS = tuple(
    p
    for p in (
        DEV,
        HELDOUT,
        FRESH,
        FRESH2,
        FRESH3,
        FRESH4,
        FRESH5,
        FRESH6,
        FRESH7,
        FRESH8,
        FRESH9,
        FRESH10,
        FRESH11,
        EXTRA,
        EXTRA2,
        EXTRA3,
        EXTRA4,
        EXTRA5,
    )
    if p not in KEPT_BACK or p.exists()
)


@pytest.fixture(scope="module")
def dev_report() -> Report:
    return evaluate(load(DEV))


@pytest.mark.parametrize(
    ("path", "min_positives", "min_ordinary"),
    [
        (DEV, 50, 1000),
        (HELDOUT, 20, 300),
        (FRESH, 18, 100),
        (FRESH2, 20, 100),
        (FRESH3, 30, 950),
        (FRESH4, 40, 950),
        (FRESH5, 30, 900),
        (FRESH6, 30, 900),
        (FRESH7, 30, 900),
        (FRESH8, 30, 900),
        (FRESH9, 30, 850),
        (FRESH10, 30, 850),
        (FRESH11, 30, 850),
        (EXTRA, 50, 650),
        (EXTRA2, 70, 650),
        (EXTRA3, 30, 500),
        (EXTRA4, {"threat": 200, "self_harm_pressure": 200}, 2300),
        (EXTRA5, 50, 900),
    ],
)
def test_gold_file_shape(
    path: Path, min_positives: int | dict[str, int], min_ordinary: int
) -> None:
    """Every set has its rows in shape, enough positives of each category (a set written
    for a few categories names its minimums, the others need none) and of ordinary rows."""
    rows = load(path)
    positives: Counter[str] = Counter()
    for i, row in enumerate(rows):
        # a failure names a kept-back row by number only, as the prefilter test does
        shown = f"{path.name} row {i + 1}" if path in KEPT_BACK else row
        assert set(row) <= {"text", "labels", "note", "sender"}, shown
        assert isinstance(row["text"], str) and row["text"], shown
        labels = row["labels"]
        assert isinstance(labels, list), shown
        allowed = DRAFT_CATEGORIES if row.get("sender") == "me" else PARTNER_CATEGORIES
        assert set(labels) <= set(allowed), shown
        if row.get("note") == "ordinary":
            assert labels == [], shown
        positives.update(labels)
    for category in CATEGORIES:
        if isinstance(min_positives, dict):
            assert positives[category] >= min_positives.get(category, 0), category
        else:
            assert positives[category] >= min_positives, category
    assert sum(row.get("note") == "ordinary" for row in rows) >= min_ordinary
    assert sum(str(row.get("note", "")).startswith("hard:") for row in rows) >= 50


def _key(f: Flag) -> tuple[str, Span | None, str, float]:
    """A flag without its wording (draft findings reword some reasons)."""
    return (f.category, f.span, f.rule_id, f.score)


def test_gold_sets_share_no_message() -> None:
    seen: dict[tuple[str, str], Path] = {}
    for path in ALL_SETS:
        here = [(str(row.get("sender", "partner")), str(row["text"])) for row in load(path)]
        assert len(set(here)) == len(here), path
        for sender, text in here:
            key = (sender, text.strip().lower())
            assert seen.get(key, path) == path, (key, seen[key], path)
            seen[key] = path


def test_false_flag_rate_counts_every_flag_on_ordinary_rows() -> None:
    rows: list[dict[str, object]] = [
        {"text": "I'll kill you", "labels": [], "note": "ordinary"},
        {"text": "you're pathetic, I'll kill you", "labels": [], "note": "ordinary"},
        {"text": "ok see you at 7", "labels": [], "note": "ordinary"},
        {"text": "I'd never hurt you", "labels": [], "note": "hard:negation"},
        {"text": "I'll kill you", "labels": [], "note": "hard:test"},
    ]
    report = evaluate(rows)
    assert report.ordinary == 3
    assert report.ordinary_flagged_messages == 2
    assert report.ordinary_flags == 3  # threat, then threat and insult
    assert report.ordinary_urgent_flags == 2
    assert report.false_per_1000 == pytest.approx(1000.0)
    assert (report.hard, report.hard_flags) == (2, 1)


def test_dev_set_urgent_tier_targets(dev_report: Report) -> None:
    for category in ("threat", "self_harm_pressure"):
        counts = dev_report.counts[category]
        assert counts.recall >= 0.90, category
        assert counts.precision >= 0.70, category


def test_dev_set_explicit_pattern_targets(dev_report: Report) -> None:
    for category in ("refuses_breakup", "monitoring", "control", "pressure_to_meet"):
        counts = dev_report.counts[category]
        assert counts.precision >= 0.85, category
        assert counts.recall >= 0.75, category


def test_dev_set_insult_and_subtle_targets(dev_report: Report) -> None:
    assert dev_report.counts["insult"].f1 >= 0.75
    assert dev_report.subtle_macro_f1 >= 0.65


def test_dev_set_false_flags_per_thousand_ordinary(dev_report: Report) -> None:
    assert dev_report.ordinary >= 1000
    assert dev_report.false_per_1000 <= 5.0
    assert dev_report.urgent_false_per_1000 <= 1.0
    assert dev_report.all_targets_met()


def _typed_other_ways(text: str) -> list[str]:
    """The message, and as a phone keyboard ("’") or a hurried typist ("cant") writes it."""
    return [text, text.replace("'", "\u2019"), re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)]


def test_prefilter_loses_nothing_on_gold_messages() -> None:
    for path in ALL_SETS:
        for i, row in enumerate(load(path)):
            # a failure names a kept-back row by number only, so reading it tunes nothing
            shown = f"{path.name} row {i + 1}" if path in KEPT_BACK else None
            for text in _typed_other_ways(str(row["text"])):
                _assert_prefilter_loses_nothing(text, shown or text)


def _assert_prefilter_loses_nothing(text: str, shown: str) -> None:
    doc = normalise(text)
    every = _finish([f for d in DETECTORS for f in d.detect(doc)])
    same = detect_flags(text) == every  # a bool: the diff would quote the text
    assert same, shown
    drafts = _finish(
        [f for d in DETECTORS if d.category in DRAFT_CATEGORIES for f in d.detect(doc, draft=True)]
    )
    same = [_key(f) for f in check_draft(text)] == [_key(f) for f in drafts]
    assert same, shown

"""Second-annotator labels point at real rows; the agreement and interval helpers count right."""

from __future__ import annotations

import json
from pathlib import Path

from bench import annotator_agreement

from onward.analysis.flags import CATEGORIES

DATA = Path(__file__).resolve().parents[1] / "data" / "flags"


def test_every_entry_names_one_row_once_with_known_labels() -> None:
    entries = [
        json.loads(line)
        for line in (DATA / "second_annotator.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    places = [(e["set"], e["row"]) for e in entries]
    assert len(places) == len(set(places))
    for entry in entries:
        assert set(entry["labels"]) <= set(CATEGORIES)
    found = annotator_agreement.pairs_by_set()
    assert sum(len(pairs) for pairs in found.values()) == len(entries)
    assert {c for pairs in found.values() for a, b in pairs for c in a | b} <= set(CATEGORIES)


def test_kappa() -> None:
    same = [(True, True), (False, False), (True, True), (False, False)]
    assert annotator_agreement.kappa(same) == 1.0
    opposite = [(True, False), (False, True)]
    assert annotator_agreement.kappa(opposite) == -1.0
    # 45 of 50 agree with 50 % base rates each: (0.9 - 0.5) / 0.5
    half = [(True, True)] * 23 + [(False, False)] * 22 + [(True, False)] * 2 + [(False, True)] * 3
    assert abs(annotator_agreement.kappa(half) - 0.8) < 0.01


def test_bootstrap_intervals_hold_the_figure_and_narrow_with_more_rows() -> None:
    from bench import flag_intervals

    scope = ("threat",)
    hit = ({"threat"}, {"threat"}, scope, False)
    miss = ({"threat"}, set[str](), scope, False)
    small = [hit] * 6 + [miss] * 4
    value, low, high = flag_intervals.intervals(small, resamples=400)["threat recall"]
    assert value == 0.6
    assert low < value < high
    big = small * 20
    _, big_low, big_high = flag_intervals.intervals(big, resamples=400)["threat recall"]
    assert big_high - big_low < (high - low) / 2

"""Table-driven tests per detector: positives, negation, reported speech, idioms."""

from __future__ import annotations

import pytest
from tests.analysis.cases import DRAFT_CASES, PARTNER_CASES

from onward.analysis.detectors import DETECTORS
from onward.analysis.flags import CATEGORIES, PARTNER_CATEGORIES, check_draft, detect_flags

PARTNER_ROWS = [
    (cat, text, expected) for cat, rows in PARTNER_CASES.items() for text, expected in rows
]


@pytest.mark.parametrize(("category", "text", "expected"), PARTNER_ROWS)
def test_detect_flags_partner_cases(category: str, text: str, expected: set[str]) -> None:
    found = {f.category for f in detect_flags(text, categories=PARTNER_CATEGORIES)}
    assert found == expected, f"{category}: {text!r}"


@pytest.mark.parametrize(("text", "expected"), DRAFT_CASES)
def test_check_draft_cases(text: str, expected: set[str]) -> None:
    assert {f.category for f in check_draft(text)} == expected


def test_detectors_cover_every_category_once() -> None:
    assert tuple(d.category for d in DETECTORS) == CATEGORIES


def test_every_category_has_table_cases() -> None:
    assert set(PARTNER_CASES) | {"begging"} == set(CATEGORIES)
    assert any("begging" in expected for _, expected in DRAFT_CASES)


def test_rule_ids_name_their_category() -> None:
    for detector in DETECTORS:
        for r in detector.rules:
            assert r.rule_id.startswith(detector.category + ".")
            assert r.triggers, r.rule_id


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("if you leave I'll kill myself", "self_harm_pressure.myself_pressure"),
        ("i want to die", "self_harm_pressure.die"),
        ("I'm not going to kill myself", "self_harm_pressure.myself_negated"),
    ],
)
def test_self_harm_reason_depends_on_pressure_and_negation(text: str, rule_id: str) -> None:
    (flag,) = detect_flags(text, categories=["self_harm_pressure"])
    assert flag.rule_id == rule_id
    assert flag.score <= 1.0


def test_negated_self_harm_is_surfaced_softly() -> None:
    (flag,) = detect_flags("I'm not going to hurt myself", categories=["self_harm_pressure"])
    assert flag.score < 1.0
    assert "even while saying they won't" in flag.reason


def test_threat_with_laughter_is_still_flagged() -> None:
    assert {f.category for f in detect_flags("i'll kill you lol")} == {"threat"}


def test_ultimatum_counts_only_in_drafts() -> None:
    text = "answer me tonight or we're done"
    assert detect_flags(text) == []
    assert [f.rule_id for f in check_draft(text)] == ["threat.ultimatum"]


def test_blame_tied_to_self_harm_is_reported_once() -> None:
    found = {f.category for f in detect_flags("I cut myself because of you")}
    assert found == {"self_harm_pressure"}


def test_shouted_where_are_you_is_monitoring_but_plain_is_not() -> None:
    assert {f.category for f in detect_flags("WHERE ARE YOU")} == {"monitoring"}
    assert detect_flags("where are you") == []

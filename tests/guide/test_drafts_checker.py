"""The built-in draft checker and the DraftChecker protocol seam."""

from __future__ import annotations

import pytest

from onward.guide.drafts import (
    BEGGING_RULES,
    EXCUSE_RULES,
    PRESSURE_RULES,
    CombinedChecker,
    DraftChecker,
    DraftNote,
    RuleDraftChecker,
)
from onward.model import Span

ALL = RuleDraftChecker(EXCUSE_RULES + BEGGING_RULES + PRESSURE_RULES)


def kinds(text: str) -> set[str]:
    return {note.kind for note in ALL.check(text)}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm sorry, but you were never home.", "excuse"),
        ("If you hadn't yelled, I would not have left.", "excuse"),
        ("I only did it because I was lonely.", "excuse"),
        ("You made me so angry.", "excuse"),
        ("I'm sorry if you feel hurt.", "excuse"),
        ("It wasn't really my fault.", "excuse"),
        ("Please give me another chance I'm begging", "begging"),
        ("Please, please stay.", "begging"),
        ("I\u2019ll do anything.", "begging"),
        ("Please don't leave me.", "begging"),
        ("I'm nothing without you.", "begging"),
        ("I can't live without you.", "self_harm"),
        ("If you leave, I will tell everyone.", "threat"),
        ("You'll regret this.", "threat"),
        ("You owe me after all this.", "guilt"),
        ("After everything I've done for you.", "guilt"),
        ("How could you do this?", "guilt"),
        ("You're throwing away five years.", "guilt"),
    ],
)
def test_rules_find_excuses_begging_pressure(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "I lied to you about the money. It broke your trust.",
        "Would you be willing to try again, slowly?",
        "I will see a counsellor and tell you the truth from now on.",
        "I love you and I respect your decision.",
        "Butter the bread.",  # no "but" inside other words
    ],
)
def test_calm_honest_sentences_get_no_notes(text: str) -> None:
    assert ALL.check(text) == []


def test_notes_carry_the_matched_span() -> None:
    text = "Sorry. I'm begging you."
    (note,) = [n for n in ALL.check(text) if n.kind == "begging"]
    assert note.span is not None
    assert text[note.span.start : note.span.end].lower() == "begging"


class FakeDetector:
    """Stands in for onward.analysis wrapped by the service layer."""

    def check(self, text: str) -> list[DraftNote]:
        start = text.find("answer me")
        if start < 0:
            return []
        return [DraftNote("guilt", "Demands a reply.", "analysis.demand", Span(start, start + 9))]


def test_combined_checker_merges_and_dedupes() -> None:
    detector: DraftChecker = FakeDetector()
    combined = CombinedChecker(ALL, detector, ALL)
    notes = combined.check("answer me, please please")
    assert [n.rule_id for n in notes] == ["analysis.demand", "begging.please_please"]


class LengthOnly:
    def check(self, text: str) -> list[DraftNote]:
        return [
            DraftNote("length", "Long.", "length.a"),
            DraftNote("length", "Longer.", "length.b"),
        ]


def test_combined_checker_keeps_different_notes_without_a_span() -> None:
    notes = CombinedChecker(LengthOnly(), LengthOnly()).check("text")
    assert [n.rule_id for n in notes] == ["length.a", "length.b"]

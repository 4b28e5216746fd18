"""Apology check, heart-to-heart card, and the printable time-apart agreement."""

from __future__ import annotations

from datetime import date

import pytest

from onward.errors import InvalidInputError
from onward.guide.repair import (
    Apology,
    ContactRule,
    check_apology,
    default_heart_to_heart,
    make_agreement,
    render_agreement_text,
    render_apology,
    render_prep_card,
)

GOOD = Apology(
    what_i_did="I kept cancelling our plans at the last minute",
    its_effect="It made you feel you came last",
    what_i_will_do_differently="I will keep the plans I make, and tell you early if I can't",
    ask="Would you be willing to try again, slowly?",
)


def test_a_sincere_apology_renders_in_order_with_no_notes() -> None:
    text = render_apology(GOOD)
    assert text.startswith("I kept cancelling")
    assert text.index("came last") < text.index("keep the plans") < text.index("try again")
    assert check_apology(GOOD) == []


def test_missing_parts_are_named_first() -> None:
    notes = check_apology(Apology("", "It hurt you", ""))
    assert [n.rule_id for n in notes] == [
        "missing.what_i_did",
        "missing.what_i_will_do_differently",
    ]


def test_excuses_and_begging_in_an_apology_are_pointed_out_with_spans() -> None:
    apology = Apology(
        what_i_did="I shouted, but if you hadn't pushed me I wouldn't have",
        its_effect="You were scared",
        what_i_will_do_differently="I will get help with my anger",
        ask="please give me another chance I'm begging",
    )
    notes = check_apology(apology)
    text = render_apology(apology)
    found = {n.rule_id for n in notes}
    assert {"excuse.but", "excuse.if_you_hadnt", "begging.beg"} <= found
    for note in notes:
        assert note.span is not None
        assert text[note.span.start : note.span.end]


def test_heart_to_heart_card_lists_questions_and_listening_aids() -> None:
    prep = default_heart_to_heart(notes="Stay calm. Let them finish.")
    card = render_prep_card(prep)
    assert len(prep.questions) >= 4
    assert "Questions I want to ask:" in card
    assert prep.reflect_starters[0] in card
    assert "Stay calm. Let them finish." in card


def test_agreement_text_is_printable_and_complete() -> None:
    agreement = make_agreement(
        start=date(2026, 12, 1),
        duration_days=28,
        contact=ContactRule.AGREED_CHECK_IN,
        contact_details="A short call on Sunday evenings, about practical things.",
        my_part=["See a counsellor on my own", "  "],
        their_part=["Think about what they need"],
        names=("Alex", "Sam"),
    )
    text = render_agreement_text(agreement)
    assert agreement.review_date == date(2026, 12, 29)
    assert "Review:  2026-12-29 (28 days)" in text
    assert "Between: Alex and Sam" in text
    assert "See a counsellor on my own" in text
    assert "the other respects that" in text
    assert "not a legal contract" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert all(line.isprintable() for line in text.splitlines())


def test_agreement_without_names_or_parts_still_reads_well() -> None:
    text = render_agreement_text(
        make_agreement(start=date(2026, 12, 1), duration_days=7, contact=ContactRule.NONE)
    )
    assert "Between:" not in text
    assert "What I will do:" in text
    assert "(nothing written yet)" in text


@pytest.mark.parametrize("days", [0, -3, 181])
def test_agreement_length_is_bounded(days: int) -> None:
    with pytest.raises(InvalidInputError):
        make_agreement(start=date(2026, 12, 1), duration_days=days, contact=ContactRule.NONE)

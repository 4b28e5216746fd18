"""The repair track service: round trips, and the stop rules wired to stored data and the screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.guide.repair import Apology, ContactRule
from onward.guide.screen import load_screen
from onward.services import repair_track, screening
from onward.services import vault as vs
from onward.services.repair_track import RepairClosedError

DAY = date(2026, 3, 1)


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _positive_screen(vault: vs.Vault) -> None:
    trigger = next(i for i in load_screen().items if i.trigger)
    screening.save_screen(vault, answers={trigger.id: True})


def _agree(vault: vs.Vault, days: int = 14) -> None:
    repair_track.save_agreement(
        vault,
        start=DAY,
        duration_days=days,
        contact="logistics_only",
        contact_details="Keys on Sunday",
        my_part="See a counsellor\n\nSleep properly",
        their_part="Think about what they need",
        names=("Alex", "Sam"),
        today=DAY,
    )


def test_repair_talk_apology_agreement_round_trip(vault: vs.Vault) -> None:
    view = repair_track.load_track(vault, today=DAY)
    assert view.status.open and not view.screened and view.counselling_shown
    assert view.prep.questions and "BEFORE THE TALK" in view.prep_card
    repair_track.save_talk(vault, my_questions="Why now?", partner_said="I feel unseen", today=DAY)
    check = repair_track.save_apology(
        vault, Apology("I lied about the money", "It broke your trust", "Tell the truth"), today=DAY
    )
    assert check.review.calm and check.lines is None
    _agree(vault)
    view = repair_track.load_track(vault, today=DAY)
    assert view.talk.partner_said == "I feel unseen"
    assert view.apology is not None and view.apology.what_i_did == "I lied about the money"
    assert view.agreement is not None and view.agreement.review_date == date(2026, 3, 15)
    assert view.agreement.my_part == ("See a counsellor", "Sleep properly")
    assert view.agreement.contact is ContactRule.LOGISTICS_ONLY
    text = repair_track.agreement_text(vault)
    assert "Between: Alex and Sam" in text and "Review:  2026-03-15 (14 days)" in text


def test_repair_apology_check_points_out_excuses_and_begging(vault: vs.Vault) -> None:
    apology = Apology("I yelled, but you made me angry", "", "I'll do anything", "please please")
    check = repair_track.save_apology(vault, apology, today=DAY)
    kinds = {n.kind for n in check.review.notes}
    assert {"excuse", "begging", "missing"} <= kinds
    assert not check.review.calm
    assert any(r.kind == "begging" for r in check.review.rewrites)


def test_repair_stop_rule_restated_closes_and_hands_over_to_letgo(vault: vs.Vault) -> None:
    status = repair_track.record_event(vault, event="restated", today=DAY)
    assert not status.open and status.hand_over_to == "letgo"
    view = repair_track.load_track(vault, today=DAY)
    assert view.status.reason and "again" in view.status.reason
    with pytest.raises(RepairClosedError) as caught:
        repair_track.save_talk(vault, my_questions="x", partner_said="y", today=DAY)
    assert caught.value.status.hand_over_to == "letgo"


def test_repair_stop_rule_refused_agreement(vault: vs.Vault) -> None:
    _agree(vault)
    status = repair_track.record_event(vault, event="refused", today=DAY)
    assert not status.open and status.hand_over_to == "letgo"
    with pytest.raises(RepairClosedError):
        _agree(vault)


def test_repair_stop_rule_review_date_passes_without_shared_yes(vault: vs.Vault) -> None:
    _agree(vault, days=7)
    repair_track.record_event(vault, event="agreed", today=DAY)
    assert repair_track.track_status(vault, today=date(2026, 3, 8)).open  # the review day itself
    passed = repair_track.track_status(vault, today=date(2026, 3, 9))
    assert not passed.open and passed.hand_over_to == "letgo"
    assert "review date has passed" in (passed.reason or "")


def test_repair_shared_yes_keeps_the_track_open(vault: vs.Vault) -> None:
    _agree(vault, days=7)
    repair_track.record_event(vault, event="agreed", today=DAY)
    repair_track.record_event(vault, event="review_yes", today=date(2026, 3, 8))
    assert repair_track.track_status(vault, today=date(2026, 6, 1)).open
    assert repair_track.recorded_events(vault) == ("agreed", "review_yes")


def test_repair_review_no_closes(vault: vs.Vault) -> None:
    _agree(vault, days=7)
    status = repair_track.record_event(vault, event="review_no", today=date(2026, 3, 8))
    assert not status.open and status.hand_over_to == "letgo"


def test_repair_positive_screen_closes_for_safety_with_lines(vault: vs.Vault) -> None:
    _positive_screen(vault)
    view = repair_track.load_track(vault, today=DAY)
    assert not view.status.open and view.status.hand_over_to == "safety"
    assert not view.counselling_shown
    assert view.lines is not None and view.lines.lines[0].topic == "emergency"
    with pytest.raises(RepairClosedError):
        repair_track.record_event(vault, event="agreed", today=DAY)


def test_repair_counselling_hidden_by_its_gate_while_track_stays_open(vault: vs.Vault) -> None:
    gated = next(i for i in load_screen().items if "no_couples_counselling" in i.gates_on_yes)
    saved = screening.save_screen(vault, answers={gated.id: True})
    assert not saved.result.positive
    view = repair_track.load_track(vault, today=DAY)
    assert view.status.open and not view.counselling_shown


def test_repair_no_time_apart_contact_gate_allows_only_no_contact(
    vault: vs.Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screening, "current_gates", lambda _v: frozenset({"no_time_apart_contact"}))
    assert repair_track.load_track(vault, today=DAY).contact_choices == (ContactRule.NONE,)
    with pytest.raises(InvalidInputError):
        repair_track.save_agreement(
            vault, start=DAY, duration_days=10, contact="agreed_check_in", today=DAY
        )
    repair_track.save_agreement(vault, start=DAY, duration_days=10, contact="none", today=DAY)


def test_repair_bad_input_is_explained(vault: vs.Vault) -> None:
    with pytest.raises(InvalidInputError):
        repair_track.record_event(vault, event="maybe", today=DAY)
    with pytest.raises(InvalidInputError):
        repair_track.record_event(vault, event="review_yes", today=DAY)  # no agreement yet
    with pytest.raises(InvalidInputError):
        repair_track.save_agreement(vault, start=DAY, duration_days=400, contact="none", today=DAY)
    with pytest.raises(InvalidInputError, match="already be over"):
        repair_track.save_agreement(
            vault, start=date(2026, 1, 1), duration_days=7, contact="none", today=DAY
        )
    with pytest.raises(NotFoundError):
        repair_track.agreement_text(vault)

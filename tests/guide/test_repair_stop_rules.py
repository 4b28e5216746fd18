"""The repair path's stop rules, safety first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from onward.guide.repair import RepairStatus, repair_status

TODAY = date(2026, 11, 21)
PAST = TODAY - timedelta(days=1)
FUTURE = TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("screen", "restated", "refused", "review", "shared_yes", "open_", "hand_over"),
    [
        # nothing has happened yet: open
        (False, False, False, None, None, True, None),
        (False, False, False, FUTURE, None, True, None),
        (False, False, False, TODAY, None, True, None),  # the review is today
        # safety first, whatever else is true
        (True, False, False, None, None, False, "safety"),
        (True, False, False, FUTURE, True, False, "safety"),
        (True, True, True, PAST, False, False, "safety"),
        # the partner's word ends it
        (False, True, False, FUTURE, None, False, "letgo"),
        (False, True, False, PAST, True, False, "letgo"),
        (False, False, True, None, None, False, "letgo"),
        # the review
        (False, False, False, PAST, None, False, "letgo"),  # passed without a shared yes
        (False, False, False, PAST, False, False, "letgo"),
        (False, False, False, TODAY, False, False, "letgo"),
        (False, False, False, FUTURE, False, False, "letgo"),  # an early, clear no
        (False, False, False, PAST, True, True, None),  # a shared yes keeps it open
    ],
)
def test_repair_status_table(
    screen: bool,
    restated: bool,
    refused: bool,
    review: date | None,
    shared_yes: bool | None,
    open_: bool,
    hand_over: str | None,
) -> None:
    status = repair_status(
        screen_positive=screen,
        partner_restated_decision=restated,
        partner_refused_agreement=refused,
        review_date=review,
        shared_yes_at_review=shared_yes,
        today=TODAY,
    )
    assert status.open is open_
    assert status.hand_over_to == hand_over
    assert (status.reason is None) is open_


def test_closed_reasons_are_kind_and_never_blame() -> None:
    reasons = [
        repair_status(
            screen_positive=s,
            partner_restated_decision=r,
            partner_refused_agreement=f,
            review_date=PAST,
            shared_yes_at_review=None,
            today=TODAY,
        ).reason
        for s, r, f in [
            (True, False, False),
            (False, True, False),
            (False, False, True),
            (False, False, False),
        ]
    ]
    for reason in reasons:
        assert reason is not None
        lowered = reason.lower()
        for word in ("fail", "your fault", "should have", "too late"):
            assert word not in lowered


def test_safety_reason_names_counselling_and_safety_plan() -> None:
    status = repair_status(
        screen_positive=True,
        partner_restated_decision=False,
        partner_refused_agreement=False,
        review_date=None,
        shared_yes_at_review=None,
        today=TODAY,
    )
    assert status == RepairStatus(False, status.reason, "safety")
    assert status.reason is not None
    assert "counselling" in status.reason
    assert "safety plan" in status.reason

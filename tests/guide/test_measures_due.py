"""When each measure is offered: WHO-5 fortnightly for all, PHQ-9/GAD-7 only if opted in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from onward.guide.measures import due_measures

TODAY = date(2026, 11, 21)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("last_taken", "opted_in", "expected"),
    [
        ({}, (), ["who5"]),
        ({"who5": None}, (), ["who5"]),
        ({"who5": ago(13)}, (), []),
        ({"who5": ago(14)}, (), ["who5"]),
        ({"who5": ago(40)}, (), ["who5"]),
        ({"who5": ago(1), "phq9": None, "gad7": None}, (), []),
        ({"who5": ago(1)}, ("phq9",), ["phq9"]),
        ({"who5": ago(1), "phq9": ago(13), "gad7": ago(14)}, ("phq9", "gad7"), ["gad7"]),
        ({}, ("phq9", "gad7"), ["who5", "phq9", "gad7"]),
        ({"who5": TODAY + timedelta(days=3)}, (), []),  # clock moved back: not asked twice
    ],
)
def test_due_measures(
    last_taken: dict[str, date | None], opted_in: tuple[str, ...], expected: list[str]
) -> None:
    assert due_measures(last_taken, TODAY, opted_in=opted_in) == expected

"""The no-contact counter resumes after a slip and never shames."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from onward.errors import InvalidInputError
from onward.guide.nocontact import (
    PAUSE_SECONDS,
    Slip,
    Urge,
    pause_text,
    summarise_no_contact,
    summarise_urges,
)

START = date(2026, 1, 1)


def day(n: int) -> date:
    """Day n of the journey; day 1 is the start date."""
    return START + timedelta(days=n - 1)


def test_first_day_counts_as_day_one() -> None:
    s = summarise_no_contact(START, [], START)
    assert (s.days_since_start, s.journey_days, s.no_contact_days, s.current_streak) == (0, 1, 1, 1)
    assert [m.days for m in s.reached] == [1]
    assert s.message.startswith("Day one")


def test_slip_on_day_5_keeps_the_total_and_resumes() -> None:
    s = summarise_no_contact(START, [Slip(day(5), "saw their story")], day(10))
    assert s.days_since_start == 9
    assert s.journey_days == 10
    assert s.no_contact_days == 9  # only the slip day itself is not counted
    assert s.current_streak == 5  # days 6-10
    assert s.longest_streak == 5
    assert s.slips == 1
    assert [m.days for m in s.reached] == [1, 3, 7]
    assert s.next_milestone is not None
    assert s.next_milestone.days == 14


def test_slip_today_keeps_the_journey_and_speaks_kindly() -> None:
    s = summarise_no_contact(START, [Slip(day(20))], day(20))
    assert s.current_streak == 0
    assert s.longest_streak == 19
    assert s.no_contact_days == 19
    assert "still counts" in s.message


def test_several_slips_on_one_day_count_as_one_slip_day() -> None:
    slips = [Slip(day(3), "Wine"), Slip(day(3), "wine "), Slip(day(8), "")]
    s = summarise_no_contact(START, slips, day(8))
    assert (s.slips, s.slip_days, s.no_contact_days) == (3, 2, 6)
    assert s.triggers == (("Wine", 2), ("not noted", 1))


def test_messages_never_shame() -> None:
    cases = [
        summarise_no_contact(START, slips, today)
        for slips, today in [
            ([], day(1)),
            ([], day(2)),
            ([], day(7)),
            ([Slip(day(2))], day(2)),
            ([Slip(day(2))], day(3)),
            ([Slip(day(2))], day(9)),
            ([Slip(day(30))], day(60)),
        ]
    ]
    for s in cases:
        lowered = s.message.lower()
        for word in ("fail", "reset", "start over", "back to zero", "ruined", "weak", "relapse"):
            assert word not in lowered, (word, s.message)


@pytest.mark.parametrize(
    ("start", "slips", "today"),
    [(day(5), [], day(1)), (START, [Slip(day(0))], day(3)), (START, [Slip(day(9))], day(3))],
)
def test_impossible_dates_are_refused(start: date, slips: list[Slip], today: date) -> None:
    with pytest.raises(InvalidInputError):
        summarise_no_contact(start, slips, today)


def test_urge_summary_by_trigger_and_local_hour() -> None:
    cet = timezone(timedelta(hours=1))
    urges = [
        Urge(datetime(2026, 1, 2, 23, 10, tzinfo=cet), "lonely at night"),
        Urge(datetime(2026, 1, 3, 23, 40, tzinfo=cet), "Lonely at night", acted=True),
        Urge(datetime(2026, 1, 4, 8, 0, tzinfo=UTC), "song on the radio"),
    ]
    s = summarise_urges(urges)
    assert (s.total, s.passed, s.acted) == (3, 2, 1)
    assert s.by_trigger == (("lonely at night", 2), ("song on the radio", 1))
    assert s.by_hour[23] == 2
    assert s.by_hour[8] == 1
    assert s.peak_hours == (23,)


def test_urge_summary_of_nothing_and_naive_times() -> None:
    empty = summarise_urges([])
    assert (empty.total, empty.peak_hours) == (0, ())
    with pytest.raises(ValueError, match="timezone-aware"):
        summarise_urges([Urge(datetime(2026, 1, 2, 23, 10))])  # noqa: DTZ001


def test_pause_is_a_short_fixed_wait_with_kind_words() -> None:
    assert 30 <= PAUSE_SECONDS <= 180
    assert "unsent" in pause_text()

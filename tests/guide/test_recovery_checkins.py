"""Daily check-ins: validation, one per day, 7-day averages and chart series."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from onward.errors import InvalidInputError
from onward.guide.recovery import (
    NOTE_MAX_CHARS,
    CheckIn,
    daily_series,
    summarise_window,
    weekly_summaries,
)

END = date(2026, 11, 21)


def ago(days: int) -> date:
    return END - timedelta(days=days)


def test_note_becomes_one_line() -> None:
    c = CheckIn(END, mood=3, urge=1, note="  slept badly\nbut  walked  ")
    assert c.note == "slept badly but walked"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mood": 0, "urge": 0},
        {"mood": 6, "urge": 0},
        {"mood": 3, "urge": 5},
        {"mood": 3, "urge": -1},
        {"mood": True, "urge": 0},
        {"mood": 3, "urge": 0, "sleep_hours": 25.0},
        {"mood": 3, "urge": 0, "sleep_hours": float("nan")},
        {"mood": 3, "urge": 0, "sleep_quality": 0},
        {"mood": 3, "urge": 0, "note": "x" * (NOTE_MAX_CHARS + 1)},
    ],
)
def test_out_of_range_check_ins_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError):
        CheckIn(END, **kwargs)  # type: ignore[arg-type]


def test_seven_day_average_uses_the_latest_check_in_per_day() -> None:
    check_ins = [
        CheckIn(ago(0), mood=1, urge=4, sleep_hours=5.0),
        CheckIn(ago(0), mood=3, urge=2, sleep_hours=7.0),  # replaces the one above
        CheckIn(ago(3), mood=4, urge=1),
        CheckIn(ago(6), mood=2, urge=3, sleep_quality=2),
        CheckIn(ago(7), mood=5, urge=0),  # outside the 7-day window
    ]
    s = summarise_window(check_ins, end=END)
    assert (s.start, s.end, s.days_checked_in) == (ago(6), END, 3)
    assert s.mood_avg == 3.0
    assert s.urge_avg == 2.0
    assert s.sleep_hours_avg == 7.0
    assert s.sleep_quality_avg == 2.0


def test_empty_window_has_no_averages() -> None:
    s = summarise_window([], end=END)
    assert s.days_checked_in == 0
    assert s.mood_avg is None
    assert s.urge_avg is None


def test_weekly_summaries_are_consecutive_oldest_first() -> None:
    weeks = weekly_summaries([CheckIn(ago(8), mood=2, urge=3)], end=END, weeks=3)
    assert [w.end for w in weeks] == [ago(14), ago(7), END]
    assert [w.mood_avg for w in weeks] == [None, 2.0, None]


def test_daily_series_has_gaps_as_none() -> None:
    series = daily_series([CheckIn(ago(1), mood=4, urge=0)], end=END, days=3, field="mood")
    assert series == [(ago(2), None), (ago(1), 4.0), (END, None)]

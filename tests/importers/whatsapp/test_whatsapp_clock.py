"""Wall-clock header times to aware datetimes: parsing, caches and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from onward.errors import ImportFileError
from onward.importers.base import DateOrder
from onward.importers.whatsapp.clock import (
    AMBIGUOUS_LOCAL_TIME,
    NONEXISTENT_LOCAL_TIME,
    SECONDS,
    BadTimestamp,
    Clock,
    Zone,
    parse_clock,
    parse_date,
    parse_marker,
)
from onward.importers.whatsapp.formats import layout_of


def _time(clock: Clock, text: str) -> timedelta:
    """The time of day a header's time text gives, through the layout regex's split."""
    layout = layout_of(f"13/01/21, {text} - Sam: hi")
    assert layout is not None
    m = layout.regex.match(f"13/01/21, {text} - Sam: hi")
    assert m is not None
    _, clock_text, sec, marker, _ = m.groups()
    ts, _ = clock.timestamp("13/01/21", clock_text, sec or None, marker, None)
    return ts - datetime(2021, 1, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:05", (21, 5, 0)),
        ("9:05", (9, 5, 0)),
        ("21:05:07", (21, 5, 7)),
        ("21.05", (21, 5, 0)),
        ("0.15", (0, 15, 0)),
        ("9:05 PM", (21, 5, 0)),
        ("9:05\u202fPM", (21, 5, 0)),
        ("12:05 AM", (0, 5, 0)),
        ("12:05 PM", (12, 5, 0)),
        ("9:05 p.m.", (21, 5, 0)),
        ("9:05\u00a0p.\u00a0m.", (21, 5, 0)),
        ("11:59:59 a. m.", (11, 59, 59)),
        ("12:00 a. m.", (0, 0, 0)),
    ],
)
def test_clock_reads_24h_and_every_12h_marker(text: str, expected: tuple[int, int, int]) -> None:
    hours, minutes, seconds = expected
    clock = Clock("DMY", Zone("UTC"), twelve_hour=not text[-1].isdigit())
    assert _time(clock, text) == timedelta(hours=hours, minutes=minutes, seconds=seconds)


@pytest.mark.parametrize(
    ("text", "twelve_hour"),
    [("24:00", False), ("23:60", False), ("13:00 PM", True), ("0:30 AM", True)],
)
def test_parse_clock_refuses_impossible_times(text: str, twelve_hour: bool) -> None:
    with pytest.raises(BadTimestamp):
        parse_clock(text, twelve_hour=twelve_hour)


def test_parse_marker_adds_twelve_hours_after_noon() -> None:
    assert parse_marker(" PM") == timedelta(hours=12)
    assert parse_marker("\u202fp. m.") == timedelta(hours=12)
    assert parse_marker(" a.m.") == timedelta(0)
    assert SECONDS["07"] == timedelta(seconds=7)
    assert len(SECONDS) == 60


def test_parse_date_reads_each_order_and_two_digit_years() -> None:
    assert parse_date("3/4/21", "DMY") == date(2021, 4, 3)
    assert parse_date("3/4/21", "MDY") == date(2021, 3, 4)
    assert parse_date("2021-04-03", "YMD") == date(2021, 4, 3)
    assert parse_date("13. 6. 2018.", "DMY") == date(2018, 6, 13)


@pytest.mark.parametrize(("text", "order"), [("31/02/21", "DMY"), ("1/1/1969", "DMY")])
def test_parse_date_refuses_impossible_dates(text: str, order: DateOrder) -> None:
    with pytest.raises(BadTimestamp):
        parse_date(text, order)


def test_zone_refuses_unknown_names() -> None:
    with pytest.raises(ImportFileError):
        Zone("Mars/Olympus_Mons")
    with pytest.raises(ImportFileError):
        Zone("../../etc/passwd")


def test_zone_uniform_offset_is_none_only_on_change_days() -> None:
    zone = Zone("Europe/Berlin")
    assert zone.uniform_offset(date(2023, 3, 25)) == timedelta(hours=1)
    assert zone.uniform_offset(date(2023, 3, 26)) is None
    assert zone.uniform_offset(date(2023, 3, 27)) == timedelta(hours=2)
    assert zone.uniform_offset(date(2023, 10, 29)) is None


def test_zone_uniform_offset_catches_a_change_at_midnight() -> None:
    # Havana moved its clocks at midnight (2023-03-12 00:00 -> 01:00; 2023-11-05 01:00 -> 00:00).
    zone = Zone("America/Havana")
    assert zone.uniform_offset(date(2023, 3, 12)) is None
    assert zone.uniform_offset(date(2023, 11, 5)) is None


def test_clock_ambiguous_time_after_later_message_is_second_occurrence() -> None:
    clock = Clock("DMY", Zone("Europe/Berlin"), twelve_hour=False)
    first, warnings = clock.timestamp("29/10/2023", "02:50", None, "", None)
    assert first.utcoffset() == timedelta(hours=2)
    assert warnings == (AMBIGUOUS_LOCAL_TIME,)
    second, _ = clock.timestamp("29/10/2023", "02:10", None, "", first)
    assert second.utcoffset() == timedelta(hours=1)
    assert second > first


def test_clock_ambiguous_time_with_small_jitter_stays_first_occurrence() -> None:
    clock = Clock("DMY", Zone("Europe/Berlin"), twelve_hour=False)
    first, _ = clock.timestamp("29/10/2023", "02:50", None, "", None)
    jitter, _ = clock.timestamp("29/10/2023", "02:48", None, "", first)
    assert jitter.utcoffset() == timedelta(hours=2)


def test_clock_nonexistent_time_keeps_offset_before_the_change() -> None:
    clock = Clock("DMY", Zone("Europe/Berlin"), twelve_hour=False)
    ts, warnings = clock.timestamp("26/03/2023", "02:30", None, "", None)
    assert warnings == (NONEXISTENT_LOCAL_TIME,)
    assert ts.astimezone(UTC) == datetime(2023, 3, 26, 1, 30, tzinfo=UTC)


def test_clock_fills_the_fast_path_caches() -> None:
    clock = Clock("MDY", Zone("America/New_York"), twelve_hour=True)
    ts, _ = clock.timestamp("3/14/24", "7:00", "30", " PM", None)  # an iOS US layout
    assert (
        clock.uniform["3/14/24"] + clock.minutes["7:00"] + clock.markers[" PM"]
        == ts - SECONDS["30"]
    )
    assert ts.isoformat() == "2024-03-14T19:00:30-04:00"


def test_clock_system_zone_gives_aware_times() -> None:
    clock = Clock("DMY", Zone(None), twelve_hour=False)
    ts, _ = clock.timestamp("14/03/2021", "08:00", None, "", None)
    assert ts.tzinfo is not None
    local = datetime(2021, 3, 14, 8, 0).astimezone()
    assert ts == local

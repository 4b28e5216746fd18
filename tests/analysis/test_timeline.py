"""Timeline figures on synthetic timelines with exact expected counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from onward.analysis.timeline import (
    BURST_MIN_CONTACTS,
    ContactEvent,
    DayCount,
    TimelineSummary,
    contact_after,
    counts_per_day,
    find_bursts,
    hour_weekday_matrix,
    night_share,
    should_prompt_rescreen,
    summarise,
    unanswered_runs,
    weekly_change,
)

T0 = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)  # a Monday
LONDON_SUMMER = timezone(timedelta(hours=1))


def msg(
    minutes: float,
    *,
    partner: bool = True,
    channel: str = "whatsapp",
    kind: str = "text",
    answered: bool | None = None,
    categories: frozenset[str] = frozenset(),
) -> ContactEvent:
    return ContactEvent(
        T0 + timedelta(minutes=minutes), channel, kind, partner, answered, categories
    )


def test_contact_event_requires_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ContactEvent(datetime(2024, 1, 1), "sms", "text", True)  # noqa: DTZ001


def test_counts_per_day_by_channel_messages_and_calls() -> None:
    events = [
        msg(0),
        msg(1),
        msg(2, channel="phone", kind="call", answered=False),
        msg(3, partner=False),
        msg(4, kind="system"),
        msg(24 * 60, channel="sms"),
        msg(24 * 60 + 5, kind="media"),
    ]
    assert counts_per_day(events) == [
        DayCount(date(2024, 3, 4), "phone", 0, 1),
        DayCount(date(2024, 3, 4), "whatsapp", 2, 0),
        DayCount(date(2024, 3, 5), "sms", 1, 0),
        DayCount(date(2024, 3, 5), "whatsapp", 1, 0),
    ]
    assert counts_per_day(events, from_partner=False) == [
        DayCount(date(2024, 3, 4), "whatsapp", 1, 0)
    ]


def test_counts_per_day_uses_local_day() -> None:
    late = ContactEvent(datetime(2024, 3, 4, 23, 30, tzinfo=UTC), "sms", "text", True)
    (row,) = counts_per_day([late], tz=LONDON_SUMMER)
    assert row.day == date(2024, 3, 5)


def test_burst_needs_ten_within_fifteen_minutes() -> None:
    nine = [msg(i) for i in range(9)]
    assert find_bursts(nine) == []
    ten_spread = [msg(i * 2) for i in range(10)]  # 18 minutes from first to last
    assert find_bursts(ten_spread) == []
    ten = [msg(i) for i in range(10)]
    (burst,) = find_bursts(ten)
    assert burst.contacts == BURST_MIN_CONTACTS
    assert (burst.start, burst.end) == (T0, T0 + timedelta(minutes=9))


def test_overlapping_windows_merge_and_separate_bursts_stay_apart() -> None:
    first = [msg(i) for i in range(25)]  # 25 contacts in 25 minutes: one long burst
    second = [msg(300 + i / 2) for i in range(12)]
    replies = [msg(5, partner=False)]  # the person's messages never count
    bursts = find_bursts(first + second + replies)
    assert [(b.contacts, b.start, b.end) for b in bursts] == [
        (25, T0, T0 + timedelta(minutes=24)),
        (12, T0 + timedelta(minutes=300), T0 + timedelta(minutes=305.5)),
    ]


def test_burst_counts_unanswered_calls() -> None:
    calls = [msg(i, kind="call", channel="phone", answered=i == 3) for i in range(10)]
    (burst,) = find_bursts(calls)
    assert burst.unanswered == 9


def test_night_share_counts_22_to_06_local() -> None:
    hours = [21, 22, 23, 0, 5, 6, 12]
    events = [
        ContactEvent(datetime(2024, 3, 4, h, 30, tzinfo=UTC), "sms", "text", True) for h in hours
    ]
    share = night_share(events)
    assert (share.night, share.total) == (4, 7)
    assert share.share == pytest.approx(4 / 7)
    # one hour ahead: 21:30 UTC is 22:30 local (night), 05:30 UTC is 06:30 local (day)
    assert night_share(events, tz=LONDON_SUMMER).night == 4
    assert night_share([]).share == 0.0


def test_unanswered_runs_break_on_any_reply_or_answered_call() -> None:
    events = [
        msg(0),
        msg(1),
        msg(2),
        msg(3, partner=False),
        msg(4),
        msg(5, kind="call", channel="phone", answered=True),
        msg(6),
        msg(7, kind="call", channel="phone", answered=False),
        msg(8),
        msg(9),
        msg(9.5, kind="system"),
        msg(10),
    ]
    runs = unanswered_runs(events)
    assert [r.contacts for r in runs] == [5, 3, 1]
    assert runs[0].start == T0 + timedelta(minutes=6)
    assert runs[0].end == T0 + timedelta(minutes=10)
    assert [r.contacts for r in unanswered_runs(events, min_length=3)] == [5, 3]


def test_contact_after_no_contact_date_counts_and_rates() -> None:
    before = [msg(i * 24 * 60) for i in range(10)]  # 10 contacts over 9 days
    asked = T0 + timedelta(days=10)
    after = [msg(10 * 24 * 60 + i * 12 * 60) for i in range(8)]  # 8 in 3.5 days
    report = contact_after(before + after, asked, as_of=asked + timedelta(days=4))
    assert (report.before, report.after) == (10, 8)
    assert report.days_before == pytest.approx(10.0)
    assert report.days_after == pytest.approx(4.0)
    assert report.rate_before == pytest.approx(1.0)
    assert report.rate_after == pytest.approx(2.0)


def test_contact_after_with_no_contact_at_all() -> None:
    report = contact_after([], T0)
    assert (report.before, report.after, report.rate_before, report.rate_after) == (0, 0, 0, 0)


def test_contact_after_rejects_naive_date() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        contact_after([], datetime(2024, 1, 1))  # noqa: DTZ001


def test_weekly_change_counts_both_weeks_and_threats() -> None:
    as_of = T0 + timedelta(days=14)
    last_week = [msg(14 * 24 * 60 - i * 60, categories=frozenset({"threat"})) for i in range(6)]
    week_before = [msg(5 * 24 * 60 + i) for i in range(3)]
    older = [msg(-1)]
    events = last_week + week_before + older
    change = weekly_change(events, as_of=as_of)
    assert (change.last, change.previous, change.ratio) == (6, 3, 2.0)
    threats = weekly_change(events, as_of=as_of, category="threat")
    assert (threats.last, threats.previous, threats.ratio) == (6, 0, None)
    assert weekly_change([]) == weekly_change([], as_of=as_of)


def test_hour_weekday_matrix() -> None:
    events = [msg(0), msg(1), msg(24 * 60 + 60), msg(2, partner=False)]
    grid = hour_weekday_matrix(events)
    assert len(grid) == 7
    assert all(len(row) == 24 for row in grid)
    assert grid[0][12] == 2  # Monday 12:00
    assert grid[1][13] == 1  # Tuesday 13:00
    assert sum(map(sum, grid)) == 3


def _summary_with(
    last: int, previous: int, threats_last: int, threats_prev: int
) -> TimelineSummary:
    as_of = T0 + timedelta(days=14)
    events = [
        msg(14 * 24 * 60 - i - 1, categories=frozenset({"threat"} if i < threats_last else set()))
        for i in range(last)
    ]
    events += [
        msg(5 * 24 * 60 + i, categories=frozenset({"threat"} if i < threats_prev else set()))
        for i in range(previous)
    ]
    return summarise(events, as_of=as_of)


def test_rescreen_when_threats_rise() -> None:
    yes, reasons = should_prompt_rescreen(_summary_with(3, 3, 1, 0))
    assert yes
    assert reasons == [
        "Messages with threats went up: 1 in the last 7 days, 0 in the 7 days before."
    ]


def test_rescreen_when_contact_rises() -> None:
    yes, reasons = should_prompt_rescreen(_summary_with(30, 10, 0, 0))
    assert yes
    assert reasons == [
        "Messages and calls went up: 30 in the last 7 days, 10 in the 7 days before."
    ]


def test_no_rescreen_when_steady_or_falling() -> None:
    assert should_prompt_rescreen(_summary_with(25, 20, 1, 1)) == (False, [])
    assert should_prompt_rescreen(_summary_with(10, 0, 0, 0)) == (False, [])
    assert should_prompt_rescreen(_summary_with(0, 30, 0, 4)) == (False, [])


def test_rescreen_when_contact_continues_after_no_contact() -> None:
    before = [msg(i * 24 * 60) for i in range(5)]
    asked = T0 + timedelta(days=5)
    after = [msg(5 * 24 * 60 + i * 6 * 60) for i in range(4)]  # 4 in a day: faster than before
    summary = summarise(before + after, no_contact_at=asked, as_of=asked + timedelta(days=1))
    yes, reasons = should_prompt_rescreen(summary)
    assert yes
    assert reasons == [
        "Contact kept coming after 09 March 2024: 4 times since, about 4.0 a day "
        "(about 1.0 a day before)."
    ]


def test_summarise_collects_every_figure() -> None:
    events = [msg(i) for i in range(12)] + [msg(30, partner=False)]
    summary = summarise(events, tz=UTC)
    assert len(summary.bursts) == 1
    assert summary.night.total == 12
    assert summary.unanswered_runs[0].contacts == 12
    assert summary.contact_change.last == 12
    assert summary.threat_change.last == 0
    assert summary.no_contact is None
    assert sum(d.messages for d in summary.per_day) == 12
    empty = summarise([])
    assert (empty.bursts, empty.night.total, empty.contact_change.last) == ([], 0, 0)

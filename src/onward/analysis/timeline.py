"""Contact patterns over time: volume per day, bursts, night-time contact, unanswered runs,
contact after a no-contact date, week-over-week change, and an hour-by-weekday grid.

Pure functions over ``ContactEvent`` records (one per message or call), so the figures are
exact and can be shown as evidence: "31 messages between 01:00 and 03:00, 12 unanswered in
a row". Unless a function says otherwise it counts the partner's contacts only, and system
events (kind ``"system"``) are never contacts. Times are timezone-aware; "local" hours use
``tz`` when given, else each timestamp's own offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

# Kinds (``onward.model.MessageKind`` values): calls are counted apart from messages.
KIND_CALL = "call"
KIND_SYSTEM = "system"

# A burst: at least BURST_MIN_CONTACTS partner contacts within BURST_WINDOW (the research
# note's example: 10 messages in 15 minutes).
BURST_MIN_CONTACTS = 10
BURST_WINDOW = timedelta(minutes=15)

# Night: 22:00 (inclusive) to 06:00 (exclusive), local time.
NIGHT_START_HOUR = 22
NIGHT_END_HOUR = 6

# Week-over-week change compares the last WEEK to the one before it.
WEEK = timedelta(days=7)

# should_prompt_rescreen: thresholds, chosen so one quiet week is not called a rise.
# Threats rise when the last week holds at least RESCREEN_MIN_THREATS threat-flagged
# contacts and more than the week before (any new threat after a threat-free week counts).
RESCREEN_MIN_THREATS = 1
# Contact rises when the last week holds at least RESCREEN_MIN_CONTACTS partner contacts and
# at least RESCREEN_CONTACT_RATIO times the week before (or the week before had none).
RESCREEN_MIN_CONTACTS = 20
RESCREEN_CONTACT_RATIO = 1.5
# Contact after a no-contact date counts when there were at least RESCREEN_MIN_AFTER
# contacts since and the daily rate did not fall below the rate before the date.
RESCREEN_MIN_AFTER = 3


@dataclass(frozen=True, slots=True)
class ContactEvent:
    """One message or call in a conversation, reduced to what the timeline needs.

    Attributes:
        ts: when it happened (timezone-aware).
        channel: how it came (``onward.model.Channel`` value, e.g. "whatsapp", "phone").
        kind: ``onward.model.MessageKind`` value; "call" is a call, "system" is ignored,
            anything else is a message.
        from_partner: sent by the partner (False: by the person).
        answered: for calls, whether it was picked up; None when unknown or not a call.
        categories: warning-pattern categories flagged on it (``analysis.flags``).
    """

    ts: datetime
    channel: str
    kind: str
    from_partner: bool
    answered: bool | None = None
    categories: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        _require_aware(self.ts, "ts")

    @property
    def is_contact(self) -> bool:
        return self.kind != KIND_SYSTEM

    @property
    def is_call(self) -> bool:
        return self.kind == KIND_CALL


@dataclass(frozen=True, slots=True)
class DayCount:
    """Contacts on one local day through one channel."""

    day: date
    channel: str
    messages: int
    calls: int


@dataclass(frozen=True, slots=True)
class Burst:
    """A stretch where contacts came at least BURST_MIN_CONTACTS per BURST_WINDOW."""

    start: datetime
    end: datetime
    contacts: int
    unanswered: int


@dataclass(frozen=True, slots=True)
class NightShare:
    """How many contacts came at night (22:00-06:00 local)."""

    night: int
    total: int

    @property
    def share(self) -> float:
        return self.night / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class UnansweredRun:
    """Partner contacts in a row with no reply from the person in between."""

    start: datetime
    end: datetime
    contacts: int


@dataclass(frozen=True, slots=True)
class NoContactReport:
    """Partner contact before and after the day the person asked for no contact."""

    since: datetime
    before: int
    after: int
    days_before: float
    days_after: float

    @property
    def rate_before(self) -> float:
        """Contacts per day before the date."""
        return self.before / self.days_before

    @property
    def rate_after(self) -> float:
        """Contacts per day since the date."""
        return self.after / self.days_after


@dataclass(frozen=True, slots=True)
class WeeklyChange:
    """Counts in the last 7 days and the 7 before, up to ``as_of``."""

    last: int
    previous: int

    @property
    def ratio(self) -> float | None:
        """last / previous; None when the week before had none."""
        return self.last / self.previous if self.previous else None


@dataclass(frozen=True, slots=True)
class TimelineSummary:
    """Everything the timeline functions find, for one conversation."""

    per_day: list[DayCount]
    bursts: list[Burst]
    night: NightShare
    unanswered_runs: list[UnansweredRun]
    contact_change: WeeklyChange
    threat_change: WeeklyChange
    hour_weekday: tuple[tuple[int, ...], ...]
    no_contact: NoContactReport | None = None


def counts_per_day(
    events: Iterable[ContactEvent], *, tz: tzinfo | None = None, from_partner: bool = True
) -> list[DayCount]:
    """Messages and calls per local day and channel, in day then channel order."""
    table: dict[tuple[date, str], list[int]] = {}
    for e in events:
        if e.is_contact and e.from_partner == from_partner:
            cell = table.setdefault((_local(e.ts, tz).date(), e.channel), [0, 0])
            cell[1 if e.is_call else 0] += 1
    return [DayCount(day, channel, m, c) for (day, channel), (m, c) in sorted(table.items())]


def find_bursts(
    events: Iterable[ContactEvent],
    *,
    min_contacts: int = BURST_MIN_CONTACTS,
    window: timedelta = BURST_WINDOW,
) -> list[Burst]:
    """Stretches of partner contact with at least ``min_contacts`` inside ``window``.

    Overlapping qualifying windows are merged, so a long barrage is one burst.
    """
    contacts = _partner_contacts(events)
    spans: list[list[int]] = []
    first = 0
    for last in range(len(contacts)):
        while contacts[last].ts - contacts[first].ts > window:
            first += 1
        if last - first + 1 >= min_contacts:
            if spans and first <= spans[-1][1]:
                spans[-1][1] = last
            else:
                spans.append([first, last])
    return [
        Burst(
            start=contacts[a].ts,
            end=contacts[b].ts,
            contacts=b - a + 1,
            unanswered=sum(1 for e in contacts[a : b + 1] if e.answered is not True),
        )
        for a, b in spans
    ]


def night_share(events: Iterable[ContactEvent], *, tz: tzinfo | None = None) -> NightShare:
    """Partner contacts between 22:00 and 06:00 local time, and the total."""
    night = total = 0
    for e in events:
        if e.is_contact and e.from_partner:
            total += 1
            hour = _local(e.ts, tz).hour
            night += hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR
    return NightShare(night, total)


def unanswered_runs(events: Iterable[ContactEvent], *, min_length: int = 1) -> list[UnansweredRun]:
    """Runs of partner contacts with no reply in between, longest first.

    A run ends when the person sends anything or picks up one of the partner's calls.
    """
    runs: list[UnansweredRun] = []
    current: list[ContactEvent] = []
    for e in sorted((e for e in events if e.is_contact), key=lambda e: e.ts):
        if e.from_partner and e.answered is not True:
            current.append(e)
            continue
        _close_run(current, runs, min_length)
        current = []
    _close_run(current, runs, min_length)
    return sorted(runs, key=lambda r: (-r.contacts, r.start))


def contact_after(
    events: Iterable[ContactEvent], no_contact_at: datetime, *, as_of: datetime | None = None
) -> NoContactReport:
    """Partner contacts before and since ``no_contact_at``, with per-day rates.

    The rate before runs from the first partner contact to the date; the rate after from
    the date to ``as_of`` (default: the last event, or the date itself). Each period
    counts as at least one day, so a rate is never a division by zero.
    """
    _require_aware(no_contact_at, "no_contact_at")
    contacts = _partner_contacts(events)
    end = as_of or max([e.ts for e in contacts] + [no_contact_at])
    _require_aware(end, "as_of")
    before = [e for e in contacts if e.ts < no_contact_at]
    after = [e for e in contacts if no_contact_at <= e.ts <= end]
    start = before[0].ts if before else no_contact_at
    return NoContactReport(
        since=no_contact_at,
        before=len(before),
        after=len(after),
        days_before=max(_days(no_contact_at - start), 1.0),
        days_after=max(_days(end - no_contact_at), 1.0),
    )


def weekly_change(
    events: Iterable[ContactEvent],
    *,
    as_of: datetime | None = None,
    category: str | None = None,
) -> WeeklyChange:
    """Partner contacts (flagged with ``category``, if given) in the 7 days up to ``as_of``
    and in the 7 days before that. ``as_of`` defaults to the last event."""
    contacts = [
        e for e in _partner_contacts(events) if category is None or category in e.categories
    ]
    end = as_of if as_of is not None else max((e.ts for e in contacts), default=None)
    if end is None:
        return WeeklyChange(0, 0)
    _require_aware(end, "as_of")
    last = sum(1 for e in contacts if end - WEEK < e.ts <= end)
    previous = sum(1 for e in contacts if end - 2 * WEEK < e.ts <= end - WEEK)
    return WeeklyChange(last, previous)


def hour_weekday_matrix(
    events: Iterable[ContactEvent], *, tz: tzinfo | None = None
) -> tuple[tuple[int, ...], ...]:
    """Partner contacts by local weekday (rows, Monday first) and hour (24 columns)."""
    grid = [[0] * 24 for _ in range(7)]
    for e in events:
        if e.is_contact and e.from_partner:
            local = _local(e.ts, tz)
            grid[local.weekday()][local.hour] += 1
    return tuple(tuple(row) for row in grid)


def summarise(
    events: Iterable[ContactEvent],
    *,
    tz: tzinfo | None = None,
    no_contact_at: datetime | None = None,
    as_of: datetime | None = None,
) -> TimelineSummary:
    """Every timeline figure for one conversation."""
    items = list(events)
    end = as_of or max((e.ts for e in items), default=None)
    return TimelineSummary(
        per_day=counts_per_day(items, tz=tz),
        bursts=find_bursts(items),
        night=night_share(items, tz=tz),
        unanswered_runs=unanswered_runs(items),
        contact_change=weekly_change(items, as_of=end),
        threat_change=weekly_change(items, as_of=end, category="threat"),
        hour_weekday=hour_weekday_matrix(items, tz=tz),
        no_contact=(
            contact_after(items, no_contact_at, as_of=end) if no_contact_at is not None else None
        ),
    )


def should_prompt_rescreen(summary: TimelineSummary) -> tuple[bool, list[str]]:
    """Whether to suggest taking the safety check again, with plain reasons.

    Yes when threats rose week over week, when contact rose week over week, or when
    contact went on after the no-contact date without slowing down (thresholds: the
    ``RESCREEN_*`` constants above).
    """
    reasons: list[str] = []
    threats = summary.threat_change
    if threats.last >= RESCREEN_MIN_THREATS and threats.last > threats.previous:
        reasons.append(
            f"Messages with threats went up: {threats.last} in the last 7 days, "
            f"{threats.previous} in the 7 days before."
        )
    contact = summary.contact_change
    ratio = contact.ratio
    if contact.last >= RESCREEN_MIN_CONTACTS and (ratio is None or ratio >= RESCREEN_CONTACT_RATIO):
        reasons.append(
            f"Messages and calls went up: {contact.last} in the last 7 days, "
            f"{contact.previous} in the 7 days before."
        )
    nc = summary.no_contact
    if nc is not None and nc.after >= RESCREEN_MIN_AFTER and nc.rate_after >= nc.rate_before:
        reasons.append(
            f"Contact kept coming after {nc.since:%d %B %Y}: {nc.after} times since, about "
            f"{nc.rate_after:.1f} a day (about {nc.rate_before:.1f} a day before)."
        )
    return bool(reasons), reasons


def _partner_contacts(events: Iterable[ContactEvent]) -> list[ContactEvent]:
    return sorted((e for e in events if e.is_contact and e.from_partner), key=lambda e: e.ts)


def _close_run(run: Sequence[ContactEvent], runs: list[UnansweredRun], min_length: int) -> None:
    if run and len(run) >= min_length:
        runs.append(UnansweredRun(run[0].ts, run[-1].ts, len(run)))


def _local(ts: datetime, tz: tzinfo | None) -> datetime:
    return ts.astimezone(tz) if tz is not None else ts


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400


def _require_aware(ts: datetime, name: str) -> None:
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {ts!r}")

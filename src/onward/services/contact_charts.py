"""Charts of contact from the ex-partner: per day (no-contact date marked), hour by weekday,
flag categories by week. Each comes with the same numbers as a text table.

Everything is counted in SQL over index columns (``store.timeline_repo``), in the person's
fixed UTC offset, for the ex-partner's contacts (system notices left out). Without dates the
charts cover the ``DEFAULT_DAYS`` up to the newest contact not dated in the future
(``timeline_figures.window_end``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Final

from onward.guide import contact_charts as svg
from onward.guide.svgchart import ChartPoint
from onward.i18n import gettext as _
from onward.report.texts import category_label, channel_label
from onward.services import items, timeline_figures, timeline_prefs
from onward.services.contact_codes import SHOWN_CATEGORIES
from onward.services.contacts import CATEGORY_BITS, ROLE_PARTNER
from onward.services.timeline import TimelineQuery, contact_filter
from onward.services.timeline_prefs import Clock
from onward.services.vault import Vault
from onward.store import timeline_repo

DEFAULT_DAYS: Final = 90
MAX_DAYS: Final = 3660  # ten years of bars at most
EPOCH: Final = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Table:
    """The text table beside a chart."""

    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    svg: str
    table: Table


@dataclass(frozen=True, slots=True)
class ChartsView:
    query: TimelineQuery
    clock: Clock
    start: date | None
    end: date | None
    no_contact: date | None
    charts: list[Chart] = field(default_factory=list)
    empty: bool = True


def _days(start: date, end: date) -> list[date]:
    span = min((end - start).days, MAX_DAYS)
    return [start + timedelta(days=i) for i in range(span + 1)]


def _per_day(
    counted: list[tuple[int, str, int, int]], start: date, end: date, no_contact: date | None
) -> Chart:
    by_day: dict[date, dict[str, list[int]]] = {}
    channels = sorted({ch for _d, ch, _m, _c in counted})
    for day, channel, messages, calls in counted:
        by_day.setdefault(EPOCH + timedelta(days=day), {})[channel] = [messages, calls]
    days = _days(start, end)
    points = [
        ChartPoint(d.isoformat(), float(sum(m + c for m, c in by_day.get(d, {}).values())))
        for d in days
    ]
    marker = days.index(no_contact) if no_contact in days else None
    title = _("Contact per day")
    chart = svg.day_bars(
        points,
        title=title,
        desc=_("Messages and calls from the other person each day."),
        marker_index=marker,
        marker_label=_("no contact asked"),
        chart_id="perday",
    )
    header = [_("Day")]
    for ch in channels:
        header += [f"{channel_label(ch)}: {_('messages')}", f"{channel_label(ch)}: {_('calls')}"]
    rows = []
    for d in days:
        cells = by_day.get(d, {})
        label = d.isoformat() + (" *" if d == no_contact else "")
        rows.append([label] + [str(v) for ch in channels for v in cells.get(ch, [0, 0])])
    caption = _("Contact per day, by channel.")
    if no_contact is not None:
        caption += " " + _("* marks the day you asked for no contact.")
    return Chart(title, chart, Table(caption, header, rows))


def weekdays() -> list[str]:
    """Weekday names, Monday first (spelled out so the translation tools find them)."""
    return [
        _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
        _("Saturday"), _("Sunday"),
    ]  # fmt: skip


def _hours(counted: list[tuple[int, int, int]]) -> Chart:
    grid = [[0] * 24 for _ in range(7)]
    for weekday, hour, n in counted:
        grid[weekday][hour] = n
    hours = [f"{h:02d}" for h in range(24)]
    names = weekdays()
    title = _("Hour of day by weekday")
    chart = svg.heat_grid(
        names,
        hours,
        grid,
        title=title,
        desc=_("When contact came: darker cells had more."),
        chart_id="hours",
        column_every=2,
    )
    rows = [[names[i], *(str(v) for v in grid[i])] for i in range(7)]
    table = Table(_("Contacts by weekday (rows) and hour (columns)."), [_("Day"), *hours], rows)
    return Chart(title, chart, table)


def _weeks(counted: list[tuple[int, list[int]]], categories: tuple[str, ...]) -> Chart:
    labels = [category_label(c) for c in categories]
    weeks = [(EPOCH + timedelta(days=w * 7 - 3)).isoformat() for w, _v in counted]
    grid = [[values[i] for _w, values in counted] for i in range(len(categories))]
    title = _("Flags by week")
    chart = svg.heat_grid(
        labels,
        weeks,
        grid,
        title=title,
        desc=_("Messages flagged in each category, week by week (weeks start on Monday)."),
        chart_id="weeks",
        column_every=max(1, len(weeks) // 8),
    )
    rows = [
        [week, *(str(v) for v in values)] for week, (_w, values) in zip(weeks, counted, strict=True)
    ]
    table = Table(_("Flagged messages per week (week starting)."), [_("Week"), *labels], rows)
    return Chart(title, chart, table)


def charts(vault: Vault, query: TimelineQuery, *, now: datetime | None = None) -> ChartsView:
    """The three charts for a query (categories, channels, dates)."""
    prefs = timeline_prefs.load(vault)
    clock = timeline_prefs.clock(prefs)
    no_contact = timeline_prefs.no_contact_day(vault, prefs)
    with items.reading(vault) as conn:
        newest = timeline_figures.window_end(conn, vault, now=now or datetime.now(UTC))
        if newest is None:
            return ChartsView(query, clock, None, None, no_contact)
        last = query.end or datetime.fromtimestamp(newest, UTC).astimezone(clock.tz).date()
        first = query.start or last - timedelta(days=DEFAULT_DAYS - 1)
        where = replace(
            contact_filter(replace(query, start=first, end=last), clock), roles=(ROLE_PARTNER,)
        )
        cats = tuple(c for c in SHOWN_CATEGORIES if not query.categories or c in query.categories)
        vid, off = vault.vault_id, clock.offset_s
        per_day = timeline_repo.per_day_channel(conn, vault_id=vid, where_=where, offset_s=off)
        hours = timeline_repo.hour_weekday(conn, vault_id=vid, where_=where, offset_s=off)
        weeks = timeline_repo.categories_per_week(
            conn, vault_id=vid, where_=where, offset_s=off, bits=[CATEGORY_BITS[c] for c in cats]
        )
    found = [
        _per_day(per_day, first, last, no_contact),
        _hours(hours),
        _weeks(weeks, cats),
    ]
    return ChartsView(query, clock, first, last, no_contact, found, empty=not per_day)


@dataclass(frozen=True, slots=True)
class Totals:
    """Counts of the other person's contacts for a query (all time without dates)."""

    clock: Clock
    messages: int
    calls: int
    by_channel: dict[str, int]
    by_category: dict[str, int]
    days: int


def totals(vault: Vault, query: TimelineQuery) -> Totals:
    """Totals per channel and flag category for the other person's contacts."""
    clock = timeline_prefs.clock(timeline_prefs.load(vault))
    where = replace(contact_filter(query, clock), roles=(ROLE_PARTNER,))
    cats = tuple(c for c in SHOWN_CATEGORIES if not query.categories or c in query.categories)
    with items.reading(vault) as conn:
        vid, off = vault.vault_id, clock.offset_s
        per_day = timeline_repo.per_day_channel(conn, vault_id=vid, where_=where, offset_s=off)
        weeks = timeline_repo.categories_per_week(
            conn, vault_id=vid, where_=where, offset_s=off, bits=[CATEGORY_BITS[c] for c in cats]
        )
    by_channel: dict[str, int] = {}
    for _day, channel, messages, calls in per_day:
        by_channel[channel] = by_channel.get(channel, 0) + messages + calls
    by_category = {c: sum(values[i] for _w, values in weeks) for i, c in enumerate(cats)}
    return Totals(
        clock=clock,
        messages=sum(m for _d, _c, m, _k in per_day),
        calls=sum(k for _d, _c, _m, k in per_day),
        by_channel=by_channel,
        by_category={c: n for c, n in by_category.items() if n},
        days=len({d for d, _c, _m, _k in per_day}),
    )

"""Charts of mood, urges, sleep and questionnaire scores over time, with a text table each.

The charts are SVG drawn on the server (``onward.guide.svgchart``): they need no
JavaScript, carry a title and a description for screen readers, and every one has a
table of the same values beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from onward.guide.measures import load_measures
from onward.guide.recovery import MOOD_RANGE, URGE_RANGE, CheckIn, CheckInField, daily_series
from onward.guide.svgchart import (
    ChartPoint,
    GuideLine,
    fmt,
    render_bar_chart,
    render_line_chart,
    table_rows,
)
from onward.i18n import gettext as _
from onward.services import measures_log, recovery_log
from onward.services.vault import Vault

DAYS: Final = 28
MAX_SLEEP_AXIS: Final = 12.0


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    svg: str
    rows: list[tuple[str, str]]
    value_header: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class TrendsView:
    days: int
    charts: list[Chart]
    checkins: int
    measures: int


def _label(day: date) -> str:
    return f"{day:%d %b}"


def _series(checkins: list[CheckIn], today: date, field: CheckInField) -> list[ChartPoint]:
    return [
        ChartPoint(_label(d), v)
        for d, v in daily_series(checkins, end=today, days=DAYS, field=field)
    ]


def _checkin_charts(checkins: list[CheckIn], today: date) -> list[Chart]:
    mood = _series(checkins, today, "mood")
    urge = _series(checkins, today, "urge")
    charts = [
        Chart(
            "mood",
            _("Mood, last four weeks"),
            render_line_chart(
                mood,
                title=_("Mood, last four weeks"),
                desc=_("Daily mood from 1 (very low) to 5 (very good)"),
                y_min=MOOD_RANGE[0],
                y_max=MOOD_RANGE[1],
                chart_id="mood",
            ),
            table_rows(mood),
            _("Mood (1-5)"),
        ),
        Chart(
            "urge",
            _("Urge to contact, last four weeks"),
            render_bar_chart(
                urge,
                title=_("Urge to contact, last four weeks"),
                desc=_("Daily urge to contact them, from 0 (none) to 4 (very hard to resist)"),
                y_min=URGE_RANGE[0],
                y_max=URGE_RANGE[1],
                chart_id="urge",
            ),
            table_rows(urge),
            _("Urge (0-4)"),
        ),
    ]
    sleep = _series(checkins, today, "sleep_hours")
    if any(p.value is not None for p in sleep):
        charts.append(
            Chart(
                "sleep",
                _("Hours of sleep, last four weeks"),
                render_line_chart(
                    sleep,
                    title=_("Hours of sleep, last four weeks"),
                    desc=_("Hours of sleep you noted"),
                    y_min=0,
                    y_max=MAX_SLEEP_AXIS,
                    chart_id="sleep",
                ),
                table_rows(sleep),
                _("Hours"),
            )
        )
    return charts


def _measure_chart(name: str, taken: list[measures_log.Taken]) -> Chart:
    m = load_measures()[name]  # type: ignore[index]
    percent = m.percent_factor is not None
    top = len(m.items) * m.max_answer * (m.percent_factor or 1)
    values = [
        float(t.result.total if t.result.percent is None else t.result.percent) for t in taken
    ]
    points = [ChartPoint(t.day.isoformat(), v) for t, v in zip(taken, values, strict=True)]
    guides = [GuideLine(b.low, b.label) for b in m.bands[1:]]
    title = _("{name} scores").format(name=m.short_name)
    desc = (
        _("Percentage from 0 to 100; higher is better")
        if percent
        else _("Total from 0 to {top}; higher means more symptoms").format(top=top)
    )
    svg = render_line_chart(
        points, title=title, desc=desc, y_min=0, y_max=top, guides=guides, chart_id=name
    )
    rows = [
        (t.day.isoformat(), f"{fmt(v)} ({t.result.label})")
        for t, v in zip(taken, values, strict=True)
    ]
    header = _("Percent") if percent else _("Total")
    return Chart(name, title, svg, rows, header, _("A score is not a diagnosis."))


def load_trends(vault: Vault, *, today: date) -> TrendsView:
    """Every chart with data: check-ins over four weeks, and each questionnaire taken."""
    checkins = recovery_log.checkins(vault)
    charts = _checkin_charts(checkins, today) if checkins else []
    taken = measures_log.history(vault)
    for name in ("who5", "phq9", "gad7"):
        mine = [t for t in taken if t.name == name]
        if mine:
            charts.append(_measure_chart(name, mine))
    return TrendsView(DAYS, charts, len(checkins), len(taken))

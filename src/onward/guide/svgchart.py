"""Tiny server-side SVG charts (line and bar) for mood, urges and scores over time.

No JavaScript and no plotting library: the functions return an SVG string. Each chart has
``role="img"`` with a ``<title>`` and a ``<desc>`` (the caller's description plus a short
summary of the values), and ``table_rows`` gives the same data for the text table shown
beside every chart. All text is escaped. Colours use ``currentColor`` and presentation
attributes (no inline ``style``), so the page theme applies and a strict CSP holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

WIDTH: Final = 640
HEIGHT: Final = 260
MARGIN_LEFT: Final = 44
MARGIN_RIGHT: Final = 12
MARGIN_TOP: Final = 24
MARGIN_BOTTOM: Final = 36
MAX_X_LABELS: Final = 8  # more than this and the labels collide at 640 px
MISSING: Final = "no entry"

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One x position: its label (e.g. a date) and value (None = nothing that day)."""

    label: str
    value: float | None


@dataclass(frozen=True, slots=True)
class GuideLine:
    """A dashed horizontal line with a label, e.g. a score band boundary."""

    value: float
    label: str


@dataclass(frozen=True, slots=True)
class _Frame:
    y_min: float
    y_max: float
    count: int
    width: int
    height: int

    @property
    def plot_w(self) -> float:
        return self.width - MARGIN_LEFT - MARGIN_RIGHT

    @property
    def plot_h(self) -> float:
        return self.height - MARGIN_TOP - MARGIN_BOTTOM

    def x(self, index: int) -> float:
        return MARGIN_LEFT + (index + 0.5) * self.plot_w / max(self.count, 1)

    def y(self, value: float) -> float:
        clamped = min(max(value, self.y_min), self.y_max)
        return MARGIN_TOP + (self.y_max - clamped) / (self.y_max - self.y_min) * self.plot_h

    @property
    def bottom(self) -> float:
        return MARGIN_TOP + self.plot_h


def fmt(value: float) -> str:
    """A number for display: at most one decimal, no trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _n(value: float) -> str:
    """A coordinate: two decimals at most, so output is stable for tests."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ticks(y_min: float, y_max: float) -> list[float]:
    span = y_max - y_min
    magnitude = 10 ** math.floor(math.log10(span))
    step = next(
        m * magnitude
        for m in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10)
        if span / (m * magnitude) <= 6
    )
    first = math.ceil(y_min / step) * step
    count = math.floor((y_max - first) / step + 1e-9) + 1
    return [round(first + i * step, 6) for i in range(count)]


def _check(points: Sequence[ChartPoint], y_min: float, y_max: float, chart_id: str) -> None:
    if not _ID.fullmatch(chart_id):
        raise ValueError("chart_id must start with a letter and use only A-Z, 0-9, _ or -")
    if not (math.isfinite(y_min) and math.isfinite(y_max)) or y_max <= y_min:
        raise ValueError("y_max must be greater than y_min, and both finite")
    for p in points:
        if p.value is not None and not math.isfinite(p.value):
            raise ValueError(f"value for {p.label!r} is not a finite number")


def _summary(points: Sequence[ChartPoint]) -> str:
    values = [p.value for p in points if p.value is not None]
    if not values:
        return "No values yet."
    span = f"from {points[0].label} to {points[-1].label}" if len(points) > 1 else points[0].label
    return (
        f"{len(values)} values {span}. Lowest {fmt(min(values))}, highest {fmt(max(values))}, "
        f"latest {fmt(values[-1])}."
    )


def _open(frame: _Frame, chart_id: str, title: str, desc: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {frame.height}" '
        f'width="{frame.width}" height="{frame.height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="onward-chart {kind}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _axes(frame: _Frame, points: Sequence[ChartPoint], y_label: str) -> list[str]:
    out = ['<g class="axes" aria-hidden="true" fill="currentColor" font-size="11">']
    for tick in _ticks(frame.y_min, frame.y_max):
        y = _n(frame.y(tick))
        out.append(
            f'<line x1="{MARGIN_LEFT}" x2="{_n(frame.width - MARGIN_RIGHT)}" y1="{y}" y2="{y}" '
            'stroke="currentColor" stroke-opacity="0.15"/>'
        )
        out.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y}" text-anchor="end" dy="0.35em">{fmt(tick)}</text>'
        )
    step = max(1, math.ceil(len(points) / MAX_X_LABELS))
    for i, p in enumerate(points):
        if i % step == 0:
            out.append(
                f'<text x="{_n(frame.x(i))}" y="{_n(frame.bottom + 18)}" text-anchor="middle">'
                f"{escape(p.label)}</text>"
            )
    if y_label:
        out.append(f'<text x="4" y="12">{escape(y_label)}</text>')
    out.append("</g>")
    return out


def _guides(frame: _Frame, guides: Sequence[GuideLine]) -> list[str]:
    out: list[str] = []
    right = _n(frame.width - MARGIN_RIGHT)
    for g in guides:
        y = _n(frame.y(g.value))
        out.append(
            f'<g class="guide" aria-hidden="true"><line x1="{MARGIN_LEFT}" x2="{right}" '
            f'y1="{y}" y2="{y}" stroke="currentColor" stroke-dasharray="4 3" '
            f'stroke-opacity="0.6"/><text x="{right}" '
            f'y="{y}" dy="-3" text-anchor="end" fill="currentColor" font-size="10">'
            f"{escape(g.label)}</text></g>"
        )
    return out


def _point_title(p: ChartPoint) -> str:
    return f"<title>{escape(p.label)}: {fmt(p.value) if p.value is not None else MISSING}</title>"


def _line_marks(frame: _Frame, points: Sequence[ChartPoint]) -> list[str]:
    out = ['<g class="data" fill="currentColor" stroke="currentColor">']
    segment: list[str] = []
    for i, p in enumerate([*points, ChartPoint("", None)]):
        if p.value is not None:
            segment.append(f"{_n(frame.x(i))},{_n(frame.y(p.value))}")
            continue
        if len(segment) > 1:
            out.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke-width="2"/>')
        segment = []
    for i, p in enumerate(points):
        if p.value is not None:
            out.append(
                f'<circle cx="{_n(frame.x(i))}" cy="{_n(frame.y(p.value))}" r="3.5">'
                f"{_point_title(p)}</circle>"
            )
    out.append("</g>")
    return out


def _bar_marks(frame: _Frame, points: Sequence[ChartPoint]) -> list[str]:
    out = ['<g class="data" fill="currentColor">']
    slot = frame.plot_w / max(len(points), 1)
    bar_w = max(1.0, slot * 0.7)
    base = frame.y(max(frame.y_min, min(0.0, frame.y_max)))
    for i, p in enumerate(points):
        if p.value is None:
            continue
        top = frame.y(p.value)
        y, h = min(top, base), abs(base - top)
        out.append(
            f'<rect x="{_n(frame.x(i) - bar_w / 2)}" y="{_n(y)}" width="{_n(bar_w)}" '
            f'height="{_n(h)}" fill-opacity="0.8">{_point_title(p)}</rect>'
        )
    out.append("</g>")
    return out


def _render(
    kind: str,
    points: Sequence[ChartPoint],
    *,
    title: str,
    desc: str,
    y_min: float,
    y_max: float,
    y_label: str,
    guides: Sequence[GuideLine],
    chart_id: str,
    width: int,
    height: int,
) -> str:
    _check(points, y_min, y_max, chart_id)
    frame = _Frame(y_min, y_max, len(points), width, height)
    lead = desc.strip()
    if lead and lead[-1] not in ".!?":
        lead += "."
    full_desc = f"{lead} {_summary(points)}".strip()
    marks = _line_marks if kind == "line" else _bar_marks
    parts = _open(frame, chart_id, title, full_desc, f"onward-chart-{kind}")
    parts += _axes(frame, points, y_label) + _guides(frame, guides) + marks(frame, points)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render_line_chart(
    points: Sequence[ChartPoint],
    *,
    title: str,
    desc: str = "",
    y_min: float,
    y_max: float,
    y_label: str = "",
    guides: Sequence[GuideLine] = (),
    chart_id: str = "chart",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """A line chart; a missing value (None) breaks the line instead of dropping to zero."""
    return _render(
        "line",
        points,
        title=title,
        desc=desc,
        y_min=y_min,
        y_max=y_max,
        y_label=y_label,
        guides=guides,
        chart_id=chart_id,
        width=width,
        height=height,
    )


def render_bar_chart(
    points: Sequence[ChartPoint],
    *,
    title: str,
    desc: str = "",
    y_min: float,
    y_max: float,
    y_label: str = "",
    guides: Sequence[GuideLine] = (),
    chart_id: str = "chart",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """A bar chart (e.g. urges per day); a missing value draws no bar."""
    return _render(
        "bar",
        points,
        title=title,
        desc=desc,
        y_min=y_min,
        y_max=y_max,
        y_label=y_label,
        guides=guides,
        chart_id=chart_id,
        width=width,
        height=height,
    )


def table_rows(points: Sequence[ChartPoint], *, missing: str = MISSING) -> list[tuple[str, str]]:
    """(label, value) rows for the text table beside a chart; values as displayed."""
    return [(p.label, fmt(p.value) if p.value is not None else missing) for p in points]

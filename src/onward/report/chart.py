"""The contacts-per-day bar chart: one geometry, drawn in the PDF and in the HTML preview."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from onward.report.context import DayCount

BAR_COLOUR = "#4a6fa5"
AXIS_COLOUR = "#555555"
LEFT, BOTTOM, TOP = 30.0, 18.0, 8.0


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: str
    count: int


@dataclass(frozen=True, slots=True)
class ChartGeometry:
    width: float
    height: float
    bars: tuple[Bar, ...]
    peak: int
    labels: tuple[tuple[float, str], ...]  # (x, day) under the axis


def geometry(per_day: tuple[DayCount, ...], width: float, height: float) -> ChartGeometry:
    """Bars in a box with the origin at the bottom left (PDF convention)."""
    peak = max((d.count for d in per_day), default=0)
    plot_w, plot_h = width - LEFT - 4, height - BOTTOM - TOP
    step = plot_w / max(len(per_day), 1)
    bars = tuple(
        Bar(
            x=LEFT + i * step + step * 0.1,
            y=BOTTOM,
            width=max(step * 0.8, 0.5),
            height=(d.count / peak) * plot_h if peak else 0.0,
            day=d.day,
            count=d.count,
        )
        for i, d in enumerate(per_day)
    )
    picks = sorted({0, len(per_day) // 2, len(per_day) - 1}) if per_day else []
    labels = tuple((LEFT + i * step, per_day[i].day) for i in picks)
    return ChartGeometry(width, height, bars, peak, labels)


def drawing(per_day: tuple[DayCount, ...], font: str, width: float, height: float) -> Drawing:
    """The chart as a reportlab Drawing for the PDF."""
    g = geometry(per_day, width, height)
    d = Drawing(width, height)
    bar_fill = colors.HexColor(BAR_COLOUR)
    for bar in g.bars:
        if bar.height:
            d.add(Rect(bar.x, bar.y, bar.width, bar.height, fillColor=bar_fill, strokeColor=None))
    axis = colors.HexColor(AXIS_COLOUR)
    d.add(Line(LEFT, BOTTOM, width - 4, BOTTOM, strokeColor=axis, strokeWidth=0.5))
    d.add(Line(LEFT, BOTTOM, LEFT, height - TOP, strokeColor=axis, strokeWidth=0.5))
    d.add(
        String(
            LEFT - 4,
            height - TOP - 6,
            str(g.peak),
            fontName=font,
            fontSize=7,
            textAnchor="end",
            fillColor=axis,
        )
    )
    d.add(
        String(
            LEFT - 4, BOTTOM - 2, "0", fontName=font, fontSize=7, textAnchor="end", fillColor=axis
        )
    )
    for x, day in g.labels:
        d.add(String(x, 4, day, fontName=font, fontSize=7, fillColor=axis))
    return d


def svg_rows(per_day: tuple[DayCount, ...], width: float, height: float) -> ChartGeometry:
    """The same geometry with y flipped for SVG (origin at the top left)."""
    g = geometry(per_day, width, height)
    flipped = tuple(
        Bar(b.x, height - b.y - b.height, b.width, b.height, b.day, b.count) for b in g.bars
    )
    return ChartGeometry(width, height, flipped, g.peak, g.labels)

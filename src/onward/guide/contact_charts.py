"""SVG charts for the contact timeline: bars per day with a marked date, and heat grids.

Built on ``svgchart`` (same sizes, same accessibility: ``role="img"``, ``<title>``,
``<desc>``, a ``<title>`` on every mark). All labels are escaped; colours come from
``currentColor`` and presentation attributes, so the strict CSP holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Final

from onward.guide.svgchart import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    WIDTH,
    ChartPoint,
    render_bar_chart,
)

GRID_LABEL_W: Final = 150  # the row labels' column, at least
GRID_LABEL_MAX_W: Final = 290  # and at most; a longer label is shortened (the table has it)
CHAR_W: Final = 6.2  # a generous average width of one character at font size 11
LABEL_PAD: Final = 12  # room beside a row label
GRID_TOP: Final = 28
CELL_H: Final = 22
MIN_OPACITY: Final = 0.08


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def day_bars(
    points: Sequence[ChartPoint],
    *,
    title: str,
    desc: str,
    marker_index: int | None = None,
    marker_label: str = "",
    chart_id: str = "days",
) -> str:
    """Bars per day; ``marker_index`` draws a dashed vertical line at that day."""
    top = max((p.value or 0 for p in points), default=0)
    svg = render_bar_chart(
        points, title=title, desc=desc, y_min=0, y_max=max(top, 1) * 1.1, chart_id=chart_id
    )
    if marker_index is None or not 0 <= marker_index < len(points):
        return svg
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    x = _n(MARGIN_LEFT + (marker_index + 0.5) * plot_w / max(len(points), 1))
    bottom = HEIGHT - MARGIN_BOTTOM
    marker = (
        f'<g class="marker" aria-hidden="true"><line x1="{x}" x2="{x}" y1="{MARGIN_TOP}" '
        f'y2="{bottom}" stroke="currentColor" stroke-dasharray="5 3" stroke-width="2"/>'
        f'<text x="{x}" y="{MARGIN_TOP - 6}" text-anchor="middle" fill="currentColor" '
        f'font-size="11">{escape(marker_label)}</text></g>'
    )
    return svg.replace("</svg>", marker + "\n</svg>", 1)


def heat_grid(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
    *,
    title: str,
    desc: str,
    chart_id: str = "grid",
    column_every: int = 1,
) -> str:
    """A grid of cells shaded by value (darker = more), rows and columns labelled."""
    width = WIDTH
    height = GRID_TOP + CELL_H * len(rows) + 8
    longest = max((len(label) for label in rows), default=0)
    label_w = min(max(GRID_LABEL_W, round(longest * CHAR_W) + LABEL_PAD), GRID_LABEL_MAX_W)
    fits = int((label_w - LABEL_PAD) / CHAR_W)
    cell_w = (width - label_w - MARGIN_RIGHT) / max(len(columns), 1)
    top = max((v for row in values for v in row), default=0)
    total = sum(v for row in values for v in row)
    summary = f"{total} in all; the most in one cell: {top}."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="onward-chart onward-grid">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc.strip())} {escape(summary)}</desc>',
        '<g class="axes" aria-hidden="true" fill="currentColor" font-size="11">',
    ]
    for j, label in enumerate(columns):
        if j % column_every == 0:
            x = _n(label_w + (j + 0.5) * cell_w)
            out.append(
                f'<text x="{x}" y="{GRID_TOP - 8}" text-anchor="middle">{escape(label)}</text>'
            )
    for i, label in enumerate(rows):
        y = _n(GRID_TOP + (i + 0.5) * CELL_H)
        shown = label if len(label) <= fits else label[: fits - 1].rstrip() + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{y}" text-anchor="end" dy="0.35em">{escape(shown)}</text>'
        )
    out.append("</g>")
    out.append('<g class="data" fill="currentColor">')
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            shade = MIN_OPACITY + (1 - MIN_OPACITY) * value / top if top and value else 0.0
            x, y = _n(label_w + j * cell_w + 1), _n(GRID_TOP + i * CELL_H + 1)
            out.append(
                f'<rect x="{x}" y="{y}" width="{_n(max(cell_w - 2, 1))}" height="{CELL_H - 2}" '
                f'fill-opacity="{_n(shade) or "0"}" stroke="currentColor" stroke-opacity="0.15">'
                f"<title>{escape(rows[i])}, {escape(columns[j])}: {value}</title></rect>"
            )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"

"""Contact charts: bars with a marked day, heat grids; every label escaped."""

from __future__ import annotations

import re
from html import escape

from onward.guide.contact_charts import CHAR_W, day_bars, heat_grid
from onward.guide.svgchart import ChartPoint

EVIL = '<script>alert(1)</script> & "quotes"'


def test_day_bars_mark_one_day_and_escape() -> None:
    points = [ChartPoint(f"2026-03-0{i}", float(i)) for i in range(1, 6)]
    svg = day_bars(points, title=EVIL, desc=EVIL, marker_index=2, marker_label=EVIL)
    assert svg.count('class="marker"') == 1 and svg.count("<rect") == 5
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "style=" not in svg
    assert 'class="marker"' not in day_bars(points, title="t", desc="", marker_index=9)
    assert 'class="marker"' not in day_bars(points, title="t", desc="")


def test_day_bars_without_contact_still_draw() -> None:
    svg = day_bars([ChartPoint("a", 0.0), ChartPoint("b", 0.0)], title="t", desc="")
    assert svg.startswith("<svg") and "No values" not in svg


def test_heat_grid_cells_titles_and_escaping() -> None:
    svg = heat_grid([EVIL, "b"], ["00", "01", "02"], [[0, 1, 2], [4, 0, 0]], title="T", desc="D")
    assert svg.count("<rect") == 6
    assert 'fill-opacity="1"' in svg  # the busiest cell is darkest
    assert svg.count('fill-opacity="0"') == 3  # empty cells are blank
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "7 in all; the most in one cell: 4." in svg
    assert heat_grid([], [], [], title="T", desc="").startswith("<svg")


def test_heat_grid_row_labels_fit_inside_the_chart() -> None:
    """Long row labels (the flag categories) widen the label column instead of being cut
    off at the chart's left edge; one too long for any column is shortened with "…"."""
    long_label = "Checking up on where you are or who you see"
    svg = heat_grid([long_label, "Threat"], ["w1", "w2"], [[1, 0], [0, 2]], title="T", desc="")
    x = float(re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end"', svg)[0])
    assert f">{long_label}<" in svg
    assert x - len(long_label) * CHAR_W >= 0  # the label's start is inside the picture
    first_cell = float(re.findall(r'<rect x="([\d.]+)"', svg)[0])
    assert first_cell > x  # cells start right of the labels
    endless = "word " * 40
    shortened = heat_grid([endless], ["w1"], [[1]], title="T", desc="")
    assert "…</text>" in shortened and f">{escape(endless)}<" not in shortened
    x = float(re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end"', shortened)[0])
    label = re.findall(r'text-anchor="end" dy="0.35em">([^<]+)</text>', shortened)[0]
    assert x - len(label) * CHAR_W >= 0

"""Contact charts: bars with a marked day, heat grids; every label escaped."""

from __future__ import annotations

from onward.guide.contact_charts import day_bars, heat_grid
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

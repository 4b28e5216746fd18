"""Server-side SVG charts: accessible, escaped, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from onward.guide.svgchart import (
    ChartPoint,
    GuideLine,
    render_bar_chart,
    render_line_chart,
    table_rows,
)

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    ChartPoint("Mon", 2),
    ChartPoint("Tue", None),
    ChartPoint("Wed", 3.5),
    ChartPoint("Thu", 4),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_line_chart_is_accessible_and_breaks_at_gaps() -> None:
    svg = render_line_chart(
        POINTS,
        title="Mood, last 4 days",
        desc="Daily mood from 1 to 5.",
        y_min=1,
        y_max=5,
        chart_id="mood",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "mood-title mood-desc"
    assert root.find(f"{SVG}title").text == "Mood, last 4 days"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc is not None
    assert desc.startswith("Daily mood from 1 to 5. 3 values from Mon to Thu.")
    assert "Lowest 2, highest 4, latest 4." in desc
    polylines = root.findall(f".//{SVG}polyline")
    assert len(polylines) == 1  # Mon stands alone; Wed-Thu is one segment
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert "<script" not in svg
    assert "style=" not in svg


def test_labels_and_titles_are_escaped() -> None:
    evil = "<script>alert(1)</script>"
    svg = render_bar_chart(
        [ChartPoint(evil, 1), ChartPoint('"&', 2)],
        title=evil,
        desc=evil,
        y_min=0,
        y_max=4,
        y_label=evil,
        guides=[GuideLine(3, evil)],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    root = parse(svg)  # still well-formed XML
    assert len(root.findall(f".//{SVG}rect")) == 2


def test_bar_chart_draws_no_bar_for_missing_days_and_bars_sit_on_zero() -> None:
    root = parse(render_bar_chart(POINTS, title="Urges", y_min=0, y_max=4))
    rects = root.findall(f".//{SVG}rect")
    assert len(rects) == 3
    bottoms = {round(float(r.get("y", "0")) + float(r.get("height", "0")), 2) for r in rects}
    assert len(bottoms) == 1


def test_empty_chart_says_so() -> None:
    svg = render_line_chart([], title="Mood", desc="Daily mood", y_min=1, y_max=5)
    assert "Daily mood. No values yet." in svg
    parse(svg)


def test_guides_and_ticks_for_a_score_chart() -> None:
    svg = render_line_chart(
        [ChartPoint("1 Nov", 48), ChartPoint("15 Nov", 60)],
        title="WHO-5",
        y_min=0,
        y_max=100,
        guides=[GuideLine(50, "50: low well-being")],
    )
    assert "stroke-dasharray" in svg
    for tick in ("0", "20", "40", "60", "80", "100"):
        assert f">{tick}</text>" in svg


def test_output_is_deterministic() -> None:
    one = render_line_chart(POINTS, title="Mood", y_min=1, y_max=5)
    assert one == render_line_chart(POINTS, title="Mood", y_min=1, y_max=5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"chart_id": "1bad"}, "chart_id"),
        ({"chart_id": 'x" onload="y'}, "chart_id"),
        ({"y_min": 5, "y_max": 5}, "greater"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"title": "t", "y_min": 0, "y_max": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        render_line_chart(POINTS, **args)  # type: ignore[arg-type]


def test_non_finite_values_are_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        render_line_chart([ChartPoint("x", float("inf"))], title="t", y_min=0, y_max=1)


def test_table_rows_match_the_chart_values() -> None:
    assert table_rows(POINTS) == [("Mon", "2"), ("Tue", "no entry"), ("Wed", "3.5"), ("Thu", "4")]

"""The report as HTML: a fragment for the in-app preview, or a whole page for the export."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from onward.i18n import translations
from onward.report import chart
from onward.report.context import ReportContext

TEMPLATE_DIR = Path(__file__).parent / "templates"
CHART_W, CHART_H = 640.0, 160.0


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    return env


def render_html(ctx: ReportContext, *, standalone: bool = False) -> str:
    """The report as HTML; every value is escaped, so message text stays text."""
    geometry = chart.svg_rows(ctx.per_day, CHART_W, CHART_H)
    return _env().get_template("report.html").render(ctx=ctx, chart=geometry, standalone=standalone)

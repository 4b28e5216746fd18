"""The report page: choose what to include, preview it, download the PDF or the folder."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from markupsafe import Markup
from starlette.responses import Response

from onward.report.html import render_html
from onward.services import report_data, report_export, reports
from onward.web.deps import CSRF, VaultDep
from onward.web.templating import render

router = APIRouter(prefix="/report", dependencies=[CSRF])
Text = Annotated[str, Form()]
Picks = Annotated[list[str] | None, Form()]


def _options(
    start: str, end: str, categories: list[str] | None, names: str
) -> report_data.ReportOptions:
    return report_data.make_options(
        start=start, end=end, categories=",".join(categories or []), redact_names=names == "1"
    )


def _download(data: bytes, name: str, media_type: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=media_type, headers=headers)


@router.get("")
def report_page(request: Request, vault: VaultDep) -> Response:  # noqa: ARG001 (needs unlock)
    return render(request, "report.html", {"categories": report_data.category_choices()})


@router.post("/preview")
def preview(
    request: Request,
    vault: VaultDep,
    start: Text = "",
    end: Text = "",
    categories: Picks = None,
    names: Text = "",
) -> Response:
    ctx = reports.build_report(vault, _options(start, end, categories, names))
    # render_html escapes every value itself (autoescaping Jinja environment).
    return render(request, "report_preview.html", {"preview": Markup(render_html(ctx))})


@router.post("/pdf")
def pdf(
    vault: VaultDep, start: Text = "", end: Text = "", categories: Picks = None, names: Text = ""
) -> Response:
    result = report_export.export_pdf(vault, _options(start, end, categories, names))
    stamp = datetime.now(UTC).astimezone().strftime("%Y-%m-%d")
    return _download(result.pdf, f"report-{stamp}.pdf", "application/pdf")


@router.post("/bundle")
def bundle(
    vault: VaultDep, start: Text = "", end: Text = "", categories: Picks = None, names: Text = ""
) -> Response:
    name, data, _ = report_export.export_zip(vault, _options(start, end, categories, names))
    return _download(data, name, "application/zip")

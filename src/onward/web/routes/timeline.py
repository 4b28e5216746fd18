"""The contact timeline, one message with its flags, dismissing flags, the person's own
marks, and the charts.

Filters travel as GET parameters: only flag categories, channels, dates and a numeric page
cursor, never content (R2). Imported text is always rendered escaped (R31).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import contact_charts, timeline, timeline_figures
from onward.services.timeline import TimelineQuery
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.routes import second_check
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]


def _check_id(value: str) -> str:
    if not is_id(value):
        raise HTTPException(status_code=404)
    return value


def _query(request: Request) -> TimelineQuery:
    params = request.query_params
    return timeline.make_query(
        categories=params.getlist("category"),
        channels=params.getlist("channel"),
        start=params.get("from", ""),
        end=params.get("to", ""),
    )


def _choices() -> dict[str, object]:
    return {"categories": timeline.category_choices(), "channels": timeline.channel_choices()}


@router.get("/timeline")
def timeline_page(request: Request, vault: VaultDep) -> Response:
    try:
        query = _query(request)
        page = timeline.page(vault, query, cursor=request.query_params.get("after"))
    except OnwardError as exc:
        context = {"error": exc.user_message, "hint": exc.hint, "page": None, **_choices()}
        return render(request, "timeline.html", context, status=400)
    figures = timeline_figures.figures(vault)
    context = {
        "page": page,
        "figures": figures,
        "params": request.query_params,
        "second_check": second_check.left(request, vault),
        **_choices(),
    }
    return render(request, "timeline.html", context)


@router.post("/timeline/settings")
def timeline_settings(vault: VaultDep, offset: Text = "", nocontact: Text = "") -> Response:
    timeline.save_settings(vault, offset=offset, no_contact=nocontact)
    return RedirectResponse("/timeline?saved=1", status_code=303)


@router.get("/timeline/{item_id}")
def message_page(request: Request, vault: VaultDep, item_id: str) -> Response:
    view = timeline.message(vault, _check_id(item_id))
    return render(request, "timeline_item.html", {"view": view})


@router.post("/timeline/{item_id}/dismiss")
def dismiss(vault: VaultDep, item_id: str, category: Text = "", action: Text = "") -> Response:
    contact_id = _check_id(item_id)
    timeline.set_dismissed(vault, contact_id, category=category, dismissed=action != "restore")
    return RedirectResponse(f"/timeline/{contact_id}", status_code=303)


@router.post("/timeline/{item_id}/mark")
def mark(vault: VaultDep, item_id: str, category: Text = "", action: Text = "") -> Response:
    contact_id = _check_id(item_id)
    timeline.set_own_mark(vault, contact_id, category=category, marked=action != "unmark")
    return RedirectResponse(f"/timeline/{contact_id}", status_code=303)


@router.get("/charts")
def charts_page(request: Request, vault: VaultDep) -> Response:
    try:
        view = contact_charts.charts(vault, _query(request))
    except OnwardError as exc:
        context = {"error": exc.user_message, "hint": exc.hint, "view": None, **_choices()}
        return render(request, "charts.html", context, status=400)
    return render(request, "charts.html", {"view": view, **_choices()})

"""Where the person stands (/start) and helplines for their country (/lines)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import guide_library, path
from onward.web.deps import CSRF, VaultDep
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
# The repair path is built in its own module; until it is mounted, its guide page stands in.
REPAIR_PAGE = "/mend"


def repair_url(app: FastAPI) -> str:
    """Where the hub's repair offer leads (only shown when the screen leaves repair open)."""
    from onward.web.app import route_inventory  # at call time: app.py imports this module

    if any(p == REPAIR_PAGE and "GET" in m for p, m in route_inventory(app)):
        return REPAIR_PAGE
    return f"/guide/{guide_library.item_key('repair-heart-to-heart')}"


@router.get("/start")
def start_form(request: Request, vault: VaultDep) -> Response:
    return render(request, "start.html", {"page": path.start_page(vault)})


@router.post("/start")
def start_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    try:
        path.save_start_fields(vault, fields)
    except OnwardError as exc:
        context = {"page": path.start_page(vault), "error": exc.user_message, "hint": exc.hint}
        return render(request, "start.html", context, status=400)
    return RedirectResponse("/home", status_code=303)


@router.get("/lines")
def show_lines(request: Request, vault: VaultDep) -> Response:
    return render(request, "lines.html", {"page": path.lines_page(vault)})


@router.post("/lines")
def save_country(vault: VaultDep, fields: FieldsDep) -> Response:
    path.save_country(vault, fields)
    return RedirectResponse("/lines", status_code=303)

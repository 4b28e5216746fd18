"""The home page after unlock."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from onward.services import journal, path, prefs
from onward.web import security
from onward.web.deps import CSRF, VaultDep
from onward.web.routes.path import repair_url
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])


@router.get("/home")
def home(request: Request, vault: VaultDep) -> Response:
    info = request.app.state.sessions.info(request.cookies.get(security.SESSION_COOKIE))
    report = info.unlock_report if info else None
    if info is not None:
        info.unlock_report = None  # R12: shown once, then reset
    return render(
        request,
        "home.html",
        {
            "prefs": prefs.load_prefs(vault),
            "report": report,
            "entry_count": journal.list_entries(vault, limit=1).total,
            "hub": path.load_hub(vault, repair_url=repair_url(request.app)),
        },
    )

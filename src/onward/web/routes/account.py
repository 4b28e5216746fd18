"""Lock, quick exit and the activity ping that keeps an active session open."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from onward.web import security
from onward.web.deps import CSRF

router = APIRouter(dependencies=[CSRF])
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@router.post("/lock")
def lock(request: Request) -> Response:
    request.app.state.sessions.lock_all()
    response = RedirectResponse("/unlock", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/", secure=True, httponly=True)
    return response


@router.post("/x")
def quick_exit(request: Request) -> Response:
    """Sent by the quick-exit control (sendBeacon): lock at once and clear site data (R5)."""
    request.app.state.sessions.lock_all()
    response = Response(status_code=204)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@router.post("/alive")
def alive(request: Request) -> Response:
    """The page reports typing or clicks, so a long entry is not lost to the idle lock."""
    ok = request.app.state.sessions.touch(request.cookies.get(security.SESSION_COOKIE))
    return Response(status_code=204 if ok else 401)

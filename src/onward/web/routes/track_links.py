"""Render the track pages with links to pages other issues build (shown only if they exist).

The safety check (``/check``), the help lines (``/lines``), the chat import (``/import``) and
the contact log (``/log``) are built in parallel. A page links to one only when the running
app has it; otherwise the page says in words where to go.
"""

from __future__ import annotations

from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from onward.web.templating import render

OPTIONAL_PAGES: Final = ("/check", "/lines", "/import", "/log")


def existing_pages(request: Request) -> frozenset[str]:
    """Which of ``OPTIONAL_PAGES`` this app serves (worked out once per app)."""
    state = request.app.state
    found: frozenset[str] | None = getattr(state, "track_pages", None)
    if found is None:
        from onward.web.app import route_inventory  # app.py imports the route modules

        have = {path for path, methods in route_inventory(request.app) if "GET" in methods}
        found = frozenset(p for p in OPTIONAL_PAGES if p in have)
        state.track_pages = found
    return found


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    """``render`` plus ``links``: the optional pages that exist."""
    return render(request, template, {"links": existing_pages(request), **(context or {})}, status)

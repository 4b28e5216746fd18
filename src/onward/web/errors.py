"""One error page shape for every failure (and a fragment for htmx requests)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from onward.web.templating import render


def render_error(request: Request, message: str, hint: str | None, *, status: int) -> Response:
    template = "_error.html" if request.headers.get("hx-request") else "error.html"
    return render(request, template, {"message": message, "hint": hint}, status=status)

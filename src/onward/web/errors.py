"""One error page shape for every failure (and a fragment for htmx requests)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from onward.web.templating import render


def render_error(request: Request, message: str, hint: str | None, *, status: int) -> Response:
    if request.url.path.startswith("/api/"):  # the JSON API's one error shape
        return JSONResponse({"error": {"message": message, "hint": hint}}, status_code=status)
    template = "_error.html" if request.headers.get("hx-request") else "error.html"
    return render(request, template, {"message": message, "hint": hint}, status=status)

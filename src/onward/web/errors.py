"""One error page shape for every failure (and a fragment for htmx requests)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from onward.errors import DataFileMissingError, OnwardError, VaultMissingError
from onward.i18n import gettext as _
from onward.web.templating import render

# python-multipart's words when one part's headers pass its limit (4 KB): in practice, the
# name of a chosen file. The form cannot be read at all then.
_HEADER_TOO_LONG = "Maximum header size exceeded"


def render_error(request: Request, message: str, hint: str | None, *, status: int) -> Response:
    if request.url.path.startswith("/api/"):  # the JSON API's one error shape
        return JSONResponse({"error": {"message": message, "hint": hint}}, status_code=status)
    template = "_error.html" if request.headers.get("hx-request") else "error.html"
    return render(request, template, {"message": message, "hint": hint}, status=status)


def web_hint(exc: OnwardError) -> str | None:
    """The hint for the browser: the terminal's, except where that names a command to type."""
    if isinstance(exc, DataFileMissingError):
        return _(
            "If you moved the Onward folder, move all of it, then close Onward"
            " and start it again with that folder."
        )
    if isinstance(exc, VaultMissingError):
        return _(
            "If you moved the Onward folder, close Onward and start it again with that folder."
            " Or go to the start page to set up a new vault, or to restore a backup."
        )
    return exc.hint


def file_name_too_long(exc: BaseException) -> bool:
    """Whether a form could not be read because the name of a chosen file was far too long."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if _HEADER_TOO_LONG in str(cause):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False

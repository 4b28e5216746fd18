"""The second check's status line: shown while model flags are still being looked for.

The line polls ``/recheck/status`` every few seconds and disappears when the pass is
done. The poll does not count as activity: it never keeps an idle session unlocked.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from onward.services.second_check_runner import SecondCheckRunner
from onward.services.vault import Vault
from onward.web import security
from onward.web.templating import render

router = APIRouter()


def left(request: Request, vault: Vault) -> int | None:
    """Messages the background check has still to read (None: it is not running)."""
    runner: SecondCheckRunner = request.app.state.second_check
    return runner.left(vault)


def kick(request: Request, vault: Vault) -> None:
    """Look for new work (after an import or a who-is-who change); local app only."""
    if not request.app.state.settings.hosted:
        runner: SecondCheckRunner = request.app.state.second_check
        runner.start(vault)


@router.get("/recheck/status")
def status(request: Request) -> Response:
    count = None
    if not request.app.state.settings.hosted:  # never run there (docs/hosting.md §1.11)
        sessions = request.app.state.sessions
        runner: SecondCheckRunner = request.app.state.second_check
        known = sessions.info(request.cookies.get(security.SESSION_COOKIE)) is not None
        count = runner.left_any() if known and sessions.unlocked else None
    return render(request, "_second_check.html", {"second_check": count})

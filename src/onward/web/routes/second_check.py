"""The second check's status line: shown while model flags are still being looked for.

The line polls ``/recheck/status`` every few seconds and disappears when the pass is
done. The poll does not count as activity: it never keeps an idle session unlocked.

Local app: a background thread runs the check (``SecondCheckRunner``). Hosted: the
import worker runs it as a job, a turn at a time (docs/hosting.md §1.11); the pages
that matter (the import result, the timeline, a who-is-who change) queue it when the
vault has messages left and no job is live (``second_check_jobs.ensure``).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from onward.services import second_check_jobs
from onward.services.second_check_runner import SecondCheckRunner
from onward.services.vault import Vault
from onward.web import security
from onward.web.templating import render

router = APIRouter()


def _hosted_ensure(request: Request, vault: Vault) -> int | None:
    sessions = request.app.state.sessions
    account = sessions.account_for(request.cookies.get(security.SESSION_COOKIE))
    if account is None:
        raise HTTPException(status_code=401)
    return second_check_jobs.ensure(request.app.state.settings, vault, account)


def left(request: Request, vault: Vault) -> int | None:
    """Messages the second check has still to read (None: it is not running).

    Hosted: also queues the vault's check job when it has work and none is live."""
    if request.app.state.settings.hosted:
        return _hosted_ensure(request, vault)
    runner: SecondCheckRunner = request.app.state.second_check
    return runner.left(vault)


def kick(request: Request, vault: Vault) -> None:
    """Look for new work (after an import or a who-is-who change)."""
    if request.app.state.settings.hosted:
        _hosted_ensure(request, vault)
        return
    runner: SecondCheckRunner = request.app.state.second_check
    runner.start(vault)


@router.get("/recheck/status")
def status(request: Request) -> Response:
    count = None
    token = request.cookies.get(security.SESSION_COOKIE)
    if request.app.state.settings.hosted:
        vault = request.app.state.sessions.peek(token)  # the idle clock is not reset
        count = second_check_jobs.left(vault) if vault is not None else None
    else:
        sessions = request.app.state.sessions
        runner: SecondCheckRunner = request.app.state.second_check
        known = sessions.info(token) is not None
        count = runner.left_any() if known and sessions.unlocked else None
    return render(request, "_second_check.html", {"second_check": count})

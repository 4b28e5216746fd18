"""Hosted mode: sign-up, login, logout and the session list (docs/hosting.md §1.3-1.5).

Only included when ``settings.hosted``. Login answers a missing name exactly like
a wrong passphrase (R16); a throttled attempt gets 429 with Retry-After (R40).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.config import Settings
from onward.errors import OnwardError, TooManyAttemptsError
from onward.i18n import gettext as _
from onward.services import accounts, hosted_sessions
from onward.services.accounts import Unlocked
from onward.web import api, security
from onward.web.deps import CSRF, SettingsDep
from onward.web.errors import render_error
from onward.web.hosted import HostedSessions, RequestScope, client_address
from onward.web.routes import shares
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


def _sessions(request: Request) -> HostedSessions:
    sessions: HostedSessions = request.app.state.sessions
    return sessions


def _token(request: Request) -> str | None:
    return request.cookies.get(security.SESSION_COOKIE)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html")


def _refused(
    request: Request, template: str, exc: OnwardError, ctx: dict[str, object] | None = None
) -> Response:
    """The form again with the reason: 429 with Retry-After when throttled, else 400."""
    context = {**(ctx or {}), "error": exc.user_message, "hint": exc.hint}
    if isinstance(exc, TooManyAttemptsError):
        response = render(request, template, context, 429)
        response.headers["Retry-After"] = str(int(exc.retry_after_s) + 1)
        return response
    return render(request, template, context, 400)


def _signed_in(request: Request, settings: Settings, unlocked: Unlocked) -> Response:
    """Start a session for a checked account and go home; the key is wiped either way."""
    account, dek = unlocked
    try:
        token = hosted_sessions.start_session(
            settings, account=account, dek=dek, user_agent=request.headers.get("user-agent")
        )
    finally:
        dek.wipe()
    response = RedirectResponse("/home", status_code=303)
    security.set_cookie(response, security.SESSION_COOKIE, token)
    return response


@router.post("/login")
def login(request: Request, settings: SettingsDep, name: Text, passphrase: Text) -> Response:
    try:
        unlocked = accounts.log_in(
            settings, name=name, passphrase=passphrase, address=client_address(request, settings)
        )
    except OnwardError as exc:
        return _refused(request, "login.html", exc)
    return _signed_in(request, settings, unlocked)


@router.get("/signup")
def signup_form(request: Request, settings: SettingsDep) -> Response:
    return render(request, "signup.html", {"needs_code": settings.signup != "open"})


@router.post("/signup")
def signup(
    request: Request,
    settings: SettingsDep,
    name: Text,
    passphrase: Text,
    confirm: Text,
    code: Annotated[str, Form()] = "",
) -> Response:
    ctx: dict[str, object] = {"needs_code": settings.signup != "open"}
    if passphrase != confirm:
        ctx["error"] = _("The two passphrases are not the same.")
        return render(request, "signup.html", ctx, 400)
    try:
        account, vault, recovery = accounts.sign_up(
            settings,
            name=name,
            passphrase=passphrase,
            invitation=code or None,
            address=client_address(request, settings),
        )
    except OnwardError as exc:
        return _refused(request, "signup.html", exc, ctx)
    token = _sessions(request).start_for(
        account, vault, user_agent=request.headers.get("user-agent")
    )
    response = render(request, "recovery.html", {"recovery_key": recovery})
    security.set_cookie(response, security.SESSION_COOKIE, token)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    _sessions(request).lock_all()  # on the request's own connection (see end_session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/", secure=True, httponly=True)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@router.get("/sessions")
def sessions_page(request: Request, settings: SettingsDep) -> Response:
    token = _token(request)
    account = _sessions(request).account_for(token)
    if account is None or token is None:
        return RedirectResponse("/login", status_code=303)
    views = hosted_sessions.list_sessions(settings, account=account, token=token)
    return render(request, "sessions.html", {"sessions": views})


@router.post("/sessions/end")
def end_one(request: Request, settings: SettingsDep, handle: Text) -> Response:
    account = _sessions(request).account_for(_token(request))
    if account is None:
        return RedirectResponse("/login", status_code=303)
    hosted_sessions.end_session_by_handle(settings, account=account, handle=handle)
    return RedirectResponse("/sessions", status_code=303)


@router.post("/sessions/others")
def end_others(request: Request, settings: SettingsDep) -> Response:
    token = _token(request)
    account = _sessions(request).account_for(token)
    if account is None or token is None:
        return RedirectResponse("/login", status_code=303)
    hosted_sessions.end_other_sessions(settings, account=account, token=token)
    return RedirectResponse("/sessions", status_code=303)


@router.get("/passphrase")
def passphrase_form(request: Request) -> Response:
    if _sessions(request).account_for(_token(request)) is None:
        return RedirectResponse("/login", status_code=303)
    return render(request, "passphrase.html")


@router.post("/passphrase")
def change_passphrase(
    request: Request, settings: SettingsDep, old: Text, new: Text, confirm: Text
) -> Response:
    """Re-wrap the key under a new passphrase and end every other session (R15, R17)."""
    token = _token(request)
    account = _sessions(request).account_for(token)
    if account is None or token is None:
        return RedirectResponse("/login", status_code=303)
    if new != confirm:
        ctx = {"error": _("The two new passphrases are not the same.")}
        return render(request, "passphrase.html", ctx, 400)
    try:
        ended = accounts.change_passphrase(settings, account=account, old=old, new=new, token=token)
    except OnwardError as exc:
        return _refused(request, "passphrase.html", exc)
    return render(request, "passphrase.html", {"done": True, "ended": ended})


@router.get("/reset")
def reset_form(request: Request) -> Response:
    return render(request, "reset.html")


@router.post("/reset")
def reset(
    request: Request,
    settings: SettingsDep,
    name: Text,
    recovery_key: Text,
    passphrase: Text,
    confirm: Text,
) -> Response:
    """A new passphrase with the recovery key; answers alike for unknown names (R16)."""
    if passphrase != confirm:
        ctx = {"error": _("The two new passphrases are not the same.")}
        return render(request, "reset.html", ctx, 400)
    try:
        unlocked = accounts.recover_account(
            settings,
            name=name,
            recovery_key=recovery_key,
            new_passphrase=passphrase,
            address=client_address(request, settings),
        )
    except OnwardError as exc:
        return _refused(request, "reset.html", exc)
    return _signed_in(request, settings, unlocked)


@router.get("/admin")
def admin_page(request: Request, settings: SettingsDep) -> Response:
    """Organisation admins see counts only, never content (R42)."""
    account = _sessions(request).account_for(_token(request))
    if account is None or account.role != "admin":
        raise HTTPException(status_code=404)  # the page does not exist for anyone else
    return render(request, "admin.html", {"counts": accounts.organisation_counts(settings)})


# Local-mode pages that make no sense for an account: sent to their hosted twin.
_LOCAL_ONLY = {
    "/": "/login",
    "/unlock": "/login",
    "/setup": "/signup",
    "/recover": "/reset",
    "/restore": "/login",
}


def install(app: FastAPI, settings: Settings) -> None:
    """Add the hosted pages, and open and wipe keys around each request."""
    app.include_router(router)
    app.include_router(shares.router)
    api.install(app)
    # Every worker must accept the others' CSRF tokens, so the secret is shared.
    app.state.csrf_secret = accounts.csrf_secret(settings)

    # Requests in flight per worker: each holds at most one pooled connection (its
    # SharedConnection) and logins one more, so the pool (2 x this) never runs dry.
    in_flight = asyncio.Semaphore(settings.db_pool_size)

    @app.middleware("http")
    async def hosted_scope(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path.startswith("/static/"):
            return await call_next(request)
        target = _LOCAL_ONLY.get(request.url.path)
        if target is not None:
            if request.url.path == "/":
                target = "/home" if _token(request) else "/login"
            return security.apply_headers(RedirectResponse(target, status_code=303))
        async with in_flight:
            scope = RequestScope(_token(request))
            with scope:
                try:
                    response = await call_next(request)
                except BaseException:
                    await anyio.to_thread.run_sync(lambda: scope.finish(commit=False))
                    raise
                if not await anyio.to_thread.run_sync(lambda: scope.finish(commit=True)):
                    return security.apply_headers(
                        render_error(
                            request,
                            _("Something went wrong on our side."),
                            _("Nothing of this step was saved. Try again."),
                            status=500,
                        )
                    )
                return response

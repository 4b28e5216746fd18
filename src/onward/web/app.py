"""The local web app: ``create_app(settings)`` builds it; nothing happens at import."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from onward.config import Settings
from onward.errors import (
    DiskFullError,
    LockedError,
    NotFoundError,
    OnwardError,
    TooManyAttemptsError,
    VaultBusyError,
)
from onward.i18n import gettext as _
from onward.services import db_errors, hosted_sessions
from onward.services.second_check_runner import SecondCheckRunner
from onward.web import security
from onward.web.deps import NeedsUnlock
from onward.web.errors import file_name_too_long, render_error, web_hint
from onward.web.hosted import HostedSessions
from onward.web.routes import (
    account,
    check,
    decide,
    friend,
    goodbye,
    guide,
    home,
    logbook,
    mend,
    notes,
    path,
    plans,
    prefs,
    report,
    signin,
    space,
    start,
    tidy,
    today,
)
from onward.web.routes import imports as import_routes
from onward.web.routes import second_check as second_check_routes
from onward.web.routes import timeline as timeline_routes
from onward.web.sessions import LocalSessions
from onward.web.templating import make_templates

log = logging.getLogger("onward.web")
STATIC_DIR = Path(__file__).parent / "static"
IDLE_CHECK_SECONDS = 10
# Hosted: expired sessions are refused on use anyway; the purge only tidies the table.
HOSTED_PURGE_SECONDS = 300


def create_app(settings: Settings, *, sessions: LocalSessions | None = None) -> FastAPI:
    """Build the app for one data location. The vault starts locked."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        every = HOSTED_PURGE_SECONDS if settings.hosted else IDLE_CHECK_SECONDS
        task = asyncio.create_task(_idle_watch(app.state.sessions, every))
        try:
            yield
        finally:
            task.cancel()
            app.state.sessions.lock_all()  # R6: lock on server shutdown

    app = FastAPI(
        title=settings.title,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    if settings.hosted:
        hosted_sessions.configure_pool(settings)
    app.state.sessions = sessions or (
        HostedSessions(settings) if settings.hosted else LocalSessions()
    )
    # The second check (model flags): this thread locally; hosted, the import worker
    # runs it as a job (docs/hosting.md §1.11).
    app.state.second_check = SecondCheckRunner()
    if isinstance(app.state.sessions, LocalSessions):
        app.state.sessions.on_unlock.append(app.state.second_check.start)
        app.state.sessions.on_lock.append(app.state.second_check.stop)
    app.state.csrf_secret = secrets.token_bytes(32)
    app.state.templates = make_templates(settings)
    _install_guards(app, settings)
    _install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (start.router, account.router, home.router, notes.router, prefs.router):
        app.include_router(router)
    for router in (path.router, check.router, decide.router, plans.router, guide.router):
        app.include_router(router)
    app.include_router(friend.router)
    app.include_router(second_check_routes.router)
    for router in (logbook.router, report.router, import_routes.router, timeline_routes.router):
        app.include_router(router)
    for router in (today.router, mend.router, goodbye.router, space.router, tidy.router):
        app.include_router(router)
    if settings.hosted:
        signin.install(app, settings)  # docs/hosting.md
    return app


async def _idle_watch(sessions: LocalSessions | HostedSessions, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        # In a thread: the hosted purge is a database write, never on the event loop.
        if await asyncio.to_thread(sessions.expire_idle):
            log.info("locked after idle timeout")


def _install_guards(app: FastAPI, settings: Settings) -> None:
    hosts = security.allowed_hosts(settings)
    origins = security.allowed_origins(settings)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not security.host_ok(request, hosts):
            return security.apply_headers(PlainTextResponse(_("Forbidden"), status_code=403))
        if not security.origin_ok(request, origins):
            return security.apply_headers(PlainTextResponse(_("Forbidden"), status_code=403))
        response = await call_next(request)
        if request.cookies.get(security.CSRF_COOKIE) is None:
            cookie = request.state.csrf_cookie if hasattr(request.state, "csrf_cookie") else None
            security.set_cookie(
                response, security.CSRF_COOKIE, cookie or security.new_cookie_value()
            )
        return security.apply_headers(response)


def _status_for(exc: OnwardError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, LockedError):
        return 401
    if isinstance(exc, TooManyAttemptsError):
        return 429
    if isinstance(exc, DiskFullError):
        return 507  # Insufficient Storage: nothing was saved, and the request was fine
    if isinstance(exc, VaultBusyError):
        return 503  # held by another process; the same request can succeed later
    return 400


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NeedsUnlock)
    async def needs_unlock(request: Request, exc: NeedsUnlock) -> Response:  # noqa: ARG001
        return RedirectResponse("/unlock", status_code=303)

    @app.exception_handler(OnwardError)
    async def onward_error(request: Request, exc: OnwardError) -> Response:
        return render_error(request, exc.user_message, web_hint(exc), status=_status_for(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return render_error(
                request, _("This page does not exist."), _("Go back to the start."), status=404
            )
        if exc.status_code == 401:
            return render_error(
                request, _("Please unlock first."), _("Your session has ended."), status=401
            )
        if exc.status_code == 400 and file_name_too_long(exc):  # the name is not repeated
            return render_error(
                request,
                _("The name of a file you chose is too long."),
                _("Rename the file to something shorter, then go back and choose it again."),
                status=400,
            )
        return render_error(request, _("That did not work."), None, status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:  # noqa: ARG001
        return render_error(
            request, _("Some of the form was missing or not valid."), _("Try again."), status=422
        )

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        friendly = db_errors.translate(exc)  # a save outside items.transaction
        if friendly is not None:
            status = _status_for(friendly)
            return security.apply_headers(
                render_error(request, friendly.user_message, friendly.hint, status=status)
            )
        log.error("unexpected error: %s", type(exc).__name__)  # no content in logs (R39)
        return security.apply_headers(
            render_error(
                request,
                _("Something went wrong on our side."),
                _("Your saved data is safe. Try again."),
                status=500,
            )
        )


def route_inventory(app: FastAPI) -> list[tuple[str, frozenset[str]]]:
    """Every API route as (path, methods), for tests that must cover all routes."""
    found: list[tuple[str, frozenset[str]]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                found.append((prefix + route.path, frozenset(route.methods or ())))
            elif hasattr(route, "original_router"):  # FastAPI's lazily included routers
                walk(route.original_router.routes, prefix + route.include_context.prefix)

    walk(list(app.routes), "")
    return found

"""Jinja2 templates with gettext, autoescaping and the page context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from onward.config import Settings
from onward.i18n import translations
from onward.services import quick_exit
from onward.web import security

TEMPLATE_DIR = Path(__file__).parent / "templates"
NEUTRAL_EXIT = "/n"


def make_templates(settings: Settings) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals["app_title"] = settings.title
    return Jinja2Templates(env=env)


def csrf_cookie_value(request: Request) -> str:
    """The browser's CSRF cookie, or a new one that this response will set."""
    value = request.cookies.get(security.CSRF_COOKIE)
    if value:
        return value
    if not hasattr(request.state, "csrf_cookie"):
        request.state.csrf_cookie = security.new_cookie_value()
    return str(request.state.csrf_cookie)


def csrf_for(request: Request) -> str:
    return security.csrf_token(request.app.state.csrf_secret, csrf_cookie_value(request))


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    """Render a page with the context every page needs (exit address, idle time, CSRF)."""
    settings: Settings = request.app.state.settings
    sessions = request.app.state.sessions
    unlocked = (
        sessions.unlocked
        and sessions.info(request.cookies.get(security.SESSION_COOKIE)) is not None
    )
    role = None
    if unlocked and hasattr(sessions, "account_for"):  # hosted mode: links per role
        account = sessions.account_for(request.cookies.get(security.SESSION_COOKIE))
        role = account.role if account is not None else None
    base: dict[str, Any] = {
        "role": role,
        "csrf_token": csrf_for(request),
        "exit_url": _exit_url(request, settings, unlocked),
        "idle_seconds": sessions.idle_seconds if unlocked else 0,
        "unlocked": unlocked,
    }
    base.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, template, base, status_code=status)
    return response


def _exit_url(request: Request, settings: Settings, unlocked: bool) -> str:
    vault = None
    if settings.hosted:  # each account's own address, read only while it is signed in
        if not unlocked:
            return NEUTRAL_EXIT
        token = request.cookies.get(security.SESSION_COOKIE)
        vault = request.app.state.sessions.vault_for(token)
    try:
        return quick_exit.address(settings, vault) or NEUTRAL_EXIT
    except Exception:  # the page must still render: the neutral page is always safe
        return NEUTRAL_EXIT

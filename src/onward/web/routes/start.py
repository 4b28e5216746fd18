"""Before unlock: the safety note, set-up, unlock, recovery, restore, neutral page."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError, TooManyAttemptsError, VaultMissingError
from onward.i18n import gettext as _
from onward.services import backup as backup_service
from onward.services import prefs as prefs_service
from onward.services import vault as vault_service
from onward.web import security
from onward.web.deps import CSRF, SettingsDep
from onward.web.errors import web_hint
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]


def _session_response(request: Request, vault: vault_service.Vault, **kw: object) -> str:
    sessions = request.app.state.sessions
    token = str(sessions.start(vault, **kw))
    sessions.idle_seconds = prefs_service.load_prefs(vault).idle_minutes * 60
    return token


@router.get("/")
def root(request: Request, settings: SettingsDep) -> Response:
    sessions = request.app.state.sessions
    if sessions.vault_for(request.cookies.get(security.SESSION_COOKIE)) is not None:
        return RedirectResponse("/home", status_code=303)
    if not vault_service.vault_exists(settings):
        return RedirectResponse("/intro", status_code=303)
    return RedirectResponse("/unlock", status_code=303)


@router.get("/intro")
def intro(request: Request, settings: SettingsDep) -> Response:
    return render(request, "intro.html", {"has_vault": vault_service.vault_exists(settings)})


@router.get("/setup")
def setup_form(request: Request, settings: SettingsDep) -> Response:
    if vault_service.vault_exists(settings):
        return RedirectResponse("/unlock", status_code=303)
    return render(request, "setup.html")


@router.post("/setup")
def setup(request: Request, settings: SettingsDep, passphrase: Text, confirm: Text) -> Response:
    if vault_service.vault_exists(settings):
        return RedirectResponse("/unlock", status_code=303)
    if passphrase != confirm:
        return render(
            request, "setup.html", {"error": _("The two passphrases are not the same.")}, status=400
        )
    try:
        vault, recovery = vault_service.create_vault(settings, passphrase=passphrase)
    except OnwardError as exc:
        return render(request, "setup.html", {"error": exc.user_message, "hint": exc.hint}, 400)
    token = _session_response(request, vault)
    response = render(request, "recovery.html", {"recovery_key": recovery})
    security.set_cookie(response, security.SESSION_COOKIE, token)
    return response


@router.get("/unlock")
def unlock_form(request: Request, settings: SettingsDep) -> Response:
    if not vault_service.vault_exists(settings):
        return RedirectResponse("/intro", status_code=303)
    return render(request, "unlock.html")


@router.post("/unlock")
def unlock(request: Request, settings: SettingsDep, passphrase: Text) -> Response:
    try:
        vault, report = vault_service.unlock_vault(settings, passphrase=passphrase)
    except TooManyAttemptsError as exc:
        response = render(
            request, "unlock.html", {"error": exc.user_message, "hint": exc.hint}, 429
        )
        response.headers["Retry-After"] = str(int(exc.retry_after_s) + 1)
        return response
    except OnwardError as exc:
        # The folder is gone or empty: the start page sets up a new vault, or restores one.
        gone = isinstance(exc, VaultMissingError) and not vault_service.vault_exists(settings)
        context = {"error": exc.user_message, "hint": web_hint(exc), "start_over": gone}
        return render(request, "unlock.html", context, 400)
    token = _session_response(request, vault, report=report)
    response = RedirectResponse("/home", status_code=303)
    security.set_cookie(response, security.SESSION_COOKIE, token)
    return response


@router.get("/recover")
def recover_form(request: Request) -> Response:
    return render(request, "recover.html")


@router.post("/recover")
def recover(
    request: Request, settings: SettingsDep, recovery_key: Text, passphrase: Text, confirm: Text
) -> Response:
    if passphrase != confirm:
        return render(
            request, "recover.html", {"error": _("The two passphrases are not the same.")}, 400
        )
    try:
        vault_service.recover_with_key(
            settings, recovery_key=recovery_key, new_passphrase=passphrase
        )
    except OnwardError as exc:
        context = {"error": exc.user_message, "hint": web_hint(exc)}
        return render(request, "recover.html", context, 400)
    return render(request, "unlock.html", {"notice": _("Your new passphrase is set.")})


@router.post("/restore")
async def restore(
    request: Request,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    passphrase: Text,
    replace: Annotated[str, Form()] = "",
) -> Response:
    data = await file.read()
    with tempfile.TemporaryDirectory(dir=settings.data_dir) as tmp:
        path = Path(tmp) / "upload.bin"
        path.write_bytes(data)
        try:
            rows = backup_service.restore_backup(
                settings, path=path, passphrase=passphrase, replace_existing=replace == "yes"
            )
        except OnwardError as exc:
            page = "settings.html" if request.app.state.sessions.unlocked else "setup.html"
            return render(request, page, {"error": exc.user_message, "hint": exc.hint}, 400)
    request.app.state.sessions.lock_all()
    notice = _("The backup was restored ({n} items). Unlock with its passphrase.").format(n=rows)
    return render(request, "unlock.html", {"notice": notice})


@router.get("/n")
def neutral(request: Request) -> Response:
    return render(request, "neutral.html")

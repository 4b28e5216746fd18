"""Settings: display name, idle lock, quick-exit address, passphrase, backup.

In hosted mode the idle time is the server's, the passphrase is changed on /passphrase
(it also signs the account in) and a backup is restored in the local app.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.background import BackgroundTask
from starlette.responses import FileResponse, RedirectResponse, Response

from onward.errors import InvalidInputError, OnwardError
from onward.i18n import gettext as _
from onward.services import backup, prefs, quick_exit
from onward.services import vault as vault_service
from onward.web.deps import CSRF, SettingsDep, VaultDep
from onward.web.errors import web_hint
from onward.web.templating import render

router = APIRouter(prefix="/settings", dependencies=[CSRF])
Text = Annotated[str, Form()]


def _page(request: Request, vault: vault_service.Vault, **extra: object) -> dict[str, object]:
    settings = request.app.state.settings
    return {
        "prefs": prefs.load_prefs(vault),
        "exit_address": quick_exit.address(settings, vault) or "",
        "hosted": settings.hosted,
        "server_idle_minutes": settings.session_idle_minutes,
        **extra,
    }


@router.get("")
def show(request: Request, vault: VaultDep) -> Response:
    notice = _notice(request.query_params.get("done"))
    return render(request, "settings.html", _page(request, vault, notice=notice))


def _notice(done: str | None) -> str | None:
    if done == "saved":
        return _("Saved.")
    if done == "passphrase":
        return _("Your passphrase was changed.")
    return None


def _done(what: str) -> Response:
    # Post/Redirect/Get: a page answered straight to a POST keeps the form's
    # fields in the browser's session history file (Chromium "Sessions/"),
    # so the display name would be written to disk in plain text (R4).
    return RedirectResponse(f"/settings?done={what}", status_code=303)


@router.post("")
def save(
    request: Request,
    vault: VaultDep,
    settings: SettingsDep,
    display_name: Annotated[str, Form()] = "",
    idle_minutes: Annotated[str, Form()] = "5",
    exit_address: Annotated[str, Form()] = "",
) -> Response:
    try:
        current = prefs.load_prefs(vault)
        # Hosted sessions end after the server's idle time, so the field is not shown there.
        minutes = current.idle_minutes if settings.hosted else _int(idle_minutes)
        quick_exit.checked(exit_address)  # refuse a bad address before saving anything
        prefs.save_prefs(
            vault, replace(current, display_name=display_name.strip(), idle_minutes=minutes)
        )
        quick_exit.set_address(settings, vault, exit_address)
    except OnwardError as exc:
        context = _page(request, vault, error=exc.user_message, hint=exc.hint)
        return render(request, "settings.html", context, status=400)
    if not settings.hosted:
        request.app.state.sessions.idle_seconds = minutes * 60
    return _done("saved")


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInputError(
            _("Idle lock must be a whole number of minutes."), hint=_("For example, 5.")
        ) from None


@router.post("/passphrase")
def change_passphrase(
    request: Request, vault: VaultDep, settings: SettingsDep, old: Text, new: Text, confirm: Text
) -> Response:
    if settings.hosted:  # an account's passphrase also signs it in: /passphrase changes both
        return RedirectResponse("/passphrase", status_code=303)
    try:
        if new != confirm:
            raise InvalidInputError(
                _("The two new passphrases are not the same."), hint=_("Type them again.")
            )
        vault_service.change_passphrase(settings, old=old, new=new)
    except OnwardError as exc:
        context = _page(request, vault, error=exc.user_message, hint=web_hint(exc))
        return render(request, "settings.html", context, status=400)
    return _done("passphrase")


@router.post("/backup")
def download_backup(vault: VaultDep) -> Response:
    tmp = Path(tempfile.mkdtemp(dir=vault.backend.data_dir))
    path = tmp / "backup.bin"
    backup.write_backup(vault, path)
    name = f"onward-{datetime.now(UTC):%Y%m%d}.bak"

    def cleanup() -> None:
        path.unlink(missing_ok=True)
        tmp.rmdir()

    return FileResponse(
        path,
        filename=name,
        media_type="application/octet-stream",
        background=BackgroundTask(cleanup),
    )

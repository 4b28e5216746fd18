"""Request dependencies: the unlocked vault and the CSRF check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from onward.config import Settings
from onward.services.vault import Vault
from onward.web import security
from onward.web.templating import csrf_cookie_value


class NeedsUnlock(Exception):
    """Raised when a page needs the vault and it is locked (redirects to unlock)."""


async def csrf_check(request: Request) -> None:
    """Every state-changing request carries a valid synchronizer token (R36)."""
    if request.method in security.SAFE_METHODS:
        return
    token = request.headers.get(security.CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(security.CSRF_FIELD)
        token = value if isinstance(value, str) else None
    cookie = request.cookies.get(security.CSRF_COOKIE)
    if not security.csrf_valid(request.app.state.csrf_secret, cookie, token):
        raise HTTPException(status_code=403)
    csrf_cookie_value(request)


def current_vault(request: Request) -> Vault:
    vault: Vault | None = request.app.state.sessions.vault_for(
        request.cookies.get(security.SESSION_COOKIE)
    )
    if vault is None:
        if request.method in security.SAFE_METHODS and not request.headers.get("hx-request"):
            raise NeedsUnlock()
        raise HTTPException(status_code=401)
    return vault


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


VaultDep = Annotated[Vault, Depends(current_vault)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CSRF = Depends(csrf_check)

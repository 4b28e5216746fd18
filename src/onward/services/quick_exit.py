"""Where the quick-exit control sends the browser (security.md R5).

Locally the address lives in the vault header, because the lock screen needs it before
unlock. In hosted mode every account has its own, kept encrypted in the account's
settings item: it is only needed while the person is signed in (the sign-in pages use
the neutral page), so the database holds no one's choice in the clear.
"""

from __future__ import annotations

from dataclasses import replace

from onward.config import Settings
from onward.errors import InvalidInputError
from onward.i18n import gettext as _
from onward.services import prefs
from onward.services import vault as vault_service
from onward.services.vault import Vault

MAX_LENGTH = 300


def checked(address: str) -> str | None:
    """The address as it will be stored, ``None`` for the blank page; refuses others."""
    address = address.strip()
    if not address:
        return None
    if not address.startswith(("https://", "http://")) or len(address) > MAX_LENGTH:
        raise InvalidInputError(
            _("The quick-exit address must start with https://."),
            hint=_("For example, a weather or news page. Leave it empty for a blank page."),
        )
    return address


def address(settings: Settings, vault: Vault | None) -> str | None:
    """The person's quick-exit address, or ``None`` for the neutral page."""
    if settings.hosted:
        if vault is None or vault.locked:
            return None
        return prefs.load_prefs(vault).exit_url or None
    return vault_service.quick_exit_url(settings)


def set_address(settings: Settings, vault: Vault, value: str) -> None:
    """Check and save the quick-exit address (empty for the neutral page)."""
    url = checked(value)
    if settings.hosted:
        prefs.save_prefs(vault, replace(prefs.load_prefs(vault), exit_url=url or ""))
    else:
        vault_service.set_quick_exit_url(settings, url=url)

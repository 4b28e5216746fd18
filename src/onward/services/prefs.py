"""Personal settings kept inside the vault: display name, idle-lock minutes and, in hosted
mode, the quick-exit address (services/quick_exit.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from onward.errors import InvalidInputError
from onward.i18n import gettext as _
from onward.services import items
from onward.services.vault import Vault

KIND = "prefs"
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120


@dataclass(frozen=True, slots=True)
class Prefs:
    display_name: str = ""
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    situation: str = ""
    country: str = ""
    exit_url: str = ""  # hosted mode only; locally it is in the header


def load_prefs(vault: Vault) -> Prefs:
    doc = items.singleton(vault, kind=KIND)
    if doc is None:
        return Prefs()
    known = {k: v for k, v in doc.data.items() if k in Prefs.__dataclass_fields__}
    return Prefs(**known)


def save_prefs(vault: Vault, prefs: Prefs) -> Prefs:
    if not MIN_IDLE_MINUTES <= prefs.idle_minutes <= MAX_IDLE_MINUTES:
        raise InvalidInputError(
            _("Idle lock must be between {lo} and {hi} minutes.").format(
                lo=MIN_IDLE_MINUTES, hi=MAX_IDLE_MINUTES
            ),
            hint=_("Five minutes is a safe default."),
        )
    if len(prefs.display_name) > 80:
        raise InvalidInputError(_("That name is too long."), hint=_("Use 80 characters or fewer."))
    items.save_singleton(vault, kind=KIND, data=asdict(prefs))
    return prefs

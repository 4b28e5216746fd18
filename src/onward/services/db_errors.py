"""Database errors a person can meet, turned into an OnwardError with a next step.

The CLI and the web app call ``translate`` on any database error that reaches them, so a
full disk or a vault held by another Onward gives one plain line, never a traceback. The
driver's own message is dropped: it can carry the statement and its parameters.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from onward.errors import DiskFullError, OnwardError, VaultBusyError
from onward.i18n import gettext as _
from onward.store import db

# What ``translate`` understands; the web app registers its handler for these.
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError,)


def disk_full() -> DiskFullError:
    return DiskFullError(
        _("Your disk is full, so this was not saved."), hint=_("Free some space and try again.")
    )


def busy() -> VaultBusyError:
    seconds = db.BUSY_TIMEOUT_MS // 1000
    return VaultBusyError(
        _(
            "Another Onward window or command kept the vault busy for over {seconds} seconds,"
            " so this was not saved. Everything saved before is safe."
        ).format(seconds=seconds),
        hint=_(
            "Wait for the other one to finish (an import can take a few minutes), then try again."
        ),
    )


def translate(exc: BaseException) -> OnwardError | None:
    """The OnwardError that explains ``exc``, or None for an error nobody can act on."""
    if db.is_disk_full(exc):
        return disk_full()
    if db.is_busy(exc):
        return busy()
    return None

"""Errors a person can trigger. Each carries a plain message and a hint.

Messages never contain journal text, message text, passphrases or keys.
"""

from __future__ import annotations

import re

# A choice's name as the app and its data files spell it (``no_contact``, ``thraet``).
_CHOICE_NAME = re.compile(r"[a-z0-9_]{1,40}")


def repeatable(*values: str) -> bool:
    """Whether an error may name these unknown choices.

    A short lowercase name (a mistyped ``thraet``) is easier to fix when shown. Anything
    else, such as words a person wrote, markup, control characters or a very long value,
    is never repeated back.
    """
    return bool(values) and all(_CHOICE_NAME.fullmatch(v) for v in values)


class OnwardError(Exception):
    """Base for every error the user can cause or fix."""

    exit_code = 1

    def __init__(self, user_message: str, hint: str | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.hint = hint


class ConfigError(OnwardError):
    """Settings are invalid or unsafe."""


class VaultMissingError(OnwardError):
    """No vault exists yet where one was expected."""


class DataFileMissingError(VaultMissingError):
    """The vault's key file is there, but its data file is not (a folder moved in part)."""


class VaultExistsError(OnwardError):
    """A vault already exists where a new one would be created."""


class WrongPassphraseError(OnwardError):
    """The passphrase (or recovery key) did not open the vault."""

    exit_code = 2


class TooManyAttemptsError(OnwardError):
    """Unlock attempts are being slowed down; try again after a pause."""

    exit_code = 2

    def __init__(self, user_message: str, retry_after_s: float, hint: str | None = None) -> None:
        super().__init__(user_message, hint)
        self.retry_after_s = retry_after_s


class LockedError(OnwardError):
    """The vault is locked; unlock it first."""


class VaultBusyError(OnwardError):
    """Another Onward (the app, or a command such as an import) held the vault for longer
    than a save waits. Nothing of this save was kept; everything saved before is intact."""


class WeakPassphraseError(OnwardError):
    """The chosen passphrase is too short or too common."""


class IntegrityError(OnwardError):
    """Stored or backed-up data failed an authenticity or integrity check."""


class DiskFullError(OnwardError):
    """The disk (the database server's, in hosted mode) ran out of space during a save.

    The save's transaction was rolled back: nothing of it was kept, and everything
    saved before it is intact (security.md R48).
    """


class BackupError(OnwardError):
    """A backup could not be written, verified or restored."""


class NotFoundError(OnwardError):
    """The record does not exist (or is not the caller's)."""


class InvalidInputError(OnwardError):
    """Input from the person is not valid."""


class SchemaTooNewError(OnwardError):
    """The data was written by a newer version of Onward."""


class ImportFileError(OnwardError):
    """A whole import file is unusable (unreadable, unknown format, too large, …)."""


class DateOrderUndecidedError(ImportFileError):
    """Nothing in the file decides whether dates are day-first or month-first."""

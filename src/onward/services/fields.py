"""Submitted form fields, as the web layer hands them to services.

A form is a mapping of field name to every value sent under that name (checkbox groups send
several). Services read fields through these helpers so no route has to know a page's fields,
and check with ``is_blank`` that text someone must write (here or on the command line) is
not empty.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence

from onward.errors import InvalidInputError
from onward.i18n import gettext as _

Fields = Mapping[str, Sequence[str]]
MAX_FIELD_CHARS = 2000
# Drawn as nothing, though not format characters: the combining grapheme joiner, the Hangul
# fillers (a common "blank" in chat apps) and the variation selectors.
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u3164\uffa0" + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)


def one(fields: Fields, name: str, default: str = "") -> str:
    """The first value of a field, stripped; ``default`` when absent."""
    values = fields.get(name) or ()
    value = values[0].strip() if values else default
    if len(value) > MAX_FIELD_CHARS:
        raise InvalidInputError(
            _("One of the answers is too long."), hint=_("Please keep each answer shorter.")
        )
    return value


def sent(fields: Fields) -> dict[str, str]:
    """Each field's first value as it was sent, unchecked: put back in its own input after a
    refused save (Jinja escapes it there), never into a message."""
    return {name: values[0] for name, values in fields.items() if values}


def is_blank(text: str) -> bool:
    """Whether text shows nothing: only spaces, line breaks and invisible characters.

    ``str.strip`` keeps zero-width spaces (U+200B), direction marks (U+200E) and the byte
    order mark (U+FEFF): text made of those alone looks empty, so it counts as empty.
    """
    return all(
        ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch) in {"Cf", "Cc"} for ch in text
    )


def many(fields: Fields, name: str) -> list[str]:
    """Every non-empty value of a field (a checkbox group)."""
    return [v.strip() for v in fields.get(name) or () if v.strip()]


def yes_no(fields: Fields, name: str) -> bool | None:
    """ "yes" -> True, "no" -> False, anything else (skipped) -> None."""
    value = one(fields, name)
    return {"yes": True, "no": False}.get(value)


def date_field(fields: Fields, name: str, default: dt.date) -> dt.date:
    value = one(fields, name)
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            _("That date is not valid."), hint=_("Use the date picker, or type YYYY-MM-DD.")
        ) from None


def local_moment(fields: Fields, name: str) -> dt.datetime | None:
    """A ``datetime-local`` value read in this computer's time zone (Onward runs locally)."""
    value = one(fields, name)
    if not value:
        return None
    try:
        typed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            _("That time is not valid."), hint=_("Use the picker, or type YYYY-MM-DD HH:MM.")
        ) from None
    try:
        # A value without a zone is local time; either way it must fit years 1-9999 in UTC.
        moment = typed if typed.tzinfo is not None else typed.astimezone()
        moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise InvalidInputError(
            _("That time is too far in the past or the future."),
            hint=_("Use the picker, or type YYYY-MM-DD HH:MM."),
        ) from None
    return moment

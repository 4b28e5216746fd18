"""Timeline settings: which UTC offset days and hours are counted in, and the no-contact date.

Days and hours in charts are computed in SQL with one fixed UTC offset (a database cannot
apply a time zone's daylight-saving rules to a million rows cheaply). The person can choose
the offset; otherwise the computer's current offset is used, and every page says which.

The no-contact date is the day the person asked for no contact. It is taken from the
timeline setting when set, else from the no-contact plan (``services.nocontact_log``),
which another part of the app keeps; that module is read defensively.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Final

from onward.errors import InvalidInputError
from onward.i18n import gettext as _
from onward.services import items
from onward.services.vault import Vault

KIND: Final = "tlprefs"
MAX_OFFSET_MIN: Final = 14 * 60  # UTC-12:00 .. UTC+14:00 covers every zone in use


@dataclass(frozen=True, slots=True)
class TimelinePrefs:
    """What the person chose (None: not chosen)."""

    utc_offset_min: int | None = None
    no_contact: date | None = None


@dataclass(frozen=True, slots=True)
class Clock:
    """The offset in use, and whether the person chose it."""

    offset_s: int
    chosen: bool

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(seconds=self.offset_s))

    @property
    def label(self) -> str:
        """ "UTC+01:00" and the like."""
        sign = "+" if self.offset_s >= 0 else "-"
        minutes = abs(self.offset_s) // 60
        return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def system_offset_s(now: datetime | None = None) -> int:
    moment = (now or datetime.now(UTC)).astimezone()
    return int((moment.utcoffset() or timedelta()).total_seconds())


def load(vault: Vault) -> TimelinePrefs:
    doc = items.singleton(vault, kind=KIND)
    if doc is None:
        return TimelinePrefs()
    offset = doc.data.get("utc_offset_min")
    day = doc.data.get("no_contact")
    return TimelinePrefs(
        utc_offset_min=int(offset) if isinstance(offset, int) else None,
        no_contact=date.fromisoformat(day) if isinstance(day, str) and day else None,
    )


def save(vault: Vault, prefs: TimelinePrefs) -> TimelinePrefs:
    if prefs.utc_offset_min is not None and abs(prefs.utc_offset_min) > MAX_OFFSET_MIN:
        raise InvalidInputError(
            _("That time offset is not one used anywhere."),
            hint=_("Choose an offset between UTC-12:00 and UTC+14:00."),
        )
    data = {
        "utc_offset_min": prefs.utc_offset_min,
        "no_contact": prefs.no_contact.isoformat() if prefs.no_contact else None,
    }
    items.save_singleton(vault, kind=KIND, data=data)
    return prefs


def clock(prefs: TimelinePrefs, now: datetime | None = None) -> Clock:
    if prefs.utc_offset_min is not None:
        return Clock(prefs.utc_offset_min * 60, True)
    return Clock(system_offset_s(now), False)


def no_contact_day(vault: Vault, prefs: TimelinePrefs) -> date | None:
    """The timeline's own no-contact date, else the no-contact plan's start, else None."""
    if prefs.no_contact is not None:
        return prefs.no_contact
    try:
        from onward.services import nocontact_log  # another part of the app; may change

        plan = nocontact_log.load_plan(vault)
    except Exception:  # a missing or changed module must not break the timeline
        return None
    start = getattr(plan, "start", None)
    return start if isinstance(start, date) else None


def parse_offset(text: str) -> int | None:
    """ "+01:00", "-05:30", "UTC+2" or "" (not chosen) -> minutes."""
    value = text.strip().upper().removeprefix("UTC")
    if not value:
        return None
    sign = -1 if value.startswith("-") else 1
    hours, _sep, minutes = value.lstrip("+-").partition(":")
    try:
        total = int(hours) * 60 + (int(minutes) if minutes else 0)
    except ValueError:
        raise InvalidInputError(
            _("That time offset is not one Onward can read."), hint=_("Write it like +01:00.")
        ) from None
    return sign * total


def parse_day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            _("That date is not one Onward can read."), hint=_("Write it like 2026-03-01.")
        ) from None

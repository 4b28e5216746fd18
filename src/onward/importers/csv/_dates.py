"""Timestamps in hand-made CSV files, and the day/month order of numeric dates.

A timestamp is ISO 8601 (``2023-12-24T21:05:07+01:00``, ``2023-12-24 21:05``), Unix seconds
(10 digits) or milliseconds (13 digits), or a numeric date such as ``24.12.2023 21:05`` or
``12/24/23, 9:05 PM``. For numeric dates whose year is not first, the order is decided from
the whole column, in the steps whatsapp-chat-parser uses (see docs/chat-parsers.md): a first
field above 12 means day-first; a second field above 12 means month-first; else a field that
goes down while the year stays the same is the day (months never go down within a year);
else the field that changes more often is the day. When nothing decides, the person is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from onward.importers._common import utc_from_unix, utc_from_unix_ms
from onward.importers.base import DateOrder

_NUMERIC = re.compile(
    r"\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?"
    r"(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp])?\.?\s?(?:[Mm]\.?)?)?\s*"
)
_UNIX_SECONDS = re.compile(r"\d{9,10}(?:\.\d{1,6})?")
_UNIX_MILLIS = re.compile(r"\d{12,13}")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_CHANGES = 3  # the "changes more often" step needs at least this many changes to decide


@dataclass(frozen=True, slots=True)
class Numeric:
    """A numeric date and time, before the day/month order is known."""

    first: int
    second: int
    third: int
    hour: int
    minute: int
    second_of_minute: int
    meridiem: str | None  # "a" or "p" for 12-hour times

    @property
    def year_first(self) -> bool:
        return self.first > 31


def parse_fixed(value: str) -> datetime | None:
    """A timestamp that needs no date order (ISO 8601 or Unix), or None.

    An ISO 8601 value without an offset comes back naive, for the caller to place in a zone.
    """
    text = value.strip()
    try:
        if _UNIX_MILLIS.fullmatch(text):
            return utc_from_unix_ms(int(text))
        if _UNIX_SECONDS.fullmatch(text):
            return utc_from_unix(float(text))
    except ValueError:
        return None
    if not _ISO_START.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_numeric(value: str) -> Numeric | None:
    """The fields of a numeric date, or None."""
    match = _NUMERIC.fullmatch(value)
    if match is None:
        return None
    first, second, third, hour, minute, sec = (int(g or 0) for g in match.groups()[:6])
    meridiem = match.group(7).lower() if match.group(7) else None
    return Numeric(first, second, third, hour, minute, sec, meridiem)


def build(numeric: Numeric, order: DateOrder, zone: tzinfo) -> datetime | None:
    """The datetime for a numeric date read in ``order``, or None if it is not a real date."""
    if numeric.year_first or order == "YMD":
        year, month, day = numeric.first, numeric.second, numeric.third
    elif order == "MDY":
        month, day, year = numeric.first, numeric.second, numeric.third
    else:
        day, month, year = numeric.first, numeric.second, numeric.third
    if year < 100:
        year += 2000
    hour = numeric.hour
    if numeric.meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if numeric.meridiem == "p" else 0)
    try:
        return datetime(
            year, month, day, hour, numeric.minute, numeric.second_of_minute, tzinfo=zone
        )
    except ValueError:
        return None


class OrderVote:
    """Collects evidence about day/month order, one date at a time (constant memory)."""

    def __init__(self) -> None:
        self.first_over_12 = False
        self.second_over_12 = False
        self.first_went_down = False
        self.second_went_down = False
        self.first_changes = 0
        self.second_changes = 0
        self._last: Numeric | None = None

    def add(self, numeric: Numeric) -> None:
        if numeric.year_first:
            return
        self.first_over_12 |= numeric.first > 12
        self.second_over_12 |= numeric.second > 12
        last = self._last
        if last is not None and last.third == numeric.third:
            self.first_went_down |= numeric.first < last.first
            self.second_went_down |= numeric.second < last.second
            self.first_changes += numeric.first != last.first
            self.second_changes += numeric.second != last.second
        self._last = numeric

    def decide(self) -> tuple[DateOrder, str] | None:
        """The order and the rule that decided it, or None when nothing does."""
        if self.first_over_12 != self.second_over_12:
            if self.first_over_12:
                return "DMY", "a first date field above 12"
            return "MDY", "a second date field above 12"
        if self.first_over_12:
            return None  # both above 12 somewhere: not one consistent order
        if self.first_went_down != self.second_went_down:
            if self.first_went_down:
                return "DMY", "the first date field goes down within a year"
            return "MDY", "the second date field goes down within a year"
        most = max(self.first_changes, self.second_changes)
        if most >= MIN_CHANGES and self.first_changes != self.second_changes:
            if self.first_changes > self.second_changes:
                return "DMY", "the first date field changes more often"
            return "MDY", "the second date field changes more often"
        return None


def read(value: str, order: DateOrder, zone: tzinfo) -> datetime | None:
    """One timestamp cell read with a known date order, or None."""
    fixed = parse_fixed(value)
    if fixed is not None:
        return fixed if fixed.tzinfo else fixed.replace(tzinfo=zone)
    numeric = parse_numeric(value)
    return build(numeric, order, zone) if numeric is not None else None

"""Turn the wall-clock date and time of a WhatsApp header into an aware datetime.

Exports hold the phone's local wall-clock time with no zone or offset (WhatsApp renders each
message's time in the phone's time zone at the moment of export). We read those times in the zone
the person names (``ParseOptions.timezone``, an IANA name such as ``Europe/Berlin``) or, when
they name none, in this computer's local zone, and give every message a fixed UTC offset
(``datetime.timezone``), so each timestamp is one exact instant.

Speed: a file has few distinct dates, so each date text is parsed once and, for a day with one
UTC offset all day, mapped to an aware midnight; a message's time is then that midnight plus
cached ``timedelta`` values for its clock text and seconds (see ``Clock``). Days with a change
of offset (DST) take a slower path:

* a time that occurs twice (the hour after clocks go back) is read as its first occurrence
  unless that would put it more than ``ORDER_SLACK`` before the previous message, in which case
  it is the second occurrence; the message is flagged ``ambiguous_local_time``;
* a time that does not exist (the hour skipped when clocks go forward; only seen when the phone
  was in another zone) keeps the offset from before the change and is flagged
  ``nonexistent_local_time``.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from onward.errors import ImportFileError
from onward.importers.base import DateOrder
from onward.importers.whatsapp.dateorder import date_fields

AMBIGUOUS_LOCAL_TIME: Final = "ambiguous_local_time"
NONEXISTENT_LOCAL_TIME: Final = "nonexistent_local_time"
# How far a message may go back in time without comment: exports are in the order the phone
# stored messages, and messages sent while offline can sit a little out of time order.
ORDER_SLACK: Final = timedelta(minutes=5)
# Two-digit years are 20yy: WhatsApp exists since 2009.
_CENTURY: Final = 2000
# Years outside this range are not dates a phone wrote (and keep datetime arithmetic in range).
MIN_YEAR: Final = 1970
MAX_YEAR: Final = 2199
_HOURS_PER_DAY: Final = 24
_NOON: Final = 12
_SIXTY: Final = 60


class Zone:
    """The time zone that header times are read in."""

    def __init__(self, name: str | None) -> None:
        self._zone: tzinfo | None = None
        if name is not None:
            try:
                self._zone = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
                raise ImportFileError(
                    "The time zone given for this import is not known.",
                    hint="Use an IANA time zone name such as Europe/Berlin or America/New_York.",
                ) from exc
        self.name = name or f"this computer's time zone ({time.tzname[0]})"
        self._fixed: dict[timedelta, timezone] = {}

    def offset(self, naive: datetime, fold: int) -> timedelta:
        """The UTC offset of a wall-clock time (``fold`` picks the occurrence, as in PEP 495)."""
        if self._zone is None:
            # A naive datetime's astimezone() uses the operating system's local-time rules.
            offset = naive.replace(fold=fold).astimezone().utcoffset()
        else:
            offset = naive.replace(tzinfo=self._zone, fold=fold).utcoffset()
        return offset if offset is not None else timedelta(0)

    def fixed(self, offset: timedelta) -> timezone:
        """A shared fixed-offset tzinfo for an offset."""
        tz = self._fixed.get(offset)
        if tz is None:
            tz = self._fixed[offset] = timezone(offset)
        return tz

    def uniform_offset(self, day: date) -> timedelta | None:
        """The day's UTC offset if it is the same all day, else None (a DST change day).

        Samples every hour and the next midnight: offsets change at most a few times a year
        and never twice within an hour.
        """
        midnight = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - wall-clock probe
        first = self.offset(midnight, 0)
        for hour in range(1, _HOURS_PER_DAY + 1):
            if self.offset(midnight + timedelta(hours=hour), 0) != first:
                return None
        return first

    def resolve(
        self, naive: datetime, previous: datetime | None
    ) -> tuple[datetime, tuple[str, ...]]:
        """An aware datetime for a wall-clock time on a day whose offset changes."""
        early, late = self.offset(naive, 0), self.offset(naive, 1)
        if early == late:
            return naive.replace(tzinfo=self.fixed(early)), ()
        if early < late:  # skipped hour: fold 0 keeps the offset from before the change
            return naive.replace(tzinfo=self.fixed(early)), (NONEXISTENT_LOCAL_TIME,)
        first = naive.replace(tzinfo=self.fixed(early))
        if previous is not None and first < previous - ORDER_SLACK:
            return naive.replace(tzinfo=self.fixed(late)), (AMBIGUOUS_LOCAL_TIME,)
        return first, (AMBIGUOUS_LOCAL_TIME,)


class BadTimestamp(Exception):
    """A header whose date or time cannot be a real one (carries a content-free reason)."""


class Clock:
    """Header date and time texts to aware datetimes, with caches the parser's loop reads.

    A header's time comes as up to three texts (see ``Layout.regex``): the clock text
    (``21:05``, ``9:05 PM``), the seconds (``07`` or None) and, in layouts with seconds, the
    12 h marker (`` PM``, or ""). For a day with one UTC offset the timestamp is
    ``uniform[date] + minutes[clock] (+ markers[marker]) (+ SECONDS[sec])``: small
    dictionaries that stay in the CPU cache, where one keyed by whole time texts with seconds
    would hold 86,400 entries for an iOS export.
    """

    def __init__(self, order: DateOrder, zone: Zone, *, twelve_hour: bool) -> None:
        self.order: DateOrder = order
        self.zone = zone
        self.twelve_hour = twelve_hour
        self.uniform: dict[str, datetime] = {}
        self.minutes: dict[str, timedelta] = {}
        self.markers: dict[str, timedelta] = {}
        self._days: dict[str, date | str] = {}  # date text -> date, or the reason it is invalid

    def timestamp(
        self, date_text: str, clock: str, sec: str | None, marker: str, previous: datetime | None
    ) -> tuple[datetime, tuple[str, ...]]:
        """The aware datetime of a header (the slow path, filling the caches).

        Raises:
            BadTimestamp: the date or time is not valid.
        """
        delta = self.minutes.get(clock)
        if delta is None:
            delta = self.minutes[clock] = parse_clock(clock, twelve_hour=self.twelve_hour)
        if marker:
            half = self.markers.get(marker)
            if half is None:
                half = self.markers[marker] = parse_marker(marker)
            delta += half
        if sec is not None:
            delta += SECONDS[sec]
        base = self.uniform.get(date_text)
        if base is None:
            day = self._day(date_text)
            base = self.uniform.get(date_text)
            if base is None:  # the UTC offset changes on this day
                naive = datetime(day.year, day.month, day.day) + delta  # noqa: DTZ001
                return self.zone.resolve(naive, previous)
        return base + delta, ()

    def _day(self, date_text: str) -> date:
        day = self._days.get(date_text)
        if day is None:
            try:
                day = parse_date(date_text, self.order)
            except BadTimestamp as exc:
                day = str(exc)
            self._days[date_text] = day
            if isinstance(day, date):
                offset = self.zone.uniform_offset(day)
                if offset is not None:
                    self.uniform[date_text] = datetime(
                        day.year, day.month, day.day, tzinfo=self.zone.fixed(offset)
                    )
        if isinstance(day, str):
            raise BadTimestamp(day)
        return day


_ORDER_WORDS: Final[dict[DateOrder, str]] = {
    "DMY": "day-first",
    "MDY": "month-first",
    "YMD": "year-first",
}


def parse_date(text: str, order: DateOrder) -> date:
    """The date of a header date text under a date order.

    Raises:
        BadTimestamp: not a valid date in that order, or a year outside MIN_YEAR..MAX_YEAR.
    """
    a, b, c = date_fields(text)
    if order == "DMY":
        day, month, year = a, b, c
    elif order == "MDY":
        month, day, year = a, b, c
    else:
        year, month, day = a, b, c
    y = int(year) + (_CENTURY if len(year) <= 2 else 0)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise BadTimestamp(f"the year is outside {MIN_YEAR}–{MAX_YEAR}")
    try:
        return date(y, int(month), int(day))
    except ValueError:
        raise BadTimestamp(f"the date is not a valid {_ORDER_WORDS[order]} date") from None


def parse_clock(text: str, *, twelve_hour: bool) -> timedelta:
    """Time since midnight of a clock text: ``21:05``, ``0.15``, ``9:05 PM``, ``12:05 a. m.``.

    The header regex has checked the shape (1 or 2 digits, a separator, 2 digits, and on a
    12 h clock possibly a marker).

    Raises:
        BadTimestamp: an hour or minute out of range for the clock.
    """
    cut = 1 if text[1] in ":." else 2
    hour, minute = int(text[:cut]), int(text[cut + 1 : cut + 3])
    if twelve_hour:
        if not 1 <= hour <= _NOON:
            raise BadTimestamp("the hour is not a valid 12-hour clock hour")
        hour %= _NOON
    if hour >= _HOURS_PER_DAY or minute >= _SIXTY:
        raise BadTimestamp("the time is not a valid time of day")
    clock = timedelta(0, (hour * _SIXTY + minute) * _SIXTY)
    marker = text[cut + 3 :]
    return clock + parse_marker(marker) if marker else clock


def parse_marker(marker: str) -> timedelta:
    """What a 12 h marker adds: 12 hours for PM (``PM``, ``p.m.``, ``p. m.``), else nothing."""
    return timedelta(hours=_NOON) if "p" in marker or "P" in marker else timedelta(0)


SECONDS: Final = {f"{second:02d}": timedelta(seconds=second) for second in range(_SIXTY)}
"""Seconds texts ``00``..``59`` (the header regex admits no others)."""

"""Helpers shared by the built-in importers: limits, time zones, text hygiene, issues.

Nothing here reads message content into an error, an issue or a warning.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from onward.errors import ImportFileError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport

SELF_SENDER = "Me"  # the person who made the export, where the format marks own messages
UNKNOWN_SENDER = "Unknown"  # a message whose author the export does not name

REPLACEMENT_CHAR = "\ufffd"
BAD_TEXT_WARNING = "some characters could not be read and were replaced with \ufffd"
EDITED_WARNING = "edited after it was sent; the export holds the last version"
IMPLAUSIBLE_DATE_WARNING = "the date looks implausible (before 1995 or after 2100)"

# Lone UTF-16 surrogates cannot be stored as UTF-8. They come from "\udXXX" escapes in JSON
# and from undecodable bytes read with errors="surrogateescape".
_SURROGATE = re.compile("[\ud800-\udfff]")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PLAUSIBLE_FROM = datetime(1995, 1, 1, tzinfo=UTC)
_PLAUSIBLE_UNTIL = datetime(2100, 1, 1, tzinfo=UTC)
HEAD_BYTES = 64 * 1024  # how much of a file detect() functions look at


def clean_text(text: str) -> tuple[str, bool]:
    """Replace characters that cannot be stored (lone surrogates) with U+FFFD.

    Returns the text and whether anything was replaced. Everything else is kept exactly.
    """
    if _SURROGATE.search(text) is None:
        return text, False
    return _SURROGATE.sub(REPLACEMENT_CHAR, text), True


def note(report: ParseReport, warning: str) -> None:
    """Add a file-level warning once."""
    if warning not in report.warnings:
        report.warnings.append(warning)


def make_issue(path: Path, where: str, reason: str) -> ImportIssue:
    """An issue naming the file by its name only (never its folder, never message text)."""
    return ImportIssue(file=path.name, where=where, reason=reason)


def check_size(path: Path, options: ParseOptions, *, extra: int = 0) -> int:
    """Return the file size, or raise ImportFileError if it is unreadable or over the limit.

    Args:
        extra: bytes already counted for other files of the same export.
    """
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportFileError(
            "We could not read this file", hint="Check that the file exists and can be opened."
        ) from None
    if size + extra > options.max_bytes:
        raise ImportFileError(
            "This export is too large to import",
            hint=f"The limit is {options.max_bytes // (1024 * 1024)} MiB.",
        )
    return size


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a file, or b"" when it cannot be read (for detect functions)."""
    try:
        with path.open("rb") as fp:
            return fp.read(size)
    except OSError:
        return b""


def head_text(path: Path, size: int = HEAD_BYTES) -> str:
    """The start of a file as text without a BOM or leading whitespace (for detect functions)."""
    return read_head(path, size).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")


MAX_LINE_CHARS = 16 * 1024 * 1024  # one line longer than this is not a chat line


def iter_lines(fp: TextIO) -> Iterator[tuple[int, str | None]]:
    """(line number, line without its line break) pairs; None for a line over the limit.

    Reads in bounded pieces, so a file with no line breaks cannot fill the memory.
    """
    limit = MAX_LINE_CHARS
    number = 0
    while True:
        line = fp.readline(limit)
        if not line:
            return
        number += 1
        if line.endswith("\n") or len(line) < limit:
            yield number, _strip_line_break(line)
            continue
        while line and not line.endswith("\n"):  # skip the rest of the overlong line
            line = fp.readline(limit)
        yield number, None


def _strip_line_break(line: str) -> str:
    """Remove exactly one line break (CRLF or LF); a lone CR inside the text stays."""
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line.endswith("\n") else line


def utc_from_unix(seconds: float) -> datetime:
    """A UTC datetime from Unix seconds; ValueError when the value is out of range."""
    if not math.isfinite(seconds):
        raise ValueError("not a finite number")
    try:
        return _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError("out of range") from None


def utc_from_unix_ms(milliseconds: int) -> datetime:
    """A UTC datetime from Unix milliseconds, exactly; ValueError when out of range."""
    try:
        return _EPOCH + timedelta(milliseconds=milliseconds)
    except OverflowError:
        raise ValueError("out of range") from None


def date_warnings(ts: datetime) -> tuple[str, ...]:
    """A warning for dates no chat app can have written."""
    if _PLAUSIBLE_FROM <= ts < _PLAUSIBLE_UNTIL:
        return ()
    return (IMPLAUSIBLE_DATE_WARNING,)


class SystemZone(tzinfo):
    """This computer's time zone, with the right daylight-saving offset for every date.

    ``datetime.now().astimezone().tzinfo`` is a fixed offset and would put half of a
    multi-year chat one hour off; this asks the C library for each wall time instead.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=time.localtime().tm_gmtoff)
        fields = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1)
        try:
            local = time.localtime(time.mktime(fields))
        except (OverflowError, ValueError, OSError):
            return timedelta(seconds=time.localtime().tm_gmtoff)
        return timedelta(seconds=local.tm_gmtoff)

    def dst(self, _dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, _dt: datetime | None) -> str:
        return time.tzname[0]

    def __repr__(self) -> str:
        return "SystemZone()"


def local_zone(options: ParseOptions, report: ParseReport) -> tzinfo:
    """The zone for exports that write local wall times, noted once in the report."""
    if options.timezone:
        try:
            zone: tzinfo = ZoneInfo(options.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImportFileError(
                "That time zone name is not known",
                hint="Use an IANA name such as Europe/Berlin or America/New_York.",
            ) from None
        name = options.timezone
    else:
        zone = SystemZone()
        name = f"this computer's time zone ({time.tzname[0]})"
    note(report, f"Times in this export carry no time zone; they were read as {name}.")
    return zone

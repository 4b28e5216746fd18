"""Helplines by country, from ``content/helplines/<CC>.yaml``, with an international fallback.

Every entry carries its source and the date it was last checked, so a reviewer can see what is
stale. Nothing here dials, texts or opens a link: the app and CLI only show the entries.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from onward.content.datafiles import ContentError, Record, content_root, load_data

INTERNATIONAL = "international"
HELPLINES_DIR = "helplines"
_CODE_RE = re.compile(r"^[A-Z]{2}$")


class Topic(StrEnum):
    """What a line is for."""

    EMERGENCY = "emergency"
    DOMESTIC_ABUSE = "domestic_abuse"
    CRISIS = "crisis"  # suicide and emotional crisis
    YOUTH = "youth"
    MEN = "men"
    INFO = "info"
    DIRECTORY = "directory"


@dataclass(frozen=True, slots=True)
class Line:
    """One way to reach human help."""

    name: str
    topic: Topic
    call: str | None
    text: str | None  # an instruction, e.g. "Text START to 88788"
    chat: str | None  # a web address with live chat or a directory
    hours: str
    languages: tuple[str, ...]
    region: str | None  # e.g. "Ontario"; None means the whole country
    notes: str | None
    url: str | None
    source: str
    checked: dt.date


@dataclass(frozen=True, slots=True)
class CountryHelplines:
    """The lines for one country (or the international fallback)."""

    code: str
    name: str
    notes: str | None
    emergency: Line
    lines: tuple[Line, ...]
    fallback: bool = False  # True when the country asked for has no file of its own

    def by_topic(self, *topics: Topic) -> list[Line]:
        return [line for line in self.lines if line.topic in topics]

    def all_lines(self) -> list[Line]:
        return [self.emergency, *self.lines]


def countries() -> list[str]:
    """Country codes with their own helpline file (the fallback is not included)."""
    folder = content_root().joinpath(HELPLINES_DIR)
    codes = (node.name.removesuffix(".yaml") for node in folder.iterdir())
    return sorted(code for code in codes if _CODE_RE.match(code))


def load_helplines(country: str) -> CountryHelplines:
    """Helplines for a two-letter country code (any case); unknown codes get the fallback."""
    code = country.strip().upper()
    if code == "UK":  # people type UK; the ISO code is GB
        code = "GB"
    if code in countries():
        return _load(code)
    found = _load(INTERNATIONAL)
    return CountryHelplines(
        found.code, found.name, found.notes, found.emergency, found.lines, fallback=True
    )


def crisis_lines(country: str) -> list[Line]:
    """The emergency number and the suicide / crisis lines to show at once."""
    found = load_helplines(country)
    crisis = found.by_topic(Topic.CRISIS)
    if not crisis:  # the fallback: show the directory rather than nothing
        crisis = found.by_topic(Topic.DIRECTORY)
    return [found.emergency, *crisis]


@functools.cache
def _load(code: str) -> CountryHelplines:
    rec = load_data(HELPLINES_DIR, f"{code}.yaml")
    return parse_country(rec, code)


def parse_country(rec: Record, code: str) -> CountryHelplines:
    """Build :class:`CountryHelplines` from a YAML record, checking every field."""
    rec.check_keys(required=("country", "name", "emergency", "lines"), optional=("notes",))
    if rec.text("country") != code:
        raise ContentError(f"{rec.where}: field 'country' must be '{code}' (the file name)")
    emergency = _line(rec.record("emergency"))
    if emergency.topic is not Topic.EMERGENCY:
        raise ContentError(f"{rec.where}: field 'emergency.topic' must be 'emergency'")
    if emergency.call is None and emergency.notes is None:
        raise ContentError(f"{rec.where}: field 'emergency' needs 'call' or 'notes'")
    lines = tuple(_line(r) for r in rec.records("lines", id_key=None))
    return CountryHelplines(code, rec.text("name"), rec.opt_text("notes"), emergency, lines)


def _line(rec: Record) -> Line:
    rec.check_keys(
        required=("name", "topic", "hours", "source", "checked"),
        optional=("call", "text", "chat", "languages", "region", "notes", "url"),
    )
    try:
        topic = Topic(rec.text("topic"))
    except ValueError:
        raise ContentError(f"{rec.where}: field 'topic' is not a known topic") from None
    line = Line(
        name=rec.text("name"),
        topic=topic,
        call=_as_text(rec, "call"),
        text=rec.opt_text("text"),
        chat=rec.opt_text("chat"),
        hours=rec.text("hours"),
        languages=rec.opt_texts("languages"),
        region=rec.opt_text("region"),
        notes=rec.opt_text("notes"),
        url=rec.opt_text("url"),
        source=" ".join(rec.text("source").split()),
        checked=rec.date("checked"),
    )
    if topic is not Topic.EMERGENCY and not (line.call or line.text or line.chat):
        raise ContentError(f"{rec.where}: field 'call', 'text' or 'chat' is needed")
    for key, value in (("url", line.url), ("chat", line.chat)):
        if value is not None and not value.startswith("https://"):
            raise ContentError(f"{rec.where}: field '{key}' must start with https://")
    return line


def _as_text(rec: Record, key: str) -> str | None:
    # A bare number such as 999 would load as an int; insist on quotes to keep leading zeros.
    raw = rec.raw(key)
    if raw is not None and not isinstance(raw, str):
        raise ContentError(f"{rec.where}: field '{key}' must be quoted text, e.g. \"000\"")
    return rec.opt_text(key)


def format_line(line: Line) -> str:
    """One line of plain text: name, then every way to reach it."""
    ways = [f"Call {line.call}" if line.call else "", line.text or "", line.chat or ""]
    how = "; ".join(w.rstrip(".") for w in ways if w)
    region = f" [{line.region}]" if line.region else ""
    return (
        f"{line.name}{region}: {how}. {line.hours.rstrip('.')}." if how else f"{line.name}{region}."
    )

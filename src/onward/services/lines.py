"""Helplines by country, for the web pages and the CLI. Needs no vault and stores nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onward.guide.helplines import (
    INTERNATIONAL,
    CountryHelplines,
    Line,
    Topic,
    countries,
    crisis_lines,
    load_helplines,
)
from onward.i18n import gettext as _


@dataclass(frozen=True, slots=True)
class CountryChoice:
    code: str  # "" means "another country" (the international fallback)
    name: str


def country_choices() -> list[CountryChoice]:
    """Every country with its own helpline file, then the fallback."""
    found = [CountryChoice(code, load_helplines(code).name) for code in countries()]
    found.sort(key=lambda c: c.name)
    return [*found, CountryChoice("", _("Another country"))]


def normalise_country(code: str | None) -> str:
    """A known two-letter code, or "" for the international fallback."""
    value = (code or "").strip().upper()
    value = "GB" if value == "UK" else value
    return value if value in countries() else ""


def helplines_for(country: str | None) -> CountryHelplines:
    """The lines for a country, or the international fallback."""
    return load_helplines(country or INTERNATIONAL)


def crisis_for(country: str | None) -> list[Line]:
    """The emergency number and crisis lines, to show at once."""
    return crisis_lines(country or INTERNATIONAL)


def ordered_lines(found: CountryHelplines) -> list[Line]:
    """Lines for a person in a hard relationship first, then crisis, then the rest."""
    order = (Topic.DOMESTIC_ABUSE, Topic.CRISIS, Topic.DIRECTORY, Topic.MEN, Topic.YOUTH)
    first = found.by_topic(*order)
    first.sort(key=lambda line: order.index(line.topic))
    return [*first, *(line for line in found.lines if line not in first)]


def short_lines(found: CountryHelplines) -> list[Line]:
    """The first line of each main kind (abuse, crisis, directory): for small boxes."""
    topics = (Topic.DOMESTIC_ABUSE, Topic.CRISIS, Topic.DIRECTORY)
    return [found_lines[0] for t in topics if (found_lines := found.by_topic(t))]


def line_json(line: Line) -> dict[str, Any]:
    return {
        "name": line.name,
        "topic": line.topic.value,
        "call": line.call,
        "text": line.text,
        "chat": line.chat,
        "hours": line.hours,
        "languages": list(line.languages),
        "region": line.region,
        "notes": line.notes,
        "url": line.url,
        "source": line.source,
        "checked": line.checked.isoformat(),
    }


def helplines_json(country: str | None, *, crisis_only: bool = False) -> dict[str, Any]:
    """The lines for a country as plain data (``onward helplines --json``)."""
    found = helplines_for(country)
    lines = crisis_for(country)[1:] if crisis_only else ordered_lines(found)
    return {
        "country": found.code,
        "name": found.name,
        "fallback": found.fallback,
        "notes": found.notes,
        "emergency": line_json(found.emergency),
        "lines": [line_json(line) for line in lines],
    }

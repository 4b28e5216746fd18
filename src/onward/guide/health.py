"""Relationship health check: warning signs and good signs, scored into honest bands.

Data and wording live in ``content/health.yaml``. Warning items score by the answer scale; the
band is the highest one whose ``min_points`` the total reaches, and any ``serious`` item answered
above "never" forces the ``on_serious`` band. Good signs are reported beside the band and never
offset warning signs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from onward.content.datafiles import ContentError, Record, load_data
from onward.errors import InvalidInputError, repeatable


class Kind(StrEnum):
    WARNING = "warning"
    GOOD = "good"


@dataclass(frozen=True, slots=True)
class HealthItem:
    id: str
    kind: Kind
    text: str
    why: str
    serious: bool
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScaleStep:
    id: str
    label: str
    points: int


@dataclass(frozen=True, slots=True)
class Band:
    id: str
    min_points: int
    on_serious: bool
    title: str
    means: str
    does_not_mean: str


@dataclass(frozen=True, slots=True)
class HealthCheck:
    version: int
    reviewed: dt.date
    intro: str
    scale: tuple[ScaleStep, ...]
    items: tuple[HealthItem, ...]
    bands: tuple[Band, ...]  # ordered by min_points

    def points(self, answer: str) -> int:
        for step in self.scale:
            if step.id == answer:
                return step.points
        shown = f"'{answer}' is" if repeatable(answer) else "That is"
        raise InvalidInputError(
            f"{shown} not an answer here.",
            hint=f"Use one of: {', '.join(s.id for s in self.scale)}.",
        )

    @property
    def top_points(self) -> int:
        return max(step.points for step in self.scale)


@dataclass(frozen=True, slots=True)
class HealthResult:
    band: Band
    warning_points: int
    warning_max: int
    good_points: int
    good_max: int
    flagged: list[str]  # warning items answered above "never"
    serious: list[str]  # serious items answered above "never"
    good_missing: list[str]  # good signs answered "never"
    missing: list[str]  # unanswered items (counted as "never")
    suggest_screen: bool


@functools.cache
def load_health() -> HealthCheck:
    """The shipped health check (parsed once)."""
    return parse_health(load_data("health.yaml"))


def parse_health(rec: Record) -> HealthCheck:
    rec.check_keys(
        required=("version", "reviewed", "intro", "scale", "references", "items", "bands")
    )
    refs = rec.record("references")
    scale = tuple(
        ScaleStep(r.text("id"), r.text("label"), r.number("points")) for r in rec.records("scale")
    )
    if scale[0].points != 0 or [s.points for s in scale] != sorted({s.points for s in scale}):
        raise ContentError(f"{rec.where}: field 'scale' must rise from 0 without repeats")
    items = tuple(_item(r, refs) for r in rec.records("items"))
    bands = tuple(_band(r) for r in rec.records("bands"))
    if bands[0].min_points != 0 or [b.min_points for b in bands] != sorted(
        {b.min_points for b in bands}
    ):
        raise ContentError(f"{rec.where}: field 'bands' must start at 0 and rise without repeats")
    if sum(b.on_serious for b in bands) != 1:
        raise ContentError(f"{rec.where}: field 'bands' needs exactly one 'on_serious' band")
    return HealthCheck(
        rec.number("version"), rec.date("reviewed"), rec.text("intro"), scale, items, bands
    )


def _item(rec: Record, refs: Record) -> HealthItem:
    rec.check_keys(required=("id", "kind", "text", "why", "sources"), optional=("serious",))
    try:
        kind = Kind(rec.text("kind"))
    except ValueError:
        raise ContentError(f"{rec.where}: field 'kind' must be warning or good") from None
    keys = rec.texts("sources")
    for key in keys:
        if not refs.has(key):
            raise ContentError(f"{rec.where}: field 'sources' names unknown reference '{key}'")
    serious = rec.flag("serious")
    if serious and kind is Kind.GOOD:
        raise ContentError(f"{rec.where}: field 'serious' only applies to warning items")
    return HealthItem(
        id=rec.text("id"),
        kind=kind,
        text=rec.text("text"),
        why=rec.text("why"),
        serious=serious,
        sources=tuple(" ".join(refs.text(k).split()) for k in keys),
    )


def _band(rec: Record) -> Band:
    rec.check_keys(
        required=("id", "min_points", "title", "means", "does_not_mean"), optional=("on_serious",)
    )
    return Band(
        id=rec.text("id"),
        min_points=rec.number("min_points"),
        on_serious=rec.flag("on_serious"),
        title=rec.text("title"),
        means=rec.text("means"),
        does_not_mean=rec.text("does_not_mean"),
    )


def score_health(answers: Mapping[str, str], *, check: HealthCheck | None = None) -> HealthResult:
    """Score the health check. Unanswered items count as "never" and are listed in ``missing``.

    Args:
        answers: item id -> scale id ("never", "sometimes", "often").
    """
    check = check or load_health()
    known = {item.id for item in check.items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InvalidInputError(
            f"Unknown health-check item: {', '.join(unknown)}."
            if repeatable(*unknown)
            else "That is not a health-check item."
        )
    points = {item.id: check.points(answers[item.id]) for item in check.items if item.id in answers}

    warnings = [item for item in check.items if item.kind is Kind.WARNING]
    goods = [item for item in check.items if item.kind is Kind.GOOD]
    warning_points = sum(points.get(item.id, 0) for item in warnings)
    serious = [item.id for item in warnings if item.serious and points.get(item.id, 0) > 0]

    band = check.bands[0]
    for candidate in check.bands:
        if warning_points >= candidate.min_points:
            band = candidate
    if serious:
        band = next(b for b in check.bands if b.on_serious)
    top_band = check.bands[-1]
    return HealthResult(
        band=band,
        warning_points=warning_points,
        warning_max=len(warnings) * check.top_points,
        good_points=sum(points.get(item.id, 0) for item in goods),
        good_max=len(goods) * check.top_points,
        flagged=[item.id for item in warnings if points.get(item.id, 0) > 0],
        serious=serious,
        good_missing=[item.id for item in goods if item.id in points and points[item.id] == 0],
        missing=[item.id for item in check.items if item.id not in answers],
        suggest_screen=bool(serious) or band is top_band or band.on_serious,
    )

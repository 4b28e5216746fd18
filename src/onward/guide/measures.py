"""Scoring for the validated well-being measures: WHO-5, PHQ-9 and GAD-7.

The wording, answer options and bands live in ``onward/content/measures.yaml``, reproduced
unaltered from the published instruments (the file header records that decision and the
licences). This module only validates answers, adds them up and picks the published band.
A result is never a diagnosis; each band's text says what it means and what it does not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

import yaml

from onward.content.datafiles import ContentError
from onward.errors import InvalidInputError

MeasureId = Literal["who5", "phq9", "gad7"]
MEASURE_IDS: Final[tuple[MeasureId, ...]] = ("who5", "phq9", "gad7")


@dataclass(frozen=True, slots=True)
class Band:
    """One published score range with Onward's plain-language reading of it."""

    key: str
    low: int
    high: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Option:
    """One answer choice as printed on the instrument."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Measure:
    """A validated instrument loaded from ``measures.yaml``."""

    id: MeasureId
    name: str
    short_name: str
    optional: bool
    every_days: int
    instructions: str
    items: tuple[str, ...]
    options: tuple[Option, ...]
    bands: tuple[Band, ...]
    licence: str
    why: str
    percent_factor: int | None = None
    crisis_item: int | None = None  # 1-based
    crisis_text: str | None = None
    difficulty_question: str | None = None
    difficulty_options: tuple[Option, ...] = ()

    @property
    def min_answer(self) -> int:
        return min(o.value for o in self.options)

    @property
    def max_answer(self) -> int:
        return max(o.value for o in self.options)


@dataclass(frozen=True, slots=True)
class MeasureResult:
    """A scored questionnaire.

    ``total`` is the raw sum. ``percent`` is set only for the WHO-5 (raw x 4); its band is
    chosen on the percentage, the others on the total. ``crisis`` is True when the PHQ-9
    item on thoughts of death or self-harm is answered above 0, whatever the total.
    """

    measure: MeasureId
    total: int
    band: str
    label: str
    band_text: str
    crisis: bool
    percent: int | None
    crisis_text: str | None = None
    difficulty: str | None = None  # PHQ-9 difficulty answer, shown but never scored


def _options(raw: Any) -> tuple[Option, ...]:
    return tuple(Option(value=int(o["value"]), label=str(o["label"])) for o in raw)


def _bands(raw: Any) -> tuple[Band, ...]:
    return tuple(
        Band(
            key=str(b["key"]),
            low=int(b["min"]),
            high=int(b["max"]),
            label=str(b["label"]),
            text=" ".join(str(b["text"]).split()),
        )
        for b in raw
    )


def _measure(measure_id: MeasureId, raw: Mapping[str, Any]) -> Measure:
    difficulty = raw.get("difficulty") or {}
    crisis_text = raw.get("crisis_text")
    return Measure(
        id=measure_id,
        name=str(raw["name"]),
        short_name=str(raw["short_name"]),
        optional=bool(raw["optional"]),
        every_days=int(raw["every_days"]),
        instructions=" ".join(str(raw["instructions"]).split()),
        items=tuple(str(i) for i in raw["items"]),
        options=_options(raw["options"]),
        bands=_bands(raw["bands"]),
        licence=" ".join(str(raw["licence"]).split()),
        why=" ".join(str(raw["why"]).split()),
        percent_factor=raw.get("percent_factor"),
        crisis_item=raw.get("crisis_item"),
        crisis_text=" ".join(str(crisis_text).split()) if crisis_text else None,
        difficulty_question=(" ".join(str(difficulty["question"]).split()) if difficulty else None),
        difficulty_options=_options(difficulty.get("options", ())),
    )


# The published length of each instrument; a content edit must never change it.
_ITEM_COUNTS: Final[Mapping[MeasureId, int]] = {"who5": 5, "phq9": 9, "gad7": 7}


def _check_measure(m: Measure) -> None:
    """Fail loudly on a wrong item count or bands that do not tile the whole score range."""
    if len(m.items) != _ITEM_COUNTS[m.id]:
        raise ContentError(f"measures.yaml: {m.id} must have {_ITEM_COUNTS[m.id]} items")
    top = len(m.items) * m.max_answer * (m.percent_factor or 1)
    expected_low = 0
    for band in m.bands:
        if band.low != expected_low or band.high < band.low:
            raise ContentError(
                f"measures.yaml: {m.id} band {band.key} must start at {expected_low}"
            )
        expected_low = band.high + 1
    if expected_low != top + 1:
        raise ContentError(
            f"measures.yaml: {m.id} bands end at {expected_low - 1}, the score range at {top}"
        )


@cache
def load_measures() -> Mapping[MeasureId, Measure]:
    """Read and check ``measures.yaml`` once per process."""
    text = resources.files("onward.content").joinpath("measures.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    measures: dict[MeasureId, Measure] = {}
    for measure_id in MEASURE_IDS:
        measure = _measure(measure_id, doc["measures"][measure_id])
        _check_measure(measure)
        measures[measure_id] = measure
    return measures


def _validate(m: Measure, answers: Sequence[int]) -> list[int]:
    if isinstance(answers, str | bytes) or len(answers) != len(m.items):
        raise InvalidInputError(
            f"The {m.short_name} needs {len(m.items)} answers, one for each question.",
            hint="Answer every question once, in order.",
        )
    values: list[int] = []
    for number, answer in enumerate(answers, start=1):
        ok = isinstance(answer, int) and not isinstance(answer, bool)
        if not ok or not m.min_answer <= answer <= m.max_answer:
            raise InvalidInputError(
                f"Answer {number} of the {m.short_name} must be a whole number from "
                f"{m.min_answer} to {m.max_answer}.",
                hint="Pick one of the answer options for each question.",
            )
        values.append(answer)
    return values


def _band_for(m: Measure, score: int) -> Band:
    for band in m.bands:
        if band.low <= score <= band.high:
            return band
    raise AssertionError(f"{m.id}: no band for {score}")  # _check_measure makes this unreachable


def _score(measure_id: MeasureId, answers: Sequence[int]) -> MeasureResult:
    m = load_measures()[measure_id]
    values = _validate(m, answers)
    total = sum(values)
    percent = total * m.percent_factor if m.percent_factor else None
    band = _band_for(m, percent if percent is not None else total)
    crisis = m.crisis_item is not None and values[m.crisis_item - 1] > 0
    return MeasureResult(
        measure=measure_id,
        total=total,
        band=band.key,
        label=band.label,
        band_text=band.text,
        crisis=crisis,
        percent=percent,
        crisis_text=m.crisis_text if crisis else None,
    )


def score_who5(answers: Sequence[int]) -> MeasureResult:
    """Score the WHO-5: raw 0-25, percentage = raw x 4, banded on the percentage."""
    return _score("who5", answers)


def score_phq9(answers: Sequence[int], *, difficulty: int | None = None) -> MeasureResult:
    """Score the PHQ-9: total 0-27; any answer above 0 on item 9 raises ``crisis``.

    Args:
        difficulty: the answer (0-3) to the closing difficulty question, if given. It is
            checked and returned as its label, and never added to the total.
    """
    result = _score("phq9", answers)
    if difficulty is None:
        return result
    options = {o.value: o.label for o in load_measures()["phq9"].difficulty_options}
    if isinstance(difficulty, bool) or difficulty not in options:
        raise InvalidInputError(
            "The PHQ-9 difficulty answer must be a whole number from 0 to 3.",
            hint="Pick one of the four answer options, or leave it out.",
        )
    return MeasureResult(
        measure=result.measure,
        total=result.total,
        band=result.band,
        label=result.label,
        band_text=result.band_text,
        crisis=result.crisis,
        percent=result.percent,
        crisis_text=result.crisis_text,
        difficulty=options[difficulty],
    )


def score_gad7(answers: Sequence[int]) -> MeasureResult:
    """Score the GAD-7: total 0-21."""
    return _score("gad7", answers)


def due_measures(
    last_taken: Mapping[str, date | None],
    today: date,
    *,
    opted_in: Collection[str] = (),
) -> list[str]:
    """Which measures to offer today, in a fixed order.

    The WHO-5 is offered to everyone every 14 days. The PHQ-9 and GAD-7 are optional: they
    are due only if their id is in ``opted_in``, also every 14 days. A measure never taken
    (missing or None in ``last_taken``) is due at once. A date in the future (a changed
    clock) counts as taken today, so nothing is asked twice.
    """
    due: list[str] = []
    for measure_id, m in load_measures().items():
        if m.optional and measure_id not in opted_in:
            continue
        taken = last_taken.get(measure_id)
        if taken is None or (today - min(taken, today)).days >= m.every_days:
            due.append(measure_id)
    return due

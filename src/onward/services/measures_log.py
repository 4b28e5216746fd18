"""The well-being measures as the person takes them: WHO-5, and optionally PHQ-9 and GAD-7.

Scoring is the published scoring (``onward.guide.measures``; wording unaltered in
``content/measures.yaml``). A PHQ-9 with any answer above 0 on item 9 returns the crisis
lines for the person's country with the result, so every caller can show them at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from onward.errors import InvalidInputError, NotFoundError
from onward.guide.measures import (
    MEASURE_IDS,
    Measure,
    MeasureResult,
    due_measures,
    load_measures,
    score_gad7,
    score_phq9,
    score_who5,
)
from onward.i18n import gettext as _
from onward.services import items
from onward.services.tracks_common import HelpLines, all_docs, crisis_lines, now_utc
from onward.services.vault import Vault

KIND = "measure"
OPT_KIND = "measopt"
OPTIONAL: Final = ("phq9", "gad7")


def measure(name: str) -> Measure:
    """The instrument called ``name`` (who5, phq9 or gad7)."""
    if name not in MEASURE_IDS:
        raise NotFoundError(
            _("There is no questionnaire called '{name}'.").format(name=name[:20]),
            hint=_("Choose who5, phq9 or gad7."),
        )
    return load_measures()[name]


@dataclass(frozen=True, slots=True)
class Taken:
    id: str
    name: str
    day: date
    answers: tuple[int, ...]
    result: MeasureResult


@dataclass(frozen=True, slots=True)
class Outcome:
    """A scored questionnaire; ``lines`` are the crisis lines when ``result.crisis``."""

    taken: Taken
    measure: Measure
    lines: HelpLines | None


def score(name: str, answers: Sequence[int], *, difficulty: int | None = None) -> MeasureResult:
    """Score one questionnaire as published."""
    measure(name)
    if name == "who5":
        return score_who5(answers)
    if name == "phq9":
        return score_phq9(answers, difficulty=difficulty)
    return score_gad7(answers)


def take(
    vault: Vault,
    *,
    name: str,
    answers: Sequence[int],
    difficulty: int | None = None,
    today: date,
) -> Outcome:
    """Score and keep a questionnaire; crisis lines come with a PHQ-9 item-9 answer above 0."""
    result = score(name, answers, difficulty=difficulty)
    data = {
        "measure": name,
        "day": today.isoformat(),
        "at": now_utc().isoformat(),
        "answers": list(answers),
        "difficulty": difficulty,
    }
    doc = items.add(vault, kind=KIND, data=data)
    taken = Taken(doc.id, name, today, tuple(answers), result)
    lines = crisis_lines(vault) if result.crisis else None
    return Outcome(taken, measure(name), lines)


def _taken(doc: items.Doc) -> Taken:
    d = doc.data
    answers = tuple(int(a) for a in d["answers"])
    return Taken(
        doc.id,
        d["measure"],
        date.fromisoformat(d["day"]),
        answers,
        score(d["measure"], answers, difficulty=d.get("difficulty")),
    )


def history(vault: Vault, *, name: str | None = None) -> list[Taken]:
    """Questionnaires taken, oldest first (all, or one kind)."""
    every = [_taken(d) for d in all_docs(vault, kind=KIND)]
    return [t for t in every if name is None or t.name == name]


def last_taken(vault: Vault) -> dict[str, date | None]:
    found: dict[str, date | None] = dict.fromkeys(MEASURE_IDS)
    for doc in all_docs(vault, kind=KIND):
        found[doc.data["measure"]] = date.fromisoformat(doc.data["day"])
    return found


def opted_in(vault: Vault) -> tuple[str, ...]:
    doc = items.singleton(vault, kind=OPT_KIND)
    return tuple(doc.data["opted"]) if doc else ()


def set_opted_in(vault: Vault, *, names: Sequence[str]) -> tuple[str, ...]:
    """Choose which optional questionnaires (PHQ-9, GAD-7) Onward offers every two weeks."""
    unknown = [n for n in names if n not in OPTIONAL]
    if unknown:
        raise InvalidInputError(_("Only PHQ-9 and GAD-7 are optional."), hint=None)
    chosen = tuple(n for n in OPTIONAL if n in names)
    items.save_singleton(vault, kind=OPT_KIND, data={"opted": list(chosen)})
    return chosen


def due(vault: Vault, *, today: date) -> list[str]:
    return due_measures(last_taken(vault), today, opted_in=opted_in(vault))


def parse_answers(values: Sequence[object], *, count: int) -> list[int]:
    """Answers from a form or a JSON file as whole numbers (the scorer checks the range)."""
    if len(values) != count:
        raise InvalidInputError(
            _("Please answer all {n} questions.").format(n=count),
            hint=_("Every question needs one answer."),
        )
    out: list[int] = []
    for value in values:
        if isinstance(value, bool):
            raise InvalidInputError(_("Each answer must be a whole number."), hint=None)
        try:
            out.append(int(str(value).strip()))
        except ValueError:
            raise InvalidInputError(
                _("Each answer must be a whole number."),
                hint=_("Pick one of the answer options for each question."),
            ) from None
    return out


def take_form(vault: Vault, *, name: str, form: Mapping[str, str], today: date) -> Outcome:
    """Take a questionnaire from form fields ``q1``..``qN`` (and ``difficulty`` for PHQ-9)."""
    m = measure(name)
    missing = [i for i in range(1, len(m.items) + 1) if not form.get(f"q{i}", "").strip()]
    if missing:
        raise InvalidInputError(
            _("Please answer every question ({n} left).").format(n=len(missing)),
            hint=_("Each question needs one answer."),
        )
    answers = parse_answers([form[f"q{i}"] for i in range(1, len(m.items) + 1)], count=len(m.items))
    raw = form.get("difficulty", "").strip()
    difficulty = parse_answers([raw], count=1)[0] if raw and name == "phq9" else None
    return take(vault, name=name, answers=answers, difficulty=difficulty, today=today)


@dataclass(frozen=True, slots=True)
class Overview:
    measures: list[Measure]
    due: list[str]
    opted: tuple[str, ...]
    history: list[Taken]  # newest first


def overview(vault: Vault, *, today: date) -> Overview:
    """The questionnaires, which are due, which optional ones are chosen, and past results."""
    return Overview(
        measures=[load_measures()[n] for n in MEASURE_IDS],
        due=due(vault, today=today),
        opted=opted_in(vault),
        history=list(reversed(history(vault)))[:30],
    )

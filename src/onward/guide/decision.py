"""Decision aid: pairwise priorities -> AHP weights -> ranked options, gated by the danger screen.

Weights use the geometric-mean method of the Analytic Hierarchy Process (Crawford & Williams
1985): each criterion's weight is the geometric mean of its row in the comparison matrix,
normalised to sum to 1. The consistency ratio (Saaty 1980) is reported so the person can look
again at answers that pull in different directions; it never blocks them.

Data (criteria, options, fits with reasons, SURE items) lives in ``content/decision.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from onward.content.datafiles import ContentError, Record, load_data
from onward.errors import InvalidInputError, repeatable
from onward.guide.screen import GATES, ScreenResult

# Saaty's random consistency index for n = 1..10 (Saaty 1980, table 1.7).
RANDOM_INDEX: tuple[float, ...] = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
# Saaty's rule of thumb: a ratio up to 0.10 is acceptable.
CONSISTENCY_LIMIT = 0.10
FIT_MIN, FIT_MAX = 1, 5


class Strength(StrEnum):
    """How much more one criterion matters than the other."""

    EQUAL = "equal"
    A_BIT = "a_bit"
    MUCH = "much"


class Status(StrEnum):
    """What the danger screen does to an option. Ordered from least to most restrictive."""

    OPEN = "open"
    CAUTION = "caution"
    CLOSED = "closed"


_STATUS_RANK = {Status.OPEN: 0, Status.CAUTION: 1, Status.CLOSED: 2}


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    title: str
    prompt: str


@dataclass(frozen=True, slots=True)
class Fit:
    fit: int
    reason: str
    danger_fit: int | None = None
    danger_reason: str | None = None


@dataclass(frozen=True, slots=True)
class GateEffect:
    status: Status
    note: str


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    title: str
    summary: str
    fits: Mapping[str, Fit]
    gates: Mapping[str, GateEffect]


@dataclass(frozen=True, slots=True)
class SureItem:
    id: str
    letter: str
    text: str


@dataclass(frozen=True, slots=True)
class DecisionAid:
    version: int
    reviewed: dt.date
    scale: Mapping[Strength, int]
    criteria: tuple[Criterion, ...]
    options: tuple[Option, ...]
    sure_title: str
    sure_note: str
    sure_items: tuple[SureItem, ...]
    references: tuple[str, ...]

    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]


@dataclass(frozen=True, slots=True)
class PairChoice:
    """One pairwise answer: ``winner`` is ``a`` or ``b``, or ``None`` when they matter equally."""

    a: str
    b: str
    winner: str | None
    strength: Strength = Strength.EQUAL


@dataclass(frozen=True, slots=True)
class Weights:
    weights: dict[str, float]
    consistency_ratio: float | None  # None with fewer than 3 criteria (always consistent)
    consistent: bool
    missing_pairs: list[tuple[str, str]]  # unanswered pairs, treated as equal


@dataclass(frozen=True, slots=True)
class CellReason:
    criterion: str
    fit: int
    reason: str
    contribution: float  # weight x (fit - 1) / 4
    overridden: bool


@dataclass(frozen=True, slots=True)
class RankedOption:
    id: str
    title: str
    score: float  # 0..1
    status: Status
    notes: list[str]  # gate notes, shown with the option
    reasons: list[CellReason]  # biggest contribution first


@dataclass(frozen=True, slots=True)
class SureResult:
    score: int
    max_score: int
    conflict: bool  # score below the maximum suggests decisional conflict
    unsure: list[str]  # items answered no
    missing: list[str]  # items not answered (counted as no)


# --- loading --------------------------------------------------------------------------------


@functools.cache
def load_decision() -> DecisionAid:
    """The shipped decision aid (parsed once)."""
    return parse_decision(load_data("decision.yaml"))


def parse_decision(rec: Record) -> DecisionAid:
    rec.check_keys(
        required=("version", "reviewed", "references", "scale", "criteria", "options", "sure")
    )
    scale_rec = rec.record("scale")
    scale_rec.check_keys(required=[s.value for s in Strength])
    scale = {s: scale_rec.number(s.value) for s in Strength}
    if scale[Strength.EQUAL] != 1 or not 1 < scale[Strength.A_BIT] < scale[Strength.MUCH] <= 9:
        raise ContentError(f"{scale_rec.where}: must be equal 1 < a_bit < much <= 9")
    criteria = tuple(
        Criterion(r.text("id"), r.text("title"), r.text("prompt")) for r in rec.records("criteria")
    )
    ids = [c.id for c in criteria]
    options = tuple(_option(r, ids) for r in rec.records("options"))
    sure = rec.record("sure")
    sure.check_keys(required=("title", "note", "items"))
    sure_items = tuple(
        SureItem(r.text("id"), r.text("letter"), r.text("text")) for r in sure.records("items")
    )
    refs = rec.record("references")
    return DecisionAid(
        version=rec.number("version"),
        reviewed=rec.date("reviewed"),
        scale=scale,
        criteria=criteria,
        options=options,
        sure_title=sure.text("title"),
        sure_note=sure.text("note"),
        sure_items=sure_items,
        references=tuple(
            " ".join(refs.text(k).split()) for k in ("saaty1980", "crawford1985", "legare2010")
        ),
    )


def _option(rec: Record, criteria: Sequence[str]) -> Option:
    rec.check_keys(required=("id", "title", "summary", "fit"), optional=("gates",))
    fit_rec = rec.record("fit")
    fit_rec.check_keys(required=criteria)
    fits = {c: _fit(fit_rec.record(c)) for c in criteria}
    gates: dict[str, GateEffect] = {}
    if rec.has("gates"):
        gates_rec = rec.record("gates")
        gates_rec.check_keys(required=(), optional=GATES)
        for gate in GATES:
            if gates_rec.has(gate):
                g = gates_rec.record(gate)
                g.check_keys(required=("status", "note"))
                try:
                    status = Status(g.text("status"))
                except ValueError:
                    raise ContentError(f"{g.where}: field 'status' is not known") from None
                gates[gate] = GateEffect(status, g.text("note"))
    return Option(rec.text("id"), rec.text("title"), rec.text("summary"), fits, gates)


def _fit(rec: Record) -> Fit:
    rec.check_keys(required=("fit", "reason"), optional=("if_danger",))
    fit = _fit_value(rec, "fit")
    if rec.has("if_danger"):
        danger = rec.record("if_danger")
        danger.check_keys(required=("fit", "reason"))
        return Fit(fit, rec.text("reason"), _fit_value(danger, "fit"), danger.text("reason"))
    return Fit(fit, rec.text("reason"))


def _fit_value(rec: Record, key: str) -> int:
    value = rec.number(key)
    if not FIT_MIN <= value <= FIT_MAX:
        raise ContentError(f"{rec.where}: field '{key}' must be {FIT_MIN} to {FIT_MAX}")
    return value


# --- weights --------------------------------------------------------------------------------


def pairs(criteria: Sequence[str]) -> list[tuple[str, str]]:
    """Every pair to ask about, in a stable order."""
    return list(itertools.combinations(criteria, 2))


def comparison_matrix(
    criteria: Sequence[str], choices: Sequence[PairChoice], *, aid: DecisionAid | None = None
) -> tuple[list[list[float]], list[tuple[str, str]]]:
    """The reciprocal AHP matrix and the pairs nobody answered (those stay at 1, "equal")."""
    aid = aid or load_decision()
    if len(set(criteria)) != len(criteria):
        raise InvalidInputError("Each priority can be chosen only once.")
    unknown = [c for c in criteria if c not in aid.criterion_ids()]
    if unknown:
        raise InvalidInputError(f"Unknown priority: {', '.join(unknown)}.")
    index = {c: i for i, c in enumerate(criteria)}
    matrix = [[1.0] * len(criteria) for _ in criteria]
    answered: set[frozenset[str]] = set()
    for choice in choices:
        key = frozenset((choice.a, choice.b))
        if choice.a not in index or choice.b not in index or len(key) != 2:
            raise InvalidInputError(f"The comparison {choice.a} / {choice.b} is not one we asked.")
        if key in answered:
            raise InvalidInputError(f"{choice.a} / {choice.b} was answered twice.")
        answered.add(key)
        if choice.strength is Strength.EQUAL or choice.winner is None:
            continue
        if choice.winner not in key:
            raise InvalidInputError(f"{choice.winner} is not part of {choice.a} / {choice.b}.")
        loser = choice.b if choice.winner == choice.a else choice.a
        value = float(aid.scale[choice.strength])
        matrix[index[choice.winner]][index[loser]] = value
        matrix[index[loser]][index[choice.winner]] = 1.0 / value
    missing = [p for p in pairs(criteria) if frozenset(p) not in answered]
    return matrix, missing


def compute_weights(
    criteria: Sequence[str], choices: Sequence[PairChoice], *, aid: DecisionAid | None = None
) -> Weights:
    """Weights by the row geometric mean, plus the consistency ratio."""
    if not criteria:
        raise InvalidInputError("Choose at least one priority.")
    matrix, missing = comparison_matrix(criteria, choices, aid=aid)
    n = len(criteria)
    means = [math.prod(row) ** (1.0 / n) for row in matrix]
    total = sum(means)
    weights = [m / total for m in means]
    ratio = consistency_ratio(matrix, weights)
    return Weights(
        weights=dict(zip(criteria, weights, strict=True)),
        consistency_ratio=ratio,
        consistent=ratio is None or ratio <= CONSISTENCY_LIMIT,
        missing_pairs=missing,
    )


def consistency_ratio(matrix: Sequence[Sequence[float]], weights: Sequence[float]) -> float | None:
    """Saaty's CR = CI / RI with CI = (lambda_max - n) / (n - 1); None below 3 criteria."""
    n = len(weights)
    if n < 3:
        return None
    lambda_max = (
        sum(sum(matrix[i][j] * weights[j] for j in range(n)) / weights[i] for i in range(n)) / n
    )
    index = (lambda_max - n) / (n - 1)
    random_index = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    return max(0.0, index / random_index)


# --- ranking --------------------------------------------------------------------------------


def rank_options(
    weights: Weights,
    *,
    screen: ScreenResult | None = None,
    fit_overrides: Mapping[tuple[str, str], int] | None = None,
    aid: DecisionAid | None = None,
) -> list[RankedOption]:
    """Rank the options by weighted fit; closed options go last, with their reason.

    Args:
        screen: the latest danger-screen result; a positive one uses the ``if_danger`` fits and
            its gates close or mark options.
        fit_overrides: the person's own fit for ``(option id, criterion id)``, 1 to 5.
    """
    aid = aid or load_decision()
    overrides = dict(fit_overrides or {})
    _check_overrides(overrides, aid, weights)
    danger = screen is not None and screen.positive
    gates = set(screen.gates) if screen is not None else set()
    ranked: list[RankedOption] = []
    for option in aid.options:
        cells = [
            _cell(option, criterion, weight, danger, overrides.get((option.id, criterion)))
            for criterion, weight in weights.weights.items()
        ]
        status, notes = Status.OPEN, []
        for gate, effect in option.gates.items():
            if gate in gates:
                notes.append(effect.note)
                if _STATUS_RANK[effect.status] > _STATUS_RANK[status]:
                    status = effect.status
        cells.sort(key=lambda c: c.contribution, reverse=True)
        score = sum(c.contribution for c in cells)
        ranked.append(RankedOption(option.id, option.title, score, status, notes, cells))
    ranked.sort(key=lambda r: (r.status is Status.CLOSED, -r.score))
    return ranked


def _cell(
    option: Option, criterion: str, weight: float, danger: bool, own: int | None
) -> CellReason:
    fit = option.fits[criterion]
    value, reason = fit.fit, fit.reason
    if danger and fit.danger_fit is not None and fit.danger_reason is not None:
        value, reason = fit.danger_fit, fit.danger_reason
    if own is not None:
        value, reason = own, "Your own view."
    contribution = weight * (value - FIT_MIN) / (FIT_MAX - FIT_MIN)
    return CellReason(criterion, value, reason, contribution, own is not None)


def _check_overrides(
    overrides: Mapping[tuple[str, str], int], aid: DecisionAid, weights: Weights
) -> None:
    options = {o.id for o in aid.options}
    for (option, criterion), value in overrides.items():
        if option not in options or criterion not in weights.weights:
            raise InvalidInputError(f"There is no cell {option} / {criterion} to change.")
        if isinstance(value, bool) or not FIT_MIN <= value <= FIT_MAX:
            raise InvalidInputError(f"A fit must be a whole number from {FIT_MIN} to {FIT_MAX}.")


# --- SURE -----------------------------------------------------------------------------------


def score_sure(answers: Mapping[str, bool], *, aid: DecisionAid | None = None) -> SureResult:
    """Score the four SURE items: one point per yes; below the maximum suggests conflict."""
    aid = aid or load_decision()
    ids = [item.id for item in aid.sure_items]
    unknown = sorted(set(answers) - set(ids))
    if unknown:
        raise InvalidInputError(
            f"Unknown SURE question: {', '.join(unknown)}."
            if repeatable(*unknown)
            else "That is not a SURE question."
        )
    for key, value in answers.items():
        if not isinstance(value, bool):
            raise InvalidInputError(f"The answer to '{key}' must be yes or no.")
    score = sum(1 for i in ids if answers.get(i) is True)
    return SureResult(
        score=score,
        max_score=len(ids),
        conflict=score < len(ids),
        unsure=[i for i in ids if answers.get(i) is False],
        missing=[i for i in ids if i not in answers],
    )

"""The decision aid as a saved, revisitable record: pairwise answers, SURE before and after.

Only the person's answers are stored. The ranking is worked out again each time it is shown,
with the latest danger-screen result, so a screen taken later still closes unsafe options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from onward.errors import InvalidInputError, NotFoundError
from onward.guide.decision import (
    DecisionAid,
    PairChoice,
    RankedOption,
    Strength,
    SureResult,
    Weights,
    compute_weights,
    load_decision,
    pairs,
    rank_options,
    score_sure,
)
from onward.guide.screen import ScreenResult
from onward.i18n import gettext as _
from onward.services import items, screening
from onward.services.fields import Fields, yes_no
from onward.services.vault import Vault

KIND = "decision"
# A pair row's answer in the form: which side matters more, and by how much.
ROW_VALUES: dict[str, tuple[str | None, Strength]] = {
    "a_much": ("a", Strength.MUCH),
    "a_bit": ("a", Strength.A_BIT),
    "equal": (None, Strength.EQUAL),
    "b_bit": ("b", Strength.A_BIT),
    "b_much": ("b", Strength.MUCH),
}


@dataclass(frozen=True, slots=True)
class DecisionAnswers:
    criteria: tuple[str, ...]
    pairs: tuple[PairChoice, ...]
    sure_before: dict[str, bool]
    sure_after: dict[str, bool] | None = None
    fits: dict[tuple[str, str], int] | None = None  # the person's own fit per (option, criterion)


@dataclass(frozen=True, slots=True)
class Outcome:
    weights: Weights
    ranking: list[RankedOption]
    sure_before: SureResult
    sure_after: SureResult | None
    gates: list[str]  # the danger-screen gates that were applied
    screen_taken_at: datetime | None


@dataclass(frozen=True, slots=True)
class SavedDecision:
    id: str
    created_at: datetime
    answers: DecisionAnswers
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class DecidePage:
    aid: DecisionAid
    rows: list[tuple[str, str]]  # every pair, in the order asked
    titles: dict[str, str]
    history: list[SavedDecision]
    gates: frozenset[str]


def aid() -> DecisionAid:
    return load_decision()


def titles() -> dict[str, str]:
    return {c.id: c.title for c in load_decision().criteria}


def evaluate(answers: DecisionAnswers, *, screen: screening.SavedScreen | None) -> Outcome:
    """Weights, ranking (gated by the screen) and the SURE scores for one set of answers."""
    result: ScreenResult | None = screen.result if screen else None
    weights = compute_weights(answers.criteria, answers.pairs)
    ranking = rank_options(weights, screen=result, fit_overrides=answers.fits)
    return Outcome(
        weights=weights,
        ranking=ranking,
        sure_before=score_sure(answers.sure_before),
        sure_after=score_sure(answers.sure_after) if answers.sure_after is not None else None,
        gates=list(result.gates) if result else [],
        screen_taken_at=screen.taken_at if screen else None,
    )


# --- reading answers ------------------------------------------------------------------------


def answers_from_fields(fields: Fields) -> DecisionAnswers:
    """The web form: ``use_<criterion>``, ``pair_<a>__<b>`` and ``before_<sure id>``."""
    decision = load_decision()
    chosen = tuple(c.id for c in decision.criteria if fields.get(f"use_{c.id}"))
    if not chosen:
        raise InvalidInputError(
            _("Please keep at least one thing that matters to you."),
            hint=_("Tick the ones that apply to you."),
        )
    choices = []
    for a, b in pairs(chosen):
        value = (fields.get(f"pair_{a}__{b}") or [""])[0]
        if value not in ROW_VALUES:
            continue  # unanswered: counted as equal, and listed back
        side, strength = ROW_VALUES[value]
        winner = {"a": a, "b": b}.get(side or "")
        choices.append(PairChoice(a, b, winner, strength))
    return DecisionAnswers(chosen, tuple(choices), _sure(fields, "before"))


def _sure(fields: Fields, prefix: str) -> dict[str, bool]:
    out = {}
    for item in load_decision().sure_items:
        value = yes_no(fields, f"{prefix}_{item.id}")
        if value is not None:
            out[item.id] = value
    return out


def parse_json(data: Mapping[str, Any]) -> DecisionAnswers:
    """An answers file (see docs/path.md): criteria, pairs, sure_before, sure_after, fits."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(_("The answers file must hold a JSON object."))
    known = set(load_decision().criterion_ids())
    raw = data.get("criteria") or load_decision().criterion_ids()
    criteria = tuple(raw) if isinstance(raw, list) else ()
    if not criteria or any(c not in known for c in criteria):
        raise InvalidInputError(
            _("Unknown priority in 'criteria'."),
            hint=_("Known: {ids}.").format(ids=", ".join(known)),
        )
    choices = tuple(_pair(raw) for raw in data.get("pairs") or [])
    sure_after = data.get("sure_after")
    return DecisionAnswers(
        criteria=criteria,
        pairs=choices,
        sure_before=_bools(data.get("sure_before") or {}, "sure_before"),
        sure_after=_bools(sure_after, "sure_after") if sure_after is not None else None,
        fits=_fits(data.get("fits") or {}),
    )


def _pair(raw: Any) -> PairChoice:
    if not isinstance(raw, Mapping) or not {"a", "b"} <= set(raw):
        raise InvalidInputError(_("Each pair needs 'a', 'b', 'winner' and 'strength'."))
    try:
        strength = Strength(raw.get("strength", "equal"))
    except ValueError:
        raise InvalidInputError(_("'strength' must be equal, a_bit or much.")) from None
    return PairChoice(str(raw["a"]), str(raw["b"]), raw.get("winner"), strength)


def _bools(raw: Any, name: str) -> dict[str, bool]:
    if not isinstance(raw, Mapping) or not all(isinstance(v, bool) for v in raw.values()):
        raise InvalidInputError(
            _("'{name}' must map question ids to true or false.").format(name=name)
        )
    return {str(k): v for k, v in raw.items()}


def _fits(raw: Any) -> dict[tuple[str, str], int]:
    if not isinstance(raw, Mapping):
        raise InvalidInputError(_("'fits' must map 'option/criterion' to a number from 1 to 5."))
    out: dict[tuple[str, str], int] = {}
    for key, value in raw.items():
        option, sep, criterion = str(key).partition("/")
        if not sep:
            raise InvalidInputError(_("Each key in 'fits' looks like 'leave_now/safety'."))
        out[(option, criterion)] = value
    return out


# --- storage --------------------------------------------------------------------------------


def _to_data(answers: DecisionAnswers, created: datetime) -> dict[str, Any]:
    return {
        "created": created.isoformat(),
        "criteria": list(answers.criteria),
        "pairs": [
            {"a": p.a, "b": p.b, "winner": p.winner, "strength": p.strength.value}
            for p in answers.pairs
        ],
        "sure_before": answers.sure_before,
        "sure_after": answers.sure_after,
        "fits": {f"{o}/{c}": v for (o, c), v in (answers.fits or {}).items()},
    }


def _from_doc(doc: items.Doc, screen: screening.SavedScreen | None) -> SavedDecision:
    answers = parse_json(doc.data)
    return SavedDecision(
        id=doc.id,
        created_at=datetime.fromisoformat(doc.data["created"]),
        answers=answers,
        outcome=evaluate(answers, screen=screen),
    )


def save_decision(
    vault: Vault, *, answers: DecisionAnswers, now: datetime | None = None
) -> SavedDecision:
    """Check and keep one run of the decision aid (each run is kept: the history)."""
    screen = screening.latest_screen(vault)
    evaluate(answers, screen=screen)  # refuse bad answers before anything is stored
    doc = items.add(vault, kind=KIND, data=_to_data(answers, now or datetime.now(UTC)))
    return _from_doc(doc, screen)


def save_from_fields(vault: Vault, fields: Fields) -> SavedDecision:
    return save_decision(vault, answers=answers_from_fields(fields))


def get_decision(vault: Vault, *, decision_id: str) -> SavedDecision:
    doc = items.get(vault, kind=KIND, item_id=decision_id)
    if doc is None:
        raise NotFoundError(_("That decision was not found."), hint=_("It may have been deleted."))
    return _from_doc(doc, screening.latest_screen(vault))


def save_sure_after(vault: Vault, *, decision_id: str, fields: Fields) -> SavedDecision:
    """Keep the SURE answers given after seeing the ranking."""
    current = get_decision(vault, decision_id=decision_id)
    answers = DecisionAnswers(
        current.answers.criteria,
        current.answers.pairs,
        current.answers.sure_before,
        _sure(fields, "after"),
        current.answers.fits,
    )
    items.replace_data(
        vault, kind=KIND, item_id=decision_id, data=_to_data(answers, current.created_at)
    )
    return get_decision(vault, decision_id=decision_id)


def decision_history(vault: Vault, *, limit: int = 20) -> list[SavedDecision]:
    screen = screening.latest_screen(vault)
    return [_from_doc(d, screen) for d in items.page(vault, kind=KIND, limit=limit)]


def latest_decision(vault: Vault) -> SavedDecision | None:
    found = decision_history(vault, limit=1)
    return found[0] if found else None


def decide_page(vault: Vault) -> DecidePage:
    decision = load_decision()
    return DecidePage(
        aid=decision,
        rows=pairs(decision.criterion_ids()),
        titles=titles(),
        history=decision_history(vault),
        gates=screening.current_gates(vault),
    )


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    def sure(result: SureResult | None) -> dict[str, Any] | None:
        if result is None:
            return None
        return {"score": result.score, "max": result.max_score, "conflict": result.conflict}

    return {
        "weights": {k: round(v, 4) for k, v in outcome.weights.weights.items()},
        "consistency_ratio": (
            None
            if outcome.weights.consistency_ratio is None
            else round(outcome.weights.consistency_ratio, 4)
        ),
        "consistent": outcome.weights.consistent,
        "ranking": [
            {
                "id": r.id,
                "title": r.title,
                "score": round(r.score, 4),
                "status": r.status.value,
                "notes": r.notes,
                "reasons": [
                    {"criterion": c.criterion, "fit": c.fit, "reason": c.reason} for c in r.reasons
                ],
            }
            for r in outcome.ranking
        ],
        "gates": outcome.gates,
        "sure_before": sure(outcome.sure_before),
        "sure_after": sure(outcome.sure_after),
    }

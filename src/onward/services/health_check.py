"""Saving and reading relationship health checks. Every result is kept, with its date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from onward.errors import InvalidInputError
from onward.guide.health import HealthCheck, HealthResult, load_health, score_health
from onward.i18n import gettext as _
from onward.services import items
from onward.services.fields import Fields, one
from onward.services.vault import Vault

KIND = "health"


@dataclass(frozen=True, slots=True)
class SavedHealth:
    id: str
    taken_at: datetime
    answers: dict[str, str]
    result: HealthResult


def questions() -> HealthCheck:
    return load_health()


def parse_answers(data: Mapping[str, Any]) -> dict[str, str]:
    """Answers from JSON or a form: item id -> scale id; empty values are skipped."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(
            _("The answers file must hold a JSON object."),
            hint=_("Use the ids from: onward health --questions --json"),
        )
    check = load_health()
    scale = {step.id for step in check.scale}
    known = {item.id for item in check.items}
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in known:
            raise InvalidInputError(
                _("Unknown health-check question: {key}.").format(key=key),
                hint=_("Use the ids from: onward health --questions --json"),
            )
        if value in (None, ""):
            continue
        if not isinstance(value, str) or value not in scale:
            raise InvalidInputError(
                _("The answer to '{key}' must be one of: {scale}.").format(
                    key=key, scale=", ".join(s.id for s in check.scale)
                )
            )
        out[key] = value
    return out


def answers_from_fields(fields: Fields) -> dict[str, str]:
    """Form fields ``h_<item id>`` = never / sometimes / often (skipped ones are left out)."""
    return parse_answers({item.id: one(fields, f"h_{item.id}") for item in load_health().items})


def save_from_fields(vault: Vault, fields: Fields) -> SavedHealth:
    return save_health(vault, answers=answers_from_fields(fields))


def score(answers: Mapping[str, str]) -> HealthResult:
    return score_health(answers)


def _from_doc(doc: items.Doc) -> SavedHealth:
    known = {item.id for item in load_health().items}
    answers = {k: v for k, v in doc.data["answers"].items() if k in known}
    return SavedHealth(
        id=doc.id,
        taken_at=datetime.fromisoformat(doc.data["taken_at"]),
        answers=answers,
        result=score_health(answers),
    )


def save_health(
    vault: Vault, *, answers: Mapping[str, str], now: datetime | None = None
) -> SavedHealth:
    """Score and keep a health check."""
    score_health(answers)  # refuse bad answers before anything is stored
    taken = (now or datetime.now(UTC)).isoformat()
    doc = items.add(vault, kind=KIND, data={"taken_at": taken, "answers": dict(answers)})
    return _from_doc(doc)


def latest_health(vault: Vault) -> SavedHealth | None:
    docs = items.page(vault, kind=KIND, limit=1)
    return _from_doc(docs[0]) if docs else None


def health_history(vault: Vault, *, limit: int = 50) -> list[SavedHealth]:
    return [_from_doc(d) for d in items.page(vault, kind=KIND, limit=limit)]


def result_json(result: HealthResult) -> dict[str, Any]:
    return {
        "band": result.band.id,
        "title": result.band.title,
        "means": result.band.means,
        "does_not_mean": result.band.does_not_mean,
        "warning_points": result.warning_points,
        "warning_max": result.warning_max,
        "good_points": result.good_points,
        "good_max": result.good_max,
        "flagged": result.flagged,
        "serious": result.serious,
        "missing": result.missing,
        "suggest_screen": result.suggest_screen,
    }

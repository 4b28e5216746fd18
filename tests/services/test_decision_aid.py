"""The decision aid as a saved record: answers kept, ranking gated by the latest screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.services import decision_aid, screening
from onward.services import vault as vs

ANSWERS = {
    "criteria": ["safety", "feelings", "self_worth"],
    "pairs": [
        {"a": "safety", "b": "feelings", "winner": "safety", "strength": "much"},
        {"a": "safety", "b": "self_worth", "winner": "safety", "strength": "a_bit"},
        {"a": "feelings", "b": "self_worth", "winner": "self_worth", "strength": "a_bit"},
    ],
    "sure_before": {"sure": False, "understand": True},
}


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_decision_round_trip_history_and_sure_after(vault: vs.Vault) -> None:
    answers = decision_aid.parse_json(ANSWERS)
    first = decision_aid.save_decision(vault, answers=answers, now=datetime(2026, 1, 1, tzinfo=UTC))
    weights = first.outcome.weights.weights
    assert max(weights, key=weights.__getitem__) == "safety"
    assert first.outcome.sure_before.score == 1 and first.outcome.sure_after is None
    decision_aid.save_decision(vault, answers=answers, now=datetime(2026, 2, 1, tzinfo=UTC))
    history = decision_aid.decision_history(vault)
    assert [d.created_at.month for d in history] == [2, 1]

    fields = {
        f"after_{i}": ["yes"] for i in ("sure", "understand", "risk_benefit", "encouragement")
    }
    again = decision_aid.save_sure_after(vault, decision_id=first.id, fields=fields)
    assert again.outcome.sure_after is not None and again.outcome.sure_after.score == 4
    assert again.created_at == first.created_at
    assert decision_aid.get_decision(vault, decision_id=first.id).answers == again.answers


def test_decision_ranking_follows_the_latest_screen(vault: vs.Vault) -> None:
    saved = decision_aid.save_decision(vault, answers=decision_aid.parse_json(ANSWERS))
    status = {r.id: r.status.value for r in saved.outcome.ranking}
    assert status["repair"] == "open" and saved.outcome.gates == []
    screening.save_screen(vault, answers={"threatened_to_kill": True})
    again = decision_aid.get_decision(vault, decision_id=saved.id)
    ranking = again.outcome.ranking
    status = {r.id: r.status.value for r in ranking}
    assert status["repair"] == "closed" and status["time_apart"] == "closed"
    assert [r.id for r in ranking][-2:] in (["time_apart", "repair"], ["repair", "time_apart"])
    assert "repair_closed" in again.outcome.gates
    assert again.outcome.screen_taken_at is not None


def test_decision_form_fields_become_pair_choices(vault: vs.Vault) -> None:
    fields = {
        "use_safety": ["1"],
        "use_money_home": ["1"],
        "use_people": ["1"],
        "pair_safety__money_home": ["a_much"],
        "pair_money_home__people": ["b_bit"],
        "pair_safety__people": [""],  # skipped: counted as equal and listed back
        "before_sure": ["no"],
    }
    saved = decision_aid.save_from_fields(vault, fields)
    assert saved.answers.criteria == ("safety", "money_home", "people")
    assert [(p.winner, p.strength.value) for p in saved.answers.pairs] == [
        ("safety", "much"),
        ("people", "a_bit"),
    ]
    assert saved.outcome.weights.missing_pairs == [("safety", "people")]
    assert saved.answers.sure_before == {"sure": False}


def test_decision_refuses_empty_or_bad_answers(vault: vs.Vault) -> None:
    with pytest.raises(InvalidInputError, match="at least one"):
        decision_aid.save_from_fields(vault, {})
    with pytest.raises(InvalidInputError):
        decision_aid.parse_json({"criteria": ["nope"]})
    with pytest.raises(InvalidInputError):
        decision_aid.parse_json({"pairs": [{"a": "safety", "b": "feelings", "strength": "huge"}]})
    with pytest.raises(InvalidInputError):
        decision_aid.parse_json({"sure_before": {"sure": "yes"}})
    bad_pair = {"pairs": [{"a": "safety", "b": "nope", "winner": "safety", "strength": "much"}]}
    with pytest.raises(InvalidInputError):
        decision_aid.save_decision(vault, answers=decision_aid.parse_json(bad_pair))
    assert decision_aid.decision_history(vault) == []
    with pytest.raises(NotFoundError):
        decision_aid.get_decision(vault, decision_id="0" * 32)


def test_decision_own_fit_overrides_and_json_shape() -> None:
    data = {**ANSWERS, "fits": {"repair/feelings": 1}}
    outcome = decision_aid.evaluate(decision_aid.parse_json(data), screen=None)
    repair = next(r for r in outcome.ranking if r.id == "repair")
    assert any(c.overridden and c.fit == 1 for c in repair.reasons)
    out = decision_aid.outcome_json(outcome)
    assert set(out) == {
        "weights",
        "consistency_ratio",
        "consistent",
        "ranking",
        "gates",
        "sure_before",
        "sure_after",
    }
    assert set(out["ranking"][0]) == {"id", "title", "score", "status", "notes", "reasons"}
    assert abs(sum(out["weights"].values()) - 1) < 1e-3

"""Health checks: answers in, bands out, every result kept with its date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError
from onward.services import health_check
from onward.services import vault as vs


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_health_round_trip_and_history(vault: vs.Vault) -> None:
    assert health_check.latest_health(vault) is None
    first = health_check.save_health(
        vault, answers={"afraid": "often"}, now=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert first.result.band.id == "many_signs" and first.result.suggest_screen
    health_check.save_health(
        vault,
        answers={"afraid": "never", "feel_safe": "often"},
        now=datetime(2026, 2, 1, tzinfo=UTC),
    )
    latest = health_check.latest_health(vault)
    assert latest is not None and latest.result.band.id == "few_signs"
    assert latest.taken_at == datetime(2026, 2, 1, tzinfo=UTC)
    assert [h.result.band.id for h in health_check.health_history(vault)] == [
        "few_signs",
        "many_signs",
    ]


def test_health_form_fields_skip_blank_answers(vault: vs.Vault) -> None:
    fields = {"h_puts_you_down": ["often"], "h_jealous": ["sometimes"], "h_guilt": [""]}
    saved = health_check.save_from_fields(vault, fields)
    assert saved.answers == {"puts_you_down": "often", "jealous": "sometimes"}
    assert saved.result.band.id == "some_signs"
    assert saved.result.warning_points == 3


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"nope": "often"}, "Unknown"),
        ({"afraid": "always"}, "must be one of"),
        ({"afraid": 2}, "must"),
    ],
)
def test_health_bad_answers_are_refused(answers: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidInputError, match=words):
        health_check.parse_answers(answers)


def test_health_result_json_shape() -> None:
    result = health_check.score({"controls_choices": "often", "isolates_you": "sometimes"})
    data = health_check.result_json(result)
    assert data["band"] == "some_signs" and data["flagged"] == ["controls_choices", "isolates_you"]
    assert set(data) == {
        "band",
        "title",
        "means",
        "does_not_mean",
        "warning_points",
        "warning_max",
        "good_points",
        "good_max",
        "flagged",
        "serious",
        "missing",
        "suggest_screen",
    }

"""Questionnaires as taken: published scoring kept, crisis lines at once, what is due."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.services import measures_log, prefs
from onward.services import vault as vs

TODAY = date(2026, 3, 10)


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


@pytest.mark.parametrize(
    ("name", "answers", "total", "band"),
    [
        ("who5", [3, 3, 3, 3, 3], 15, "good"),  # 60 %
        ("who5", [1, 1, 1, 2, 2], 7, "very_low"),  # 28 %
        ("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0], 8, "mild"),
        ("phq9", [3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe"),
        ("gad7", [2, 2, 2, 2, 2, 0, 0], 10, "moderate"),
        ("gad7", [0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
        ("gad7", [3, 3, 3, 3, 3, 0, 0], 15, "severe"),
    ],
)
def test_measures_take_scores_as_published(
    vault: vs.Vault, name: str, answers: list[int], total: int, band: str
) -> None:
    outcome = measures_log.take(vault, name=name, answers=answers, today=TODAY)
    assert outcome.taken.result.total == total and outcome.taken.result.band == band
    assert outcome.lines is None and not outcome.taken.result.crisis
    assert measures_log.history(vault, name=name)[-1].answers == tuple(answers)


def test_measures_phq9_item9_brings_crisis_lines_for_the_country(vault: vs.Vault) -> None:
    prefs.save_prefs(vault, prefs.Prefs(country="GB"))
    outcome = measures_log.take(
        vault, name="phq9", answers=[0, 0, 0, 0, 0, 0, 0, 0, 1], today=TODAY
    )
    assert outcome.taken.result.crisis and outcome.taken.result.total == 1
    assert outcome.lines is not None and outcome.lines.country == "GB"
    assert outcome.lines.lines[0].topic == "emergency" and len(outcome.lines.lines) > 1


def test_measures_form_answers_and_errors(vault: vs.Vault) -> None:
    form = {f"q{i}": "2" for i in range(1, 10)} | {"difficulty": "1"}
    outcome = measures_log.take_form(vault, name="phq9", form=form, today=TODAY)
    assert outcome.taken.result.total == 18 and outcome.taken.result.difficulty
    with pytest.raises(InvalidInputError, match="1 left"):
        measures_log.take_form(
            vault, name="gad7", form={f"q{i}": "1" for i in range(1, 7)}, today=TODAY
        )
    with pytest.raises(InvalidInputError):
        measures_log.take(vault, name="who5", answers=[6, 0, 0, 0, 0], today=TODAY)
    with pytest.raises(NotFoundError):
        measures_log.measure("bdi")


def test_measures_due_every_two_weeks_and_opt_in(vault: vs.Vault) -> None:
    assert measures_log.due(vault, today=TODAY) == ["who5"]
    measures_log.set_opted_in(vault, names=["gad7"])
    assert measures_log.due(vault, today=TODAY) == ["who5", "gad7"]
    measures_log.take(vault, name="who5", answers=[3] * 5, today=TODAY)
    assert measures_log.due(vault, today=TODAY + timedelta(days=13)) == ["gad7"]
    assert measures_log.due(vault, today=TODAY + timedelta(days=14)) == ["who5", "gad7"]
    with pytest.raises(InvalidInputError):
        measures_log.set_opted_in(vault, names=["who5"])
    overview = measures_log.overview(vault, today=TODAY)
    assert overview.opted == ("gad7",) and overview.history[0].name == "who5"

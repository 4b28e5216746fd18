"""The recovery space: check-ins, the rumination guard over notes, self-care and activities."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError
from onward.guide.screen import load_screen
from onward.services import journal, recovery_log, screening
from onward.services import vault as vs

TODAY = date(2026, 3, 10)


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_recovery_checkin_round_trip_latest_of_the_day_counts(vault: vs.Vault) -> None:
    recovery_log.save_checkin_form(vault, day=TODAY, mood="2", urge="3", sleep="6,5", note="rough")
    recovery_log.save_checkin(vault, day=TODAY, mood=4, urge=1, note="better\nlater")
    recovery_log.save_checkin(vault, day=TODAY - timedelta(days=1), mood=3, urge=2)
    every = recovery_log.checkins(vault)
    assert [c.mood for c in every] == [2, 4, 3] and every[0].sleep_hours == 6.5
    view = recovery_log.load_today(vault, today=TODAY)
    assert (
        view.checkin is not None and view.checkin.mood == 4 and view.checkin.note == "better later"
    )
    assert view.week.days_checked_in == 2 and view.week.mood_avg == 3.5
    assert view.last_urge == 2 and view.labels.mood[1] and view.lines is None


@pytest.mark.parametrize(
    ("mood", "urge", "sleep"), [("", "0", ""), ("6", "0", ""), ("3", "9", ""), ("3", "1", "lots")]
)
def test_recovery_checkin_bad_values_are_explained(
    vault: vs.Vault, mood: str, urge: str, sleep: str
) -> None:
    with pytest.raises(InvalidInputError):
        recovery_log.save_checkin_form(vault, day=TODAY, mood=mood, urge=urge, sleep=sleep)


def test_recovery_prompts_switch_when_notes_keep_circling(vault: vs.Vault) -> None:
    assert recovery_log.journal_prompts(vault).choice.set_id == "reflect"
    circling = "I keep replaying the fight with Sam and why Sam left me"
    for _ in range(2):
        journal.add_entry(vault, text=circling)
    for offset in range(2):
        recovery_log.save_checkin(
            vault, day=TODAY - timedelta(days=offset), mood=2, urge=3, note=circling
        )
    prompts = recovery_log.journal_prompts(vault)
    assert prompts.choice.rumination.looping
    assert prompts.choice.set_id == "distract"  # low mood: give the mind a break
    assert prompts.prompts.prompts and "sam" in prompts.choice.rumination.recurring


def test_recovery_today_shows_crisis_lines_when_the_screen_says_so(vault: vs.Vault) -> None:
    own = next(i for i in load_screen().items if "crisis_lines_now" in i.gates_on_yes)
    screening.save_screen(vault, answers={own.id: True})
    view = recovery_log.load_today(vault, today=TODAY)
    assert view.lines is not None and view.lines.lines


def test_recovery_care_plan_and_activity_log(vault: vs.Vault) -> None:
    plan = recovery_log.save_care_plan(vault, calm="Walk\nTea", people="Jo", unknown="x")
    assert plan["calm"] == ("Walk", "Tea") and plan["people"] == ("Jo",) and plan["new"] == ()
    recovery_log.log_activity(vault, day=TODAY, kind="new", text="Pottery class")
    recovery_log.log_activity(vault, day=TODAY - timedelta(days=20), kind="new", text="Old")
    view = recovery_log.load_care(vault, today=TODAY)
    assert view.plan["calm"] == ("Walk", "Tea")
    assert [a.text for a in view.activities] == ["Pottery class", "Old"]
    assert view.counts["new"] == 1  # the last 14 days only
    with pytest.raises(InvalidInputError):
        recovery_log.log_activity(vault, day=TODAY, kind="party", text="x")

"""What is due (shown in the app only) and the charts with their tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.services import measures_log, recovery_log, reminders, repair_track, trends
from onward.services import vault as vs

TODAY = date(2026, 3, 10)


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _kinds(vault: vs.Vault, day: date) -> list[str]:
    return [r.kind for r in reminders.due_items(vault, day)]


def test_reminders_nothing_for_tools_never_used(vault: vs.Vault) -> None:
    assert reminders.due_items(vault, TODAY) == []


def test_reminders_checkin_and_fortnightly_measure(vault: vs.Vault) -> None:
    recovery_log.save_checkin(vault, day=TODAY - timedelta(days=1), mood=3, urge=1)
    due = reminders.due_items(vault, TODAY)
    assert [(r.kind, r.href) for r in due] == [("checkin", "/today"), ("measure", "/measure/who5")]
    recovery_log.save_checkin(vault, day=TODAY, mood=3, urge=1)
    measures_log.take(vault, name="who5", answers=[3] * 5, today=TODAY)
    assert _kinds(vault, TODAY) == []
    assert _kinds(vault, TODAY + timedelta(days=14)) == ["checkin", "measure"]


def test_reminders_review_date_then_its_passing(vault: vs.Vault) -> None:
    repair_track.save_agreement(vault, start=TODAY, duration_days=10, contact="none", today=TODAY)
    review = TODAY + timedelta(days=10)
    assert _kinds(vault, TODAY) == []
    assert _kinds(vault, review - timedelta(days=2)) == ["review"]
    on_the_day = reminders.due_items(vault, review)
    assert on_the_day[0].href == "/mend" and "Today is the review date" in on_the_day[0].text
    passed = reminders.due_items(vault, review + timedelta(days=1))
    assert passed[0].kind == "review" and "passed" in passed[0].text
    assert _kinds(vault, review + timedelta(days=30)) == []
    repair_track.record_event(vault, event="review_yes", today=review)
    assert _kinds(vault, review) == []


def test_trends_charts_with_tables(vault: vs.Vault) -> None:
    assert trends.load_trends(vault, today=TODAY).charts == []
    for back, level in enumerate([4, 3, 2]):
        recovery_log.save_checkin(
            vault, day=TODAY - timedelta(days=back), mood=level, urge=back, sleep_hours=7.0
        )
    measures_log.take(vault, name="who5", answers=[3] * 5, today=TODAY)
    measures_log.take(vault, name="phq9", answers=[1] * 8 + [0], today=TODAY)
    view = trends.load_trends(vault, today=TODAY)
    assert [c.id for c in view.charts] == ["mood", "urge", "sleep", "who5", "phq9"]
    mood = view.charts[0]
    assert mood.svg.startswith("<svg") and 'role="img"' in mood.svg
    assert len(mood.rows) == trends.DAYS and mood.rows[-1] == ("10 Mar", "4")
    assert mood.rows[0][1] == "no entry"
    who5 = view.charts[3]
    assert who5.rows[0][0] == "2026-03-10" and who5.rows[0][1] == "60 (No sign of low well-being)"

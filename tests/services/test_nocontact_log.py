"""No contact: the counter resumes after a slip, urges with a pause, the unsent box."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.guide.nocontact import PAUSE_SECONDS
from onward.services import items, nocontact_log
from onward.services import vault as vs

START = date(2026, 2, 1)
TODAY = date(2026, 3, 1)  # 29 journey days


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_nocontact_counter_resumes_after_a_slip(vault: vs.Vault) -> None:
    assert nocontact_log.summary(vault, today=TODAY) is None
    nocontact_log.save_plan(vault, start=START, why="to heal", instead="walk", today=TODAY)
    before = nocontact_log.summary(vault, today=TODAY)
    assert before is not None and before.no_contact_days == 29 and before.current_streak == 29
    after = nocontact_log.log_slip(vault, day=date(2026, 2, 20), trigger="Saw a photo", today=TODAY)
    assert after.no_contact_days == 28  # the days before the slip still count
    assert after.current_streak == 9 and after.longest_streak == 19
    assert after.slips == 1 and after.triggers == (("Saw a photo", 1),)
    assert any(m.days == 14 for m in after.reached)  # a milestone is never taken away
    view = nocontact_log.load_space(vault, today=TODAY)
    assert view.plan is not None and view.plan.why == "to heal"
    assert [s.trigger for s in view.slips] == ["Saw a photo"]


def test_nocontact_slip_needs_a_plan_and_a_day_inside_it(vault: vs.Vault) -> None:
    with pytest.raises(InvalidInputError):
        nocontact_log.log_slip(vault, day=TODAY, today=TODAY)
    nocontact_log.save_plan(vault, start=START, today=TODAY)
    with pytest.raises(InvalidInputError):
        nocontact_log.log_slip(vault, day=date(2026, 1, 1), today=TODAY)
    with pytest.raises(InvalidInputError):
        nocontact_log.save_plan(vault, start=date(2026, 3, 2), today=TODAY)


def test_nocontact_urge_pause_and_acting_is_logged_as_a_slip(vault: vs.Vault) -> None:
    nocontact_log.save_plan(vault, start=START, today=TODAY)
    at = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
    pause = nocontact_log.log_urge(vault, trigger="  late   evening ", now=at)
    assert pause.seconds == PAUSE_SECONDS and pause.text and pause.urge.outcome is None
    assert pause.urge.trigger == "late evening"
    assert nocontact_log.get_pause(vault, urge_id=pause.urge.id).urge.id == pause.urge.id
    second = nocontact_log.log_urge(vault, trigger="late evening", now=at)
    nocontact_log.finish_urge(vault, urge_id=pause.urge.id, acted=False, today=TODAY)
    done = nocontact_log.finish_urge(vault, urge_id=second.urge.id, acted=True, today=TODAY)
    assert done.outcome == "acted"
    view = nocontact_log.load_space(vault, today=TODAY)
    assert view.urges.total == 2 and view.urges.passed == 1 and view.urges.acted == 1
    assert view.urges.by_trigger == (("late evening", 2),)
    assert view.summary is not None and view.summary.slips == 1 and view.summary.current_streak == 0
    with pytest.raises(NotFoundError):
        nocontact_log.get_pause(vault, urge_id="0" * 32)


def test_nocontact_unsent_kept_then_destroyed(vault: vs.Vault) -> None:
    with pytest.raises(InvalidInputError):
        nocontact_log.keep_unsent(vault, text="  ")
    kept = nocontact_log.keep_unsent(vault, text="I still think of you")
    assert [m.text for m in nocontact_log.unsent_messages(vault)] == ["I still think of you"]
    nocontact_log.destroy_unsent(vault, message_id=kept.id)
    assert nocontact_log.unsent_messages(vault) == []
    assert items.count(vault, kind=nocontact_log.UNSENT_KIND) == 0
    with pytest.raises(NotFoundError):
        nocontact_log.destroy_unsent(vault, message_id=kept.id)

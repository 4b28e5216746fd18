"""Danger-screen results are kept with their date, and the latest one gates advice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.guide.screen import load_screen
from onward.services import screening
from onward.services import vault as vs


@pytest.fixture
def vault(settings: Settings):  # type: ignore[no-untyped-def]
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_screen_latest_result_and_history(vault: vs.Vault) -> None:
    screen = load_screen()
    trigger = next(i for i in screen.items if i.trigger)
    assert screening.latest_screen(vault) is None
    assert screening.current_gates(vault) == frozenset()
    first = screening.save_screen(
        vault, answers={trigger.id: True}, now=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert first.result.positive and "repair_closed" in first.result.gates
    screening.save_screen(vault, answers={trigger.id: False}, now=datetime(2026, 2, 1, tzinfo=UTC))
    latest = screening.latest_screen(vault)
    assert latest is not None and not latest.result.positive
    assert latest.taken_at == datetime(2026, 2, 1, tzinfo=UTC)
    assert [s.result.positive for s in screening.screen_history(vault)] == [False, True]

"""The path hub: situation and country, steps, and what the danger screen closes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError
from onward.services import path, plans_store, prefs, screening
from onward.services import vault as vs

POSITIVE = {"weapon": True}
NEGATIVE = {"weapon": False, "threatened_to_kill": False}
REPAIR_URL = "/mend"


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_path_start_keeps_situation_and_country(vault: vs.Vault) -> None:
    prefs.save_prefs(vault, prefs.Prefs(display_name="Sam", idle_minutes=9))
    path.save_start(vault, situation="refused", country="uk")
    kept = prefs.load_prefs(vault)
    assert (kept.situation, kept.country) == ("refused", "GB")
    assert (kept.display_name, kept.idle_minutes) == ("Sam", 9)  # other settings untouched
    path.save_start(vault, situation="left", country="ZZ")
    assert prefs.load_prefs(vault).country == ""  # unknown country: the international list
    with pytest.raises(InvalidInputError):
        path.save_start(vault, situation="whatever", country="GB")


def test_path_start_page_offers_six_situations_and_every_country(vault: vs.Vault) -> None:
    page = path.start_page(vault)
    assert [c.id for c in page.choices] == list(path.SITUATIONS)
    codes = [c.code for c in page.countries]
    assert {"GB", "US", "IE", "CA", "AU", "NZ"} <= set(codes) and codes[-1] == ""


@pytest.mark.parametrize(
    ("situation", "steps"),
    [
        ("leaving", ["check", "talk", "limits", "care"]),
        ("refused", ["check", "talk", "limits", "care"]),
        ("unsure", ["check", "health", "decide", "care"]),
        ("repair", ["check", "health", "decide"]),
        ("left", ["check", "limits", "care"]),
        ("helper", ["friend"]),
        ("", ["check"]),
    ],
)
def test_path_steps_fit_the_situation(vault: vs.Vault, situation: str, steps: list[str]) -> None:
    if situation:
        path.save_start(vault, situation=situation, country="")
    hub = path.load_hub(vault, repair_url=REPAIR_URL)
    assert [s.id for s in hub.steps] == steps
    assert hub.next_step is not None and hub.next_step.id == steps[0]


def test_path_positive_screen_closes_repair_and_puts_safety_first(vault: vs.Vault) -> None:
    path.save_start(vault, situation="repair", country="GB")
    assert path.load_hub(vault, repair_url=REPAIR_URL).offers == []  # not before a screen
    screening.save_screen(vault, answers=NEGATIVE)
    hub = path.load_hub(vault, repair_url=REPAIR_URL)
    assert path.repair_offered(vault)
    assert [o.id for o in hub.offers] == ["repair", "counselling", "time-apart"]
    assert hub.offers[0].url == REPAIR_URL
    assert not hub.closed and not hub.helplines_first

    screening.save_screen(vault, answers=POSITIVE)
    hub = path.load_hub(vault, repair_url=REPAIR_URL)
    assert not path.repair_offered(vault)
    assert "repair_closed" in hub.gates and hub.offers == []
    assert hub.helplines_first and hub.safer_setting
    assert [s.id for s in hub.steps] == ["check", "care", "health", "decide"]
    assert any("repair path" in note for note in hub.closed)
    assert all(not e.id.startswith("repair-") for e in hub.reading)


def test_path_one_answer_can_close_only_counselling(vault: vs.Vault) -> None:
    path.save_start(vault, situation="unsure", country="")
    screening.save_screen(vault, answers={"physical_harm": True})  # negative, but gated
    hub = path.load_hub(vault, repair_url=REPAIR_URL)
    assert not hub.screen.result.positive  # type: ignore[union-attr]
    assert [o.id for o in hub.offers] == ["repair", "time-apart"]
    assert hub.safer_setting


def test_path_steps_are_marked_done_with_dates(vault: vs.Vault) -> None:
    path.save_start(vault, situation="left", country="")
    when = datetime(2026, 3, 1, tzinfo=UTC)
    screening.save_screen(vault, answers=NEGATIVE, now=when)
    plans_store.save_plan(vault, plans_store.LIMITS, {"rule": "no_contact", "duration_days": 30})
    hub = path.load_hub(vault, repair_url=REPAIR_URL)
    done = {s.id: s.done for s in hub.steps}
    assert done == {"check": True, "limits": True, "care": False}
    assert hub.steps[0].done_at == when
    assert hub.next_step is not None and hub.next_step.id == "care"


def test_path_crisis_answer_shows_crisis_lines_on_the_hub(vault: vs.Vault) -> None:
    path.save_start(vault, situation="left", country="GB")
    screening.save_screen(vault, answers={"own_thoughts_of_suicide": True})
    hub = path.load_hub(vault, repair_url=REPAIR_URL)
    assert [line.name for line in hub.crisis][:2] == [
        "Emergency services (police, ambulance, fire)",
        "Samaritans",
    ]
    assert not hub.screen.result.positive  # type: ignore[union-attr]


def test_path_lines_page_follows_the_country(vault: vs.Vault) -> None:
    assert path.lines_page(vault).helplines.fallback
    path.save_country(vault, {"country": ["ie"]})
    page = path.lines_page(vault)
    assert page.country == "IE" and page.helplines.code == "IE"

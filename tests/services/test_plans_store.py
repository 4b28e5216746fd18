"""Plans: stored encrypted, checked against the screen, printed as text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.services import path, plan_pages, plans_store, screening
from onward.services import vault as vs

TALK = {
    "reasons": ["I am not happy", "We want different lives"],
    "setting": "in_person_private",
    "trusted": {
        "name": "Ana",
        "how": "555-0101",
        "check_in_at": "2026-11-22T18:00:00+01:00",
        "if_no_check_in": "call me, then call the police",
    },
    "rehearse": ["wont_let_you", "hurt_myself"],
    "done": ["id_papers"],
}


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_plans_conversation_round_trip_and_text(vault: vs.Vault) -> None:
    path.save_start(vault, situation="leaving", country="GB")
    saved = plans_store.save_plan(vault, plans_store.TALK, TALK)
    assert saved.data["reasons"] == TALK["reasons"] and not saved.setting_closed
    loaded = plans_store.load_plan(vault, plans_store.TALK)
    assert loaded is not None and loaded.plan == saved.plan
    text = " ".join(plans_store.plan_text(vault, plans_store.TALK).split())
    assert "My reasons are these: I am not happy. We want different lives." in text
    assert "Ana: 555-0101" in text and "2026-11-22 18:00 (UTC+01:00)" in text
    assert "Samaritans" in text  # the crisis pushback shows crisis lines for GB
    assert "[x] ID, passport" in text


def test_plans_positive_screen_refuses_and_flags_a_private_talk(vault: vs.Vault) -> None:
    plans_store.save_plan(vault, plans_store.TALK, TALK)
    screening.save_screen(vault, answers={"neck_or_breathing": True})
    with pytest.raises(InvalidInputError, match="not offered"):
        plans_store.save_plan(vault, plans_store.TALK, TALK)
    loaded = plans_store.load_plan(vault, plans_store.TALK)
    assert loaded is not None and loaded.setting_closed
    page = plan_pages.talk_page(vault)
    offered = {c.setting.id: c.offered for c in page.choices}
    assert offered["in_person_private"] is False and offered["message"] is True
    assert page.choices[0].setting.id == "not_in_advance" and page.choices[0].recommended
    assert page.safety_missing and page.common.helplines_first
    plans_store.save_plan(vault, plans_store.TALK, {**TALK, "setting": "message"})
    plans_store.save_plan(vault, plans_store.SAFETY, {"safe_places": ["Library"]})
    assert not plan_pages.talk_page(vault).safety_missing


def test_plans_boundaries_and_safety_round_trip(vault: vs.Vault) -> None:
    path.save_start(vault, situation="refused", country="US")
    limits = {
        "rule": "logistics_only",
        "start": "2026-12-01",
        "duration_days": 60,
        "channel": "email",
        "topics": ["the car"],
        "step": "keep_record",
    }
    plans_store.save_plan(vault, plans_store.LIMITS, limits)
    text = " ".join(plans_store.plan_text(vault, plans_store.LIMITS).split())
    assert "only reply about the car, and only by email" in text
    assert "From 2026-12-01 to 2027-01-29 (60 days)" in text and "womenslaw.org" in text
    safety = {
        "people": [{"name": "Ana", "how": "555-0101"}],
        "safe_places": ["Library"],
        "code_word": "blue",
        "code_meaning": "call 911",
        "packed": ["keys"],
        "tech_done": ["browser"],
    }
    plans_store.save_plan(vault, plans_store.SAFETY, safety)
    card = " ".join(plans_store.plan_text(vault, plans_store.CARD).split())
    assert card.startswith("EMERGENCY CARD") and "Ana: 555-0101" in card and "911" in card
    assert "[x] Spare keys" in " ".join(plans_store.plan_text(vault, plans_store.SAFETY).split())
    dates = plans_store.saved_dates(vault)
    assert dates[plans_store.TALK] is None and dates[plans_store.SAFETY] is not None


def test_plans_refuse_bad_data_and_missing_plans(vault: vs.Vault) -> None:
    with pytest.raises(NotFoundError):
        plans_store.plan_text(vault, plans_store.SAFETY)
    with pytest.raises(InvalidInputError):
        plans_store.plan_text(vault, "nope")
    cases: list[tuple[str, dict[str, object]]] = [
        (plans_store.TALK, {"setting": "telepathy"}),
        (plans_store.TALK, {}),
        (plans_store.TALK, {"setting": "phone", "trusted": {"name": "Ana"}}),
        (plans_store.LIMITS, {"rule": "no_contact", "duration_days": "thirty"}),
        (plans_store.LIMITS, {"rule": "no_contact", "start": "tomorrow"}),
        (plans_store.SAFETY, {"people": [{"name": "", "how": "555"}]}),
        (plans_store.SAFETY, {"packed": ["a unicorn"]}),
    ]
    for name, data in cases:
        with pytest.raises(InvalidInputError):
            plans_store.save_plan(vault, name, data)
    assert all(v is None for v in plans_store.saved_dates(vault).values())


def test_plan_pages_read_forms(vault: vs.Vault) -> None:
    talk = plan_pages.talk_data(
        {
            "reason_1": ["  I need space "],
            "reason_2": [""],
            "setting": ["phone"],
            "rehearse": ["one_more_chance"],
            "trusted_name": ["Ana"],
            "trusted_how": ["555"],
            "check_in": ["2026-11-22T18:00"],
        }
    )
    assert talk["reasons"] == ["I need space"] and talk["rehearse"] == ["one_more_chance"]
    assert talk["trusted"]["check_in_at"].startswith("2026-11-22T18:00:00")
    saved = plans_store.save_plan(vault, plans_store.TALK, talk)
    assert saved.data["setting"] == "phone"
    limits = plan_pages.limits_data(
        {"rule": ["no_contact"], "duration": ["custom"], "custom_days": ["45"]}
    )
    assert limits["duration_days"] == 45
    assert (
        plan_pages.limits_data({"rule": ["no_contact"], "duration": ["open"]})["duration_days"]
        is None
    )
    with pytest.raises(InvalidInputError):
        plan_pages.limits_data({"rule": ["no_contact"], "duration": ["custom"]})
    care = plan_pages.care_data(
        {"name_1": ["Ana"], "how_1": ["555"], "place_2": ["Gym"], "packed": ["keys", "money"]}
    )
    assert care["people"] == [{"name": "Ana", "how": "555"}] and care["safe_places"] == ["Gym"]


def test_plan_overview_puts_safety_first_when_gated(vault: vs.Vault) -> None:
    _, cards = plan_pages.overview(vault)
    assert [c.name for c in cards] == ["conversation", "boundaries", "safety"]
    screening.save_screen(vault, answers={"weapon": True})
    _, cards = plan_pages.overview(vault)
    assert [c.name for c in cards] == ["safety", "conversation", "boundaries"]


def test_the_fields_a_plan_file_may_hold_are_the_fields_each_plan_writes(vault: vs.Vault) -> None:
    """``check_fields`` must never refuse what a plan's own JSON holds."""
    limits = {"rule": "logistics_only", "start": "2026-12-01", "duration_days": 60}
    written = {
        plans_store.TALK: plans_store.talk_to_data(plans_store.talk_from_data(TALK, vault=vault)),
        plans_store.LIMITS: plans_store.limits_to_data(
            plans_store.limits_from_data(limits, vault=vault)
        ),
        plans_store.SAFETY: plans_store.safety_to_data(
            plans_store.safety_from_data({"safe_places": ["Library"]}, vault=vault)
        ),
    }
    for kind, data in written.items():
        assert sorted(data) == sorted(plans_store.FIELDS[kind]), kind
        plans_store.check_fields(kind, data)
    with pytest.raises(InvalidInputError, match="not a safety plan"):
        plans_store.check_fields(plans_store.SAFETY, {"diary": "private words"})

"""The let-go track: a checked goodbye, kept only when asked; self-worth round trip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.guide.letgo import GoodbyeParts
from onward.services import items, letgo_track
from onward.services import vault as vs


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_letgo_goodbye_is_calm_and_not_stored_by_default(vault: vs.Vault) -> None:
    result = letgo_track.compose_goodbye(vault, GoodbyeParts(feeling="I love you", name="Sam"))
    assert result.text.startswith("Sam,\n\nI love you. I respect your decision.")
    assert result.calm and not result.kept and result.lines is None
    assert items.count(vault, kind=letgo_track.GOODBYE_KIND) == 0
    assert "</p>" in result.view.pleading_html


def test_letgo_goodbye_points_out_waiting_and_begging(vault: vs.Vault) -> None:
    parts = GoodbyeParts(feeling="I'll wait for you. Please don't leave. Can we talk?")
    result = letgo_track.compose_goodbye(vault, parts, keep=True)
    kinds = {n.kind for n in result.review.notes}
    assert {"wait", "begging", "reply"} <= kinds and not result.calm
    assert result.kept and letgo_track.load_letgo(vault).goodbye == result.parts
    assert letgo_track.forget_goodbye(vault)
    assert letgo_track.load_letgo(vault).goodbye is None


def test_letgo_worth_round_trip(vault: vs.Vault) -> None:
    saved = letgo_track.save_worth(
        vault, values="Kind\n\nFunny\nGood cook", friend_words="You did your best.", need="Rest"
    )
    assert saved.values == ("Kind", "Funny", "Good cook")
    view = letgo_track.load_letgo(vault)
    assert view.worth == saved and view.guides[0].href == "/guide/letgo-goodbye-message"

"""Health check: bands, serious items, good signs and strict input handling."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from onward.content.datafiles import ContentError, Record
from onward.errors import InvalidInputError
from onward.guide.health import Kind, load_health, parse_health, score_health

WARNINGS = [i.id for i in load_health().items if i.kind is Kind.WARNING and not i.serious]
GOODS = [i.id for i in load_health().items if i.kind is Kind.GOOD]


def answers(often: int = 0, sometimes: int = 0) -> dict[str, str]:
    """Mild warning items: the first `often` answered often, the next `sometimes` sometimes."""
    out = dict.fromkeys(WARNINGS, "never")
    for item in WARNINGS[:often]:
        out[item] = "often"
    for item in WARNINGS[often : often + sometimes]:
        out[item] = "sometimes"
    return out


# (case, answers, band, points, suggest_screen)
CASES: list[tuple[str, dict[str, str], str, int, bool]] = [
    ("nothing answered", {}, "few_signs", 0, False),
    ("all never", answers(), "few_signs", 0, False),
    ("two sometimes", answers(sometimes=2), "few_signs", 2, False),
    ("three sometimes", answers(sometimes=3), "some_signs", 3, False),
    ("one often one sometimes", answers(often=1, sometimes=1), "some_signs", 3, False),
    ("seven points", answers(often=3, sometimes=1), "some_signs", 7, False),
    ("eight points", answers(often=4), "many_signs", 8, True),
    ("everything often", answers(often=len(WARNINGS)), "many_signs", 2 * len(WARNINGS), True),
    ("afraid sometimes", {"afraid": "sometimes"}, "many_signs", 1, True),
    ("threats often", {"threatens": "often"}, "many_signs", 2, True),
    ("sexual pressure sometimes", {"sexual_pressure": "sometimes"}, "many_signs", 1, True),
    ("serious never", {"afraid": "never", "threatens": "never"}, "few_signs", 0, False),
]


@pytest.mark.parametrize(
    ("case", "given", "band", "points", "suggest"), CASES, ids=[c[0] for c in CASES]
)
def test_health_bands_by_points_and_serious_items(
    case: str, given: dict[str, str], band: str, points: int, suggest: bool
) -> None:
    result = score_health(given)
    assert result.band.id == band
    assert result.warning_points == points
    assert result.suggest_screen is suggest


def test_health_good_signs_never_offset_warning_signs() -> None:
    bad = answers(often=4)
    with_good = {**bad, **dict.fromkeys(GOODS, "often")}
    assert score_health(with_good).band.id == score_health(bad).band.id == "many_signs"
    assert score_health(with_good).good_points == 2 * len(GOODS)


def test_health_reports_flagged_serious_missing_and_good_gaps() -> None:
    given = {
        "controls_choices": "often",
        "afraid": "sometimes",
        "feel_safe": "never",
        "own_life": "often",
    }
    result = score_health(given)
    assert result.flagged == ["controls_choices", "afraid"]
    assert result.serious == ["afraid"]
    assert result.good_missing == ["feel_safe"]
    assert result.good_points == 2
    assert "jealous" in result.missing
    assert "controls_choices" not in result.missing
    assert result.warning_max == 2 * (len(WARNINGS) + 3)
    assert result.good_max == 2 * len(GOODS)


def test_health_rejects_unknown_items_and_answers() -> None:
    with pytest.raises(InvalidInputError, match="Unknown health-check item"):
        score_health({"likes_cats": "often"})
    with pytest.raises(InvalidInputError, match="not an answer"):
        score_health({"jealous": "always"})


def test_health_shipped_items_cover_the_warning_signs_and_good_signs() -> None:
    check = load_health()
    ids = {i.id for i in check.items}
    # S4.3 control, S4.4 criticism and comparisons, plus isolation, jealousy, volatility, guilt,
    # money and phone monitoring; S3.6 good signs.
    assert {
        "controls_choices",
        "puts_you_down",
        "compares_you",
        "isolates_you",
        "jealous",
        "volatile",
        "guilt",
        "controls_money",
        "monitors_phone",
    } <= ids
    assert {"feel_safe", "mostly_happy", "talk_openly"} <= ids
    for item in check.items:
        assert item.why, item.id
        assert item.sources, item.id
    for band in check.bands:
        assert band.means, band.id
        assert band.does_not_mean, band.id
    assert [s.id for s in check.scale] == ["never", "sometimes", "often"]


def _data() -> dict[str, Any]:
    text = resources.files("onward.content").joinpath("health.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][0].update(kind="meh"), "field 'kind'"),
        (lambda d: d["items"][-1].update(serious=True), "only applies to warning"),
        (lambda d: d["items"][0].update(sources=["nobody"]), "unknown reference"),
        (lambda d: d["bands"][0].update(min_points=1), "must start at 0"),
        (lambda d: d["bands"][-1].pop("on_serious"), "exactly one 'on_serious'"),
        (lambda d: d["scale"][1].update(points=0), "must rise from 0"),
    ],
    ids=["kind", "serious good sign", "reference", "bands start", "no serious band", "scale"],
)
def test_health_parse_rejects_bad_data(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(ContentError, match=message):
        parse_health(Record(data, "health.yaml"))


@pytest.mark.parametrize("odd", ["<b>x</b>", "I feel scared all the time", "x" * 300])
def test_health_does_not_repeat_odd_input_in_errors(odd: str) -> None:
    for answers in ({odd: "often"}, {"jealous": odd}):
        with pytest.raises(InvalidInputError) as caught:
            score_health(answers)
        assert odd not in caught.value.user_message

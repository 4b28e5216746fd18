"""Danger screen: the count rule, triggers, gates, crisis routing and strict input handling."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from onward.content.datafiles import ContentError, Record, load_data
from onward.errors import InvalidInputError
from onward.guide.screen import (
    CRISIS_LINES_NOW,
    GATES,
    HELPLINES_FIRST,
    NO_COUPLES_COUNSELLING,
    NO_PRIVATE_TALK,
    NO_TIME_APART_CONTACT,
    REPAIR_CLOSED,
    SAFETY_PLAN_FIRST,
    load_screen,
    parse_screen,
    score_screen,
)

POSITIVE_GATES = [
    HELPLINES_FIRST,
    SAFETY_PLAN_FIRST,
    NO_PRIVATE_TALK,
    NO_COUPLES_COUNSELLING,
    REPAIR_CLOSED,
    NO_TIME_APART_CONTACT,
]
TRIGGERS = ("threatened_to_kill", "weapon", "neck_or_breathing", "believe_might_kill")


def yes(*ids: str) -> dict[str, bool]:
    return dict.fromkeys(ids, True)


# (case, answers, positive, crisis, count, gates)
CASES: list[tuple[str, dict[str, bool], bool, bool, int, list[str]]] = [
    ("nothing answered", {}, False, False, 0, []),
    ("all no", dict.fromkeys((i.id for i in load_screen().items), False), False, False, 0, []),
    ("threat to kill alone", yes("threatened_to_kill"), True, False, 0, POSITIVE_GATES),
    ("weapon alone", yes("weapon"), True, False, 0, POSITIVE_GATES),
    ("strangulation alone", yes("neck_or_breathing"), True, False, 0, POSITIVE_GATES),
    ("believes they might kill", yes("believe_might_kill"), True, False, 0, POSITIVE_GATES),
    ("two counted items", yes("gun_access", "out_of_work"), False, False, 2, []),
    (
        "three counted items",
        yes("gun_access", "out_of_work", "separation"),
        True,
        False,
        3,
        POSITIVE_GATES,
    ),
    (
        "four counted items",
        yes("control_jealousy", "violence_worse", "partner_suicide", "child_not_theirs"),
        True,
        False,
        4,
        POSITIVE_GATES,
    ),
    (
        "physical harm alone gates the talk",
        yes("physical_harm"),
        False,
        False,
        1,
        [NO_PRIVATE_TALK, NO_COUPLES_COUNSELLING],
    ),
    ("stalking alone gates the talk", yes("stalking"), False, False, 1, [NO_PRIVATE_TALK]),
    (
        "forced sex alone",
        yes("forced_sex"),
        False,
        False,
        1,
        [NO_PRIVATE_TALK, NO_COUPLES_COUNSELLING],
    ),
    ("own crisis only", yes("own_thoughts_of_suicide"), False, True, 0, [CRISIS_LINES_NOW]),
    (
        "own crisis does not count",
        yes("own_thoughts_of_suicide", "gun_access", "separation"),
        False,
        True,
        2,
        [CRISIS_LINES_NOW],
    ),
    (
        "crisis and danger",
        yes("own_thoughts_of_suicide", "weapon"),
        True,
        True,
        0,
        [CRISIS_LINES_NOW, *POSITIVE_GATES],
    ),
    ("trigger plus counted", yes("weapon", "stalking"), True, False, 1, POSITIVE_GATES),
    ("a no to a trigger", {"weapon": False, "gun_access": True}, False, False, 1, []),
]


@pytest.mark.parametrize(
    ("case", "answers", "positive", "crisis", "count", "gates"), CASES, ids=[c[0] for c in CASES]
)
def test_screen_scores_by_the_rule(
    case: str,
    answers: dict[str, bool],
    positive: bool,
    crisis: bool,
    count: int,
    gates: list[str],
) -> None:
    result = score_screen(answers)
    assert result.positive is positive
    assert result.crisis is crisis
    assert result.count == count
    assert result.gates == gates
    # Free text is shown back and never changes the result.
    worried = score_screen(answers, worries="  He said he'd kill me  ")
    assert worried.worries == "He said he'd kill me"
    assert (worried.positive, worried.gates, worried.reasons) == (
        result.positive,
        result.gates,
        result.reasons,
    )


def test_screen_reasons_explain_each_yes_and_the_count() -> None:
    result = score_screen(yes("gun_access", "out_of_work", "separation"))
    screen = load_screen()
    assert result.reasons[:3] == [
        screen.item("gun_access").reason,
        screen.item("separation").reason,
        screen.item("out_of_work").reason,
    ]
    assert "3 of the risk factors" in result.reasons[-1]
    trigger = score_screen(yes("weapon"))
    assert trigger.reasons == [screen.item("weapon").reason]


def test_screen_reasons_leave_out_the_persons_own_crisis() -> None:
    result = score_screen(yes("own_thoughts_of_suicide"))
    assert result.reasons == []
    assert result.crisis


def test_screen_lists_skipped_questions() -> None:
    result = score_screen({"weapon": False, "gun_access": True})
    ids = [i.id for i in load_screen().items]
    assert result.missing == [i for i in ids if i not in ("weapon", "gun_access")]
    assert score_screen(dict.fromkeys(ids, False)).missing == []


def test_screen_blank_worries_become_none() -> None:
    assert score_screen({}, worries="   ").worries is None
    assert score_screen({}).worries is None


def test_screen_rejects_unknown_questions() -> None:
    with pytest.raises(InvalidInputError, match="Unknown danger-screen question: nonsense"):
        score_screen({"nonsense": True})


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_screen_rejects_non_boolean_answers(value: Any) -> None:
    with pytest.raises(InvalidInputError, match="must be yes or no"):
        score_screen({"weapon": value})


def test_screen_shipped_items_follow_the_design() -> None:
    screen = load_screen()
    assert tuple(i.id for i in screen.items if i.trigger) == TRIGGERS
    crisis = [i for i in screen.items if i.crisis]
    assert [i.id for i in crisis] == ["own_thoughts_of_suicide"]
    assert crisis[0].gates_on_yes == (CRISIS_LINES_NOW,)
    assert sum(i.counted for i in screen.items) == 10
    assert screen.count_threshold == 3
    assert "own rule" in screen.rule_rationale
    for item in screen.items:
        assert item.why, item.id
        assert item.reason, item.id
        assert item.sources, item.id
    assert screen.anything_else_text.endswith("?")
    for text in (screen.positive, screen.negative):
        assert text.means
        assert text.does_not_mean
    assert set(screen.positive_gates) == set(POSITIVE_GATES)
    assert set(GATES) == {*POSITIVE_GATES, CRISIS_LINES_NOW}


def _screen_data() -> dict[str, Any]:
    text = resources.files("onward.content").joinpath("screen.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_screen_parse_matches_the_loader() -> None:
    assert parse_screen(load_data("screen.yaml")) == load_screen()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][0].update(gates_on_yes=["no_such_gate"]), "unknown gate"),
        (lambda d: d["items"][0].update(sources=["nobody2020"]), "unknown reference"),
        (lambda d: d["rule"].update(count_threshold=0), "count_threshold"),
        (lambda d: d["rule"].update(count_threshold=99), "count_threshold"),
        (lambda d: d["items"][0].update(crisis=True), "cannot be set with 'trigger'"),
        (lambda d: d["items"][-1].update(crisis=False), "exactly one crisis item"),
        (lambda d: d["items"][1].update(id=d["items"][0]["id"]), "repeats the id"),
        (lambda d: d["items"][0].pop("why"), "field 'why' is missing"),
        (lambda d: d.update(positive_gates=["open_sesame"]), "unknown gate"),
    ],
    ids=[
        "gate",
        "reference",
        "threshold low",
        "threshold high",
        "trigger crisis",
        "no crisis",
        "duplicate id",
        "missing why",
        "positive gate",
    ],
)
def test_screen_parse_rejects_bad_data(change: Any, message: str) -> None:
    data = _screen_data()
    change(data)
    with pytest.raises(ContentError, match=message):
        parse_screen(Record(data, "screen.yaml"))


@pytest.mark.parametrize("odd", ["<b>x</b>", "I feel scared all the time", "x" * 300])
def test_screen_does_not_repeat_odd_question_names(odd: str) -> None:
    with pytest.raises(InvalidInputError, match="not a danger-screen question") as caught:
        score_screen({odd: True})
    assert odd not in caught.value.user_message

"""Decision aid: AHP weights, consistency, ranking with gates, overrides and the SURE check."""

from __future__ import annotations

import math
from importlib import resources
from typing import Any

import pytest
import yaml

from onward.content.datafiles import ContentError, Record
from onward.errors import InvalidInputError
from onward.guide.decision import (
    PairChoice,
    Status,
    Strength,
    comparison_matrix,
    compute_weights,
    consistency_ratio,
    load_decision,
    pairs,
    parse_decision,
    rank_options,
    score_sure,
)
from onward.guide.screen import score_screen

ALL = ["safety", "feelings", "children", "money_home", "self_worth", "people"]


def more(winner: str, loser: str, strength: Strength = Strength.MUCH) -> PairChoice:
    return PairChoice(winner, loser, winner, strength)


# (case, criteria, choices, expected weights)
WEIGHT_CASES: list[tuple[str, list[str], list[PairChoice], dict[str, float]]] = [
    ("one criterion", ["safety"], [], {"safety": 1.0}),
    (
        "two equal",
        ["safety", "feelings"],
        [PairChoice("safety", "feelings", None)],
        {"safety": 0.5, "feelings": 0.5},
    ),
    (
        "two, a bit more",
        ["safety", "feelings"],
        [more("safety", "feelings", Strength.A_BIT)],
        {"safety": 0.75, "feelings": 0.25},
    ),
    (
        "two, much more, reversed order",
        ["safety", "feelings"],
        [more("feelings", "safety")],
        {"safety": 1 / 6, "feelings": 5 / 6},
    ),
    (
        "unanswered counts as equal",
        ["safety", "feelings", "people"],
        [],
        {"safety": 1 / 3, "feelings": 1 / 3, "people": 1 / 3},
    ),
    # Row geometric means: safety (5*5)^(1/3), feelings (1/5*1)^(1/3), people (1/5*1)^(1/3).
    (
        "one dominant of three",
        ["safety", "feelings", "people"],
        [more("safety", "feelings"), more("safety", "people")],
        {
            "safety": 25 ** (1 / 3) / (25 ** (1 / 3) + 2 * 0.2 ** (1 / 3)),
            "feelings": 0.2 ** (1 / 3) / (25 ** (1 / 3) + 2 * 0.2 ** (1 / 3)),
            "people": 0.2 ** (1 / 3) / (25 ** (1 / 3) + 2 * 0.2 ** (1 / 3)),
        },
    ),
]


@pytest.mark.parametrize(
    ("case", "criteria", "choices", "expected"), WEIGHT_CASES, ids=[c[0] for c in WEIGHT_CASES]
)
def test_decision_weights_use_row_geometric_means(
    case: str, criteria: list[str], choices: list[PairChoice], expected: dict[str, float]
) -> None:
    weights = compute_weights(criteria, choices)
    assert weights.weights == pytest.approx(expected)
    assert math.isclose(sum(weights.weights.values()), 1.0)


def test_decision_consistency_is_reported_not_enforced() -> None:
    consistent = compute_weights(
        ["safety", "feelings", "people"],
        [
            more("safety", "feelings", Strength.A_BIT),
            more("feelings", "people", Strength.A_BIT),
            more("safety", "people", Strength.MUCH),
        ],
    )
    assert consistent.consistency_ratio is not None
    assert consistent.consistency_ratio < 0.1
    assert consistent.consistent
    circular = compute_weights(
        ["safety", "feelings", "people"],
        [more("safety", "feelings"), more("feelings", "people"), more("people", "safety")],
    )
    assert circular.consistency_ratio is not None
    assert circular.consistency_ratio > 0.1
    assert not circular.consistent
    assert circular.weights == pytest.approx(dict.fromkeys(["safety", "feelings", "people"], 1 / 3))
    two = compute_weights(["safety", "feelings"], [more("safety", "feelings")])
    assert two.consistency_ratio is None
    assert two.consistent


def test_decision_consistency_ratio_is_zero_for_a_perfect_matrix() -> None:
    matrix = [[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]]
    ratio = consistency_ratio(matrix, [4 / 7, 2 / 7, 1 / 7])
    assert ratio == pytest.approx(0.0, abs=1e-12)


def test_decision_pairs_and_matrix() -> None:
    assert pairs(["a", "b", "c"]) == [("a", "b"), ("a", "c"), ("b", "c")]
    matrix, missing = comparison_matrix(
        ["safety", "feelings", "people"], [more("people", "safety")]
    )
    assert matrix[2][0] == 5.0
    assert matrix[0][2] == pytest.approx(0.2)
    assert missing == [("safety", "feelings"), ("feelings", "people")]
    weights = compute_weights(["safety", "feelings", "people"], [more("people", "safety")])
    assert weights.missing_pairs == missing


@pytest.mark.parametrize(
    ("criteria", "choices", "message"),
    [
        ([], [], "at least one"),
        (["safety", "pizza"], [], "Unknown priority"),
        (["safety", "safety"], [], "only once"),
        (["safety", "feelings"], [more("safety", "people")], "not one we asked"),
        (["safety", "feelings"], [more("safety", "safety")], "not one we asked"),
        (
            ["safety", "feelings"],
            [more("safety", "feelings"), more("feelings", "safety")],
            "answered twice",
        ),
        (
            ["safety", "feelings"],
            [PairChoice("safety", "feelings", "people", Strength.MUCH)],
            "not part of",
        ),
    ],
    ids=["none", "unknown", "duplicate", "foreign pair", "self pair", "twice", "bad winner"],
)
def test_decision_rejects_bad_comparisons(
    criteria: list[str], choices: list[PairChoice], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        compute_weights(criteria, choices)


def test_decision_equal_strength_ignores_a_winner() -> None:
    weights = compute_weights(
        ["safety", "feelings"], [PairChoice("safety", "feelings", "safety", Strength.EQUAL)]
    )
    assert weights.weights == pytest.approx({"safety": 0.5, "feelings": 0.5})


def _ranking(**kwargs: Any) -> list[tuple[str, Status]]:
    return [(r.id, r.status) for r in rank_options(**kwargs)]


def test_decision_ranks_by_weighted_fit() -> None:
    feelings_first = compute_weights(["safety", "feelings"], [more("feelings", "safety")])
    ranked = rank_options(feelings_first)
    assert ranked[0].id == "repair"
    assert all(r.status is Status.OPEN and not r.notes for r in ranked)
    safety_only = compute_weights(["safety"], [])
    top = rank_options(safety_only)
    # Without danger, three options fit safety equally (4 of 5); order stays as in the data.
    assert [r.id for r in top[:2]] == ["leave_now", "leave_later_safely"]
    assert top[0].score == pytest.approx(0.75)
    for option in ranked:
        assert 0.0 <= option.score <= 1.0
        contributions = [c.contribution for c in option.reasons]
        assert contributions == sorted(contributions, reverse=True)
        assert option.score == pytest.approx(sum(contributions))


def test_decision_positive_screen_closes_and_marks_options() -> None:
    weights = compute_weights(["safety", "feelings"], [more("feelings", "safety")])
    ranked = rank_options(weights, screen=score_screen({"weapon": True}))
    by_id = {r.id: r for r in ranked}
    assert by_id["repair"].status is Status.CLOSED
    assert by_id["time_apart"].status is Status.CLOSED
    assert by_id["leave_now"].status is Status.CAUTION
    assert by_id["stay_with_boundaries"].status is Status.CAUTION
    assert by_id["leave_later_safely"].status is Status.OPEN
    assert by_id["leave_later_safely"].notes  # "plan it with an advocate"
    assert all(by_id[o].notes for o in ("repair", "time_apart", "leave_now"))
    # Closed options go last even though feelings weigh most.
    assert [r.id for r in ranked[-2:]] == ["repair", "time_apart"]
    # Danger changes the safety fits and their reasons.
    safety_cell = next(c for c in by_id["leave_later_safely"].reasons if c.criterion == "safety")
    assert safety_cell.fit == 5


def test_decision_single_answer_gate_marks_repair_without_closing_it() -> None:
    weights = compute_weights(["feelings"], [])
    ranked = rank_options(weights, screen=score_screen({"physical_harm": True}))
    repair = next(r for r in ranked if r.id == "repair")
    assert repair.status is Status.CAUTION
    assert ranked[0].id == "repair"


def test_decision_negative_screen_changes_nothing() -> None:
    weights = compute_weights(ALL, [])
    assert _ranking(weights=weights, screen=score_screen({})) == _ranking(weights=weights)


def test_decision_fit_overrides_are_the_persons_own_view() -> None:
    weights = compute_weights(["money_home"], [])
    base = {r.id: r.score for r in rank_options(weights)}
    mine = rank_options(weights, fit_overrides={("leave_now", "money_home"): 5})
    leave_now = next(r for r in mine if r.id == "leave_now")
    assert leave_now.score == pytest.approx(1.0) != base["leave_now"]
    assert leave_now.reasons[0].overridden
    assert leave_now.reasons[0].reason == "Your own view."


@pytest.mark.parametrize(
    "overrides",
    [
        {("fly_away", "money_home"): 3},
        {("leave_now", "safety"): 3},
        {("leave_now", "money_home"): 6},
        {("leave_now", "money_home"): 0},
    ],
    ids=["unknown option", "criterion not chosen", "too high", "too low"],
)
def test_decision_rejects_bad_overrides(overrides: dict[tuple[str, str], int]) -> None:
    weights = compute_weights(["money_home"], [])
    with pytest.raises(InvalidInputError):
        rank_options(weights, fit_overrides=overrides)


# (case, answers, score, conflict, unsure, missing)
SURE_CASES: list[tuple[str, dict[str, bool], int, bool, list[str], list[str]]] = [
    (
        "all yes",
        dict.fromkeys(["sure", "understand", "risk_benefit", "encouragement"], True),
        4,
        False,
        [],
        [],
    ),
    (
        "one no",
        {"sure": True, "understand": True, "risk_benefit": True, "encouragement": False},
        3,
        True,
        ["encouragement"],
        [],
    ),
    (
        "all no",
        dict.fromkeys(["sure", "understand", "risk_benefit", "encouragement"], False),
        0,
        True,
        ["sure", "understand", "risk_benefit", "encouragement"],
        [],
    ),
    ("nothing", {}, 0, True, [], ["sure", "understand", "risk_benefit", "encouragement"]),
    ("partly", {"sure": True}, 1, True, [], ["understand", "risk_benefit", "encouragement"]),
]


@pytest.mark.parametrize(
    ("case", "given", "score", "conflict", "unsure", "missing"),
    SURE_CASES,
    ids=[c[0] for c in SURE_CASES],
)
def test_decision_sure_scores_zero_to_four(
    case: str,
    given: dict[str, bool],
    score: int,
    conflict: bool,
    unsure: list[str],
    missing: list[str],
) -> None:
    result = score_sure(given)
    assert (result.score, result.max_score, result.conflict) == (score, 4, conflict)
    assert result.unsure == unsure
    assert result.missing == missing


def test_decision_sure_rejects_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="Unknown SURE"):
        score_sure({"happy": True})
    with pytest.raises(InvalidInputError, match="yes or no"):
        score_sure({"sure": "yes"})  # type: ignore[dict-item]


def test_decision_shipped_data_is_complete() -> None:
    aid = load_decision()
    assert aid.criterion_ids() == ALL
    assert [o.id for o in aid.options] == [
        "leave_now",
        "leave_later_safely",
        "time_apart",
        "repair",
        "stay_with_boundaries",
    ]
    for option in aid.options:
        assert set(option.fits) == set(ALL)
        for fit in option.fits.values():
            assert fit.reason
            assert (fit.danger_fit is None) == (fit.danger_reason is None)
    assert [i.letter for i in aid.sure_items] == ["S", "U", "R", "E"]
    assert any("Légaré" in ref for ref in aid.references)


def _data() -> dict[str, Any]:
    text = resources.files("onward.content").joinpath("decision.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["scale"].update(a_bit=7), "equal 1 < a_bit < much"),
        (lambda d: d["options"][0]["fit"]["safety"].update(fit=6), "must be 1 to 5"),
        (lambda d: d["options"][0]["fit"].pop("people"), "field 'people' is missing"),
        (
            lambda d: d["options"][0]["gates"].update(teleport={"status": "closed", "note": "x"}),
            "field 'teleport' is not known",
        ),
        (
            lambda d: d["options"][0]["gates"]["safety_plan_first"].update(status="maybe"),
            "field 'status'",
        ),
    ],
    ids=["scale", "fit range", "missing criterion", "unknown gate", "bad status"],
)
def test_decision_parse_rejects_bad_data(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(ContentError, match=message):
        parse_decision(Record(data, "decision.yaml"))


@pytest.mark.parametrize("odd", ["<b>x</b>", "I feel scared all the time", "x" * 300])
def test_decision_sure_does_not_repeat_odd_question_names(odd: str) -> None:
    with pytest.raises(InvalidInputError, match="not a SURE question") as caught:
        score_sure({odd: True})
    assert odd not in caught.value.user_message

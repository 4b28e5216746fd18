"""Deciding day-first, month-first or year-first from a file's own dates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onward.errors import ImportFileError
from onward.importers.whatsapp.dateorder import decide_date_order


def _numbered(*dates: str) -> list[tuple[int, str]]:
    return [(10 * (i + 1), d) for i, d in enumerate(dates)]


def test_decide_date_order_first_number_above_12_means_day_first() -> None:
    decision = decide_date_order(_numbered("3/4/21", "13/4/21", "4/14/21"))
    assert decision is not None
    assert decision.order == "DMY"
    assert decision.rule == "a first number above 12 on line 20 means day-first"


def test_decide_date_order_second_number_above_12_means_month_first() -> None:
    decision = decide_date_order(_numbered("3/4/21", "3/13/21"))
    assert decision is not None
    assert (decision.order, decision.rule) == (
        "MDY",
        "a second number above 12 on line 20 means month-first",
    )


@pytest.mark.parametrize("date", ["2023-12-24", "2023. 12. 24.", "99/12/24"])
def test_decide_date_order_year_in_front_means_year_first(date: str) -> None:
    decision = decide_date_order(_numbered(date))
    assert decision is not None
    assert decision.order == "YMD"


def test_decide_date_order_refuses_year_in_the_middle() -> None:
    with pytest.raises(ImportFileError):
        decide_date_order(_numbered("06/2018/13"))


def test_decide_date_order_dates_going_back_under_month_first_mean_day_first() -> None:
    decision = decide_date_order(_numbered("11/9/21", "1/10/21", "2/10/21"))
    assert decision is not None
    assert decision.order == "DMY"
    assert "go back once under month-first (first on line 20)" in decision.rule


def test_decide_date_order_dates_going_back_under_day_first_mean_month_first() -> None:
    decision = decide_date_order(_numbered("9/11/21", "10/1/21", "10/2/21"))
    assert decision is not None
    assert decision.order == "MDY"


def test_decide_date_order_same_day_and_month_everywhere_decides_trivially() -> None:
    decision = decide_date_order(_numbered("5/5/21", "6/6/21"))
    assert decision is not None
    assert decision.order == "DMY"
    assert "order changes nothing" in decision.rule


def test_decide_date_order_one_number_changing_often_is_the_day() -> None:
    decision = decide_date_order(_numbered("1/3/21", "5/3/21", "9/3/21", "11/3/21"))
    assert decision is not None
    assert decision.order == "DMY"
    assert "first number changes 3 times" in decision.rule
    decision = decide_date_order(_numbered("3/1/21", "3/5/21", "3/9/21", "3/11/21"))
    assert decision is not None
    assert decision.order == "MDY"


@pytest.mark.parametrize(
    "dates",
    [
        ("3/4/21",),
        ("1/3/21", "5/3/21", "9/3/21"),  # too few changes to call the first number the day
        ("1/2/21", "3/4/21", "5/6/21"),  # both change, neither goes back
        ("4/5/21", "5/4/21", "4/5/21"),  # goes back under both readings
    ],
)
def test_decide_date_order_leaves_ambiguous_files_undecided(dates: tuple[str, ...]) -> None:
    assert decide_date_order(_numbered(*dates)) is None


def test_decide_date_order_stops_reading_once_decided() -> None:
    seen: list[int] = []

    def dates() -> Iterator[tuple[int, str]]:
        for number in range(1, 1000):
            seen.append(number)
            yield number, "13/1/21"

    decide_date_order(dates())
    assert seen == [1]

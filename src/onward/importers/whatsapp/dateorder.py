"""Decide whether a WhatsApp export writes dates day-first, month-first or year-first.

The export never says which; ``3/4/21`` is 3 April in one locale and 4 March in another. The
decision reads the date of every header line in file order and stops at the first rule that
settles it, trying in turn:

1. a four-digit (or above 31) first number: the year comes first;
2. a first number above 12: day-first; a second number above 12: month-first;
3. day and month equal in every date: the order changes nothing;
4. dates that go back in time under one reading and never under the other (exports are in
   time order, so the reading that goes back is wrong);
5. one number changing often from date to date while the other never changes (days change
   more often than months).

When none applies the caller asks the person (``--date-order``) instead of guessing. Rules 1 and 2
usually decide on the first days of a file, so the scan stops early; rules 3 to 5 need the whole
file, but only the dates are kept (in constant memory).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from onward.errors import ImportFileError
from onward.importers.base import DateOrder

_DIGITS: Final = re.compile(r"\d+")
# A number above this can only be a day or a year, never a month.
_MAX_MONTH: Final = 12
_MAX_DAY: Final = 31
# Rule 5 needs this many changes of one number (with none of the other) to call it the day.
MIN_DAY_CHANGES: Final = 3


_SAME_RULE: Final = "day and month are the same number in every date, so the order changes nothing"


@dataclass(frozen=True, slots=True)
class Decision:
    """A date order and the plain-words rule that decided it."""

    order: DateOrder
    rule: str


def date_fields(text: str) -> tuple[str, str, str]:
    """The three numbers of a header date, as written (the header regex guarantees three)."""
    a, b, c = _DIGITS.findall(text)
    return a, b, c


@dataclass(slots=True)
class _Evidence:
    """What the dates seen so far say, for the rules that need the whole file."""

    day_ne_month: bool = False
    back_dmy: int = 0
    back_mdy: int = 0
    first_back_dmy: int = 0
    first_back_mdy: int = 0
    changes_first: int = 0
    changes_second: int = 0
    previous: tuple[int, int, int] | None = None

    def add(self, line: int, first: int, second: int, year: int) -> None:
        if first != second:
            self.day_ne_month = True
        prev = self.previous
        self.previous = (first, second, year)
        if prev is None:
            return
        p_first, p_second, p_year = prev
        self.changes_first += p_first != first
        self.changes_second += p_second != second
        if (year, second, first) < (p_year, p_second, p_first):
            self.back_dmy += 1
            self.first_back_dmy = self.first_back_dmy or line
        if (year, first, second) < (p_year, p_first, p_second):
            self.back_mdy += 1
            self.first_back_mdy = self.first_back_mdy or line

    def decide(self) -> Decision | None:
        if self.previous is not None and not self.day_ne_month:
            return Decision(
                "DMY",
                "day and month are the same number in every date, so the order changes nothing",
            )
        if self.back_mdy and not self.back_dmy:
            return Decision("DMY", _back_rule(self.back_mdy, "month-first", self.first_back_mdy))
        if self.back_dmy and not self.back_mdy:
            return Decision("MDY", _back_rule(self.back_dmy, "day-first", self.first_back_dmy))
        if self.changes_first >= MIN_DAY_CHANGES and not self.changes_second:
            return Decision("DMY", _change_rule(self.changes_first, "first", "day-first"))
        if self.changes_second >= MIN_DAY_CHANGES and not self.changes_first:
            return Decision("MDY", _change_rule(self.changes_second, "second", "month-first"))
        return None


def _back_rule(count: int, wrong: str, line: int) -> str:
    right = "day-first" if wrong == "month-first" else "month-first"
    times = "once" if count == 1 else f"{count} times"
    return f"dates go back {times} under {wrong} (first on line {line}) and never under {right}"


def _change_rule(count: int, which: str, order: str) -> str:
    other = "second" if which == "first" else "first"
    return (
        f"the {which} number changes {count} times between dates and the {other} never, "
        f"so the {which} is the day: {order}"
    )


def decide_date_order(dates: Iterable[tuple[int, str]]) -> Decision | None:
    """Decide the order from (line number, date text) pairs in file order; None if undecided.

    Raises:
        ImportFileError: the year is written in the middle of the date (not supported).
    """
    evidence = _Evidence()
    for line, text in dates:
        a, b, c = date_fields(text)
        first, second = int(a), int(b)
        if len(a) >= 3 or first > _MAX_DAY:
            return Decision("YMD", f"the date on line {line} starts with the year: year-first")
        if len(b) >= 3:
            raise ImportFileError(
                "The dates in this file put the year in the middle, which is not supported.",
                hint="Export the chat again with the phone set to a common date format.",
            )
        if first > _MAX_MONTH:
            return Decision("DMY", f"a first number above 12 on line {line} means day-first")
        if second > _MAX_MONTH:
            return Decision("MDY", f"a second number above 12 on line {line} means month-first")
        evidence.add(line, first, second, int(c))
    return evidence.decide()

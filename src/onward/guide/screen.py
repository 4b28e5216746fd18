"""The danger screen: a short yes/no check whose result gates the rest of Onward.

The items and the rule live in ``content/screen.yaml`` (our own wording on published risk
factors; not a validated instrument). Scoring is pure: answers in, a :class:`ScreenResult` out.
The rest of the product reads ``result.gates`` and never re-derives danger itself.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass

from onward.content.datafiles import ContentError, Record, load_data
from onward.errors import InvalidInputError, repeatable

# Gate names the rest of the product checks. Order here is the order in ScreenResult.gates.
HELPLINES_FIRST = "helplines_first"  # show helplines and advocates before any other tool
SAFETY_PLAN_FIRST = "safety_plan_first"  # the safety plan comes before any plan to leave
NO_PRIVATE_TALK = "no_private_talk"  # no private face-to-face breakup talk; safer settings only
NO_COUPLES_COUNSELLING = "no_couples_counselling"  # couples counselling is not suggested
REPAIR_CLOSED = "repair_closed"  # the repair path is closed
NO_TIME_APART_CONTACT = "no_time_apart_contact"  # no agreed break that keeps contact
CRISIS_LINES_NOW = "crisis_lines_now"  # show crisis lines at once (the person's own crisis)

GATES: tuple[str, ...] = (
    CRISIS_LINES_NOW,
    HELPLINES_FIRST,
    SAFETY_PLAN_FIRST,
    NO_PRIVATE_TALK,
    NO_COUPLES_COUNSELLING,
    REPAIR_CLOSED,
    NO_TIME_APART_CONTACT,
)


@dataclass(frozen=True, slots=True)
class ScreenItem:
    """One yes/no question."""

    id: str
    text: str
    why: str
    reason: str  # shown back when the answer is yes
    trigger: bool  # a yes alone makes the result positive
    crisis: bool  # about the person's own safety; routes to crisis lines, never scored
    gates_on_yes: tuple[str, ...]
    sources: tuple[str, ...]  # full citations

    @property
    def counted(self) -> bool:
        """True for items that count towards the count rule."""
        return not self.trigger and not self.crisis


@dataclass(frozen=True, slots=True)
class ResultText:
    title: str
    means: str
    does_not_mean: str


@dataclass(frozen=True, slots=True)
class Screen:
    """The whole screen as shipped."""

    version: int
    reviewed: dt.date
    intro: str
    items: tuple[ScreenItem, ...]
    anything_else_text: str
    anything_else_why: str
    count_threshold: int
    rule_summary: str
    rule_rationale: str
    positive_gates: tuple[str, ...]
    positive: ResultText
    negative: ResultText
    crisis_title: str
    crisis_text: str

    def item(self, item_id: str) -> ScreenItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """The outcome of one run of the screen.

    ``reasons`` explain the danger result only; the person's own crisis is ``crisis``.
    ``worries`` is the free-text answer, shown back and never scored.
    """

    positive: bool
    reasons: list[str]
    gates: list[str]
    crisis: bool
    missing: list[str]
    count: int = 0
    worries: str | None = None


@functools.cache
def load_screen() -> Screen:
    """The shipped screen (parsed once)."""
    return parse_screen(load_data("screen.yaml"))


def parse_screen(rec: Record) -> Screen:
    """Build a :class:`Screen` from its YAML record, checking every field."""
    rec.check_keys(
        required=(
            "version",
            "reviewed",
            "intro",
            "references",
            "items",
            "anything_else",
            "rule",
            "positive_gates",
            "results",
            "crisis",
        )
    )
    refs = rec.record("references")
    items = tuple(_item(r, refs) for r in rec.records("items"))
    if not any(i.trigger for i in items) or not any(i.counted for i in items):
        raise ContentError(f"{rec.where}: field 'items' needs trigger and counted items")
    if sum(i.crisis for i in items) != 1:
        raise ContentError(f"{rec.where}: field 'items' needs exactly one crisis item")
    rule = rec.record("rule")
    rule.check_keys(required=("count_threshold", "summary", "rationale"))
    threshold = rule.number("count_threshold")
    if not 1 <= threshold <= sum(i.counted for i in items):
        raise ContentError(f"{rule.where}: field 'count_threshold' is out of range")
    other = rec.record("anything_else")
    other.check_keys(required=("text", "why"))
    results = rec.record("results")
    results.check_keys(required=("positive", "negative"))
    crisis = rec.record("crisis")
    crisis.check_keys(required=("title", "text"))
    return Screen(
        version=rec.number("version"),
        reviewed=rec.date("reviewed"),
        intro=rec.text("intro"),
        items=items,
        anything_else_text=other.text("text"),
        anything_else_why=other.text("why"),
        count_threshold=threshold,
        rule_summary=rule.text("summary"),
        rule_rationale=rule.text("rationale"),
        positive_gates=_gates(rec, "positive_gates"),
        positive=_result_text(results.record("positive")),
        negative=_result_text(results.record("negative")),
        crisis_title=crisis.text("title"),
        crisis_text=crisis.text("text"),
    )


def _gates(rec: Record, key: str) -> tuple[str, ...]:
    values = rec.opt_texts(key)
    for gate in values:
        if gate not in GATES:
            raise ContentError(f"{rec.where}: field '{key}' has unknown gate '{gate}'")
    return values


def _item(rec: Record, refs: Record) -> ScreenItem:
    rec.check_keys(
        required=("id", "text", "why", "reason", "sources"),
        optional=("trigger", "crisis", "gates_on_yes"),
    )
    keys = rec.texts("sources")
    for key in keys:
        if not refs.has(key):
            raise ContentError(f"{rec.where}: field 'sources' names unknown reference '{key}'")
    item = ScreenItem(
        id=rec.text("id"),
        text=rec.text("text"),
        why=rec.text("why"),
        reason=rec.text("reason"),
        trigger=rec.flag("trigger"),
        crisis=rec.flag("crisis"),
        gates_on_yes=_gates(rec, "gates_on_yes"),
        sources=tuple(" ".join(refs.text(k).split()) for k in keys),
    )
    if item.trigger and item.crisis:
        raise ContentError(f"{rec.where}: field 'crisis' cannot be set with 'trigger'")
    return item


def _result_text(rec: Record) -> ResultText:
    rec.check_keys(required=("title", "means", "does_not_mean"))
    return ResultText(rec.text("title"), rec.text("means"), rec.text("does_not_mean"))


def check_answers(answers: Mapping[str, bool], screen: Screen) -> None:
    """Raise :class:`InvalidInputError` for unknown ids or non-yes/no values."""
    known = {item.id for item in screen.items}
    unknown = sorted(key for key in answers if key not in known)
    if unknown:
        raise InvalidInputError(
            f"Unknown danger-screen question: {', '.join(unknown)}."
            if repeatable(*unknown)
            else "That is not a danger-screen question.",
            hint=f"Known questions: {', '.join(sorted(known))}.",
        )
    for key, value in answers.items():
        if not isinstance(value, bool):
            raise InvalidInputError(f"The answer to '{key}' must be yes or no.")


def score_screen(
    answers: Mapping[str, bool], *, worries: str | None = None, screen: Screen | None = None
) -> ScreenResult:
    """Score the screen. Skipped questions count as "no" and are listed in ``missing``.

    Args:
        answers: question id -> yes (True) / no (False).
        worries: the free-text "anything else?" answer; shown back, never scored.
        screen: a screen other than the shipped one (tests).
    """
    screen = screen or load_screen()
    check_answers(answers, screen)
    yes = [item for item in screen.items if answers.get(item.id) is True]
    missing = [item.id for item in screen.items if item.id not in answers]

    triggered = [item for item in yes if item.trigger]
    counted = [item for item in yes if item.counted]
    positive = bool(triggered) or len(counted) >= screen.count_threshold

    reasons = [item.reason for item in triggered]
    if counted:
        reasons.extend(item.reason for item in counted)
        if not triggered and positive:
            reasons.append(
                f"{len(counted)} of the risk factors that count together are present; "
                f"our rule treats {screen.count_threshold} or more as higher danger."
            )

    gates = {gate for item in yes for gate in item.gates_on_yes}
    if positive:
        gates.update(screen.positive_gates)
    crisis = any(item.crisis for item in yes)
    cleaned = worries.strip() if worries is not None else None
    return ScreenResult(
        positive=positive,
        reasons=reasons,
        gates=[gate for gate in GATES if gate in gates],
        crisis=crisis,
        missing=missing,
        count=len(counted),
        worries=cleaned or None,
    )


def has_gate(result: ScreenResult | None, gate: str) -> bool:
    """True when a screen result carries ``gate`` (no result means no gates)."""
    if gate not in GATES:
        raise ValueError(f"unknown gate {gate!r}")
    return result is not None and gate in result.gates

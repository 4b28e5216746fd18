"""Checks on the person's own draft messages: excuses, begging, pressure, guilt, threats.

``DraftChecker`` is the seam: anything with ``check(text) -> list[DraftNote]`` plugs in. A
small built-in rule list ships here (``RuleDraftChecker``). The pattern detectors in
``onward.analysis`` (a sibling layer that guide never imports) can be wrapped as a
``DraftChecker`` by the service layer and merged with these rules through
``CombinedChecker``.

The rules look only at the writer's own words. They point things out with a reason; they
never block sending, and they never judge the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal, Protocol

from onward.model import Span

NoteKind = Literal[
    "excuse",
    "begging",
    "threat",
    "guilt",
    "self_harm",
    "reply",
    "wait",
    "length",
    "missing",
]
Strength = Literal["check", "strong"]


@dataclass(frozen=True, slots=True)
class DraftNote:
    """Something in a draft worth a second look, with the reason in plain words.

    ``strength`` is "strong" when the words usually work against the writer (begging,
    threats) and "check" when they only might (a "but" in an apology).
    """

    kind: NoteKind
    message: str
    rule_id: str
    span: Span | None = None
    strength: Strength = "strong"


class DraftChecker(Protocol):
    """Anything that can point out problems in a draft message."""

    def check(self, text: str) -> list[DraftNote]: ...


@dataclass(frozen=True, slots=True)
class DraftRule:
    """A regular expression and the note to show where it matches."""

    rule_id: str
    kind: NoteKind
    pattern: str
    message: str
    strength: Strength = "strong"


_APOS = "['\u2019]"  # straight or curly apostrophe

# fmt: off
EXCUSE_RULES: Final[tuple[DraftRule, ...]] = (
    DraftRule(
        "excuse.but", "excuse", r"\bbut\b",
        "A \"but\" after \"sorry\" can cancel the apology. Check whether this part explains "
        "or excuses.",
        "check",
    ),
    DraftRule(
        "excuse.if_you_hadnt", "excuse",
        rf"\bif you (?:hadn{_APOS}?t|had not|didn{_APOS}?t|did not|wouldn{_APOS}?t)\b",
        "This puts part of the blame on them. An apology owns your part only.",
    ),
    DraftRule(
        "excuse.only_because", "excuse", r"\bi only (?:did|said) (?:it|that|this)\b",
        "\"I only did it because ...\" reads as an excuse. Say what you did and its effect.",
    ),
    DraftRule(
        "excuse.made_me", "excuse", r"\byou made me\b",
        "\"You made me\" hands the blame back. Own what you chose to do.",
    ),
    DraftRule(
        "excuse.sorry_if", "excuse",
        rf"\bsorry (?:if|that) you(?:{_APOS}re| are)? (?:feel|felt|upset|hurt|offended)",
        "\"Sorry if you feel ...\" apologises for their feelings, not for what you did.",
    ),
    DraftRule(
        "excuse.not_my_fault", "excuse",
        rf"\b(?:it )?(?:wasn{_APOS}?t|was not|isn{_APOS}?t|is not) (?:really |all )?my fault\b",
        "This defends rather than apologises.",
    ),
)
# fmt: on

# fmt: off
BEGGING_RULES: Final[tuple[DraftRule, ...]] = (
    DraftRule(
        "begging.beg", "begging", r"\bbegging\b|\bi beg\b|\bbeg you\b",
        "Begging puts pressure on them and rarely changes a decision. Ask once, calmly.",
    ),
    DraftRule(
        "begging.please_please", "begging", r"\bplease\W+please\b",
        "Repeating \"please\" reads as pleading. Say it once.",
    ),
    DraftRule(
        "begging.anything", "begging", rf"\bi(?:{_APOS}ll| will) do anything\b",
        "Promising anything is not believable and sounds desperate. Name one real change.",
    ),
    DraftRule(
        "begging.dont_leave", "begging",
        rf"\bplease (?:don{_APOS}?t|do not) (?:leave|go)\b|\bdon{_APOS}?t leave me\b",
        "Asking them not to leave pushes against their choice. You can say you wish it were "
        "different, then respect it.",
    ),
    DraftRule(
        "begging.nothing_without", "begging",
        rf"\bi{_APOS}?m nothing without you\b|\bi am nothing without you\b",
        "You are more than this relationship. Words like these put your worth in their hands.",
    ),
)
# fmt: on

# fmt: off
PRESSURE_RULES: Final[tuple[DraftRule, ...]] = (
    DraftRule(
        "self_harm.cant_live", "self_harm",
        rf"\bi (?:can{_APOS}?t|cannot) (?:live|go on) without you\b"
        rf"|\bi(?:{_APOS}ll| will) (?:kill|hurt) myself\b|\bend it all\b",
        "This can feel like pressure to them, and it matters for you. If you feel you cannot "
        "go on, please talk to a crisis line or someone you trust today.",
    ),
    DraftRule(
        "threat.if_you_leave", "threat",
        rf"\bif you (?:leave|go|don{_APOS}?t come back)\b[^.!?]{{0,40}}\bi(?:{_APOS}ll| will)\b"
        rf"|\byou(?:{_APOS}ll| will) regret\b",
        "This reads as a threat or an ultimatum. Threats end trust; leave this out.",
    ),
    DraftRule(
        "guilt.owe_me", "guilt", r"\byou owe me\b",
        "Nobody owes a relationship. This puts guilt on them.",
    ),
    DraftRule(
        "guilt.after_everything", "guilt",
        rf"\bafter (?:all|everything) (?:i{_APOS}ve|i have|i) (?:done|did|gave|given)\b",
        "Counting what you gave can read as a bill. It puts guilt on them.",
    ),
    DraftRule(
        "guilt.how_could_you", "guilt", r"\bhow could you\b",
        "This blames them for their choice. Say how you feel instead.",
    ),
    DraftRule(
        "guilt.ruining", "guilt",
        rf"\byou(?:{_APOS}re| are) (?:ruining|destroying|throwing away)\b",
        "This tells them they are doing harm by leaving. It puts guilt on them.",
    ),
)
# fmt: on


def as_sentence(text: str) -> str:
    """Collapse whitespace and end with a full stop unless it already ends in . ! or ?."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


class RuleDraftChecker:
    """The built-in checker: case-insensitive regular expressions, one note per match."""

    def __init__(self, rules: Iterable[DraftRule]) -> None:
        self._rules = tuple((r, re.compile(r.pattern, re.IGNORECASE)) for r in rules)

    def check(self, text: str) -> list[DraftNote]:
        notes = [
            DraftNote(
                rule.kind, rule.message, rule.rule_id, Span(m.start(), m.end()), rule.strength
            )
            for rule, rx in self._rules
            for m in rx.finditer(text)
        ]
        return sorted(notes, key=_note_order)


def _note_order(note: DraftNote) -> tuple[int, str]:
    return (note.span.start if note.span else -1, note.rule_id)


class CombinedChecker:
    """Runs several checkers and drops repeats (same kind over the same span)."""

    def __init__(self, *checkers: DraftChecker) -> None:
        self._checkers = checkers

    def check(self, text: str) -> list[DraftNote]:
        seen: set[tuple[str, Span | str]] = set()
        merged: list[DraftNote] = []
        for checker in self._checkers:
            for note in checker.check(text):
                # Notes without a span (e.g. "too long") are told apart by their rule id.
                key = (note.kind, note.span if note.span is not None else note.rule_id)
                if key not in seen:
                    seen.add(key)
                    merged.append(note)
        return sorted(merged, key=_note_order)

"""Detectors made of rules: the ``Detector`` protocol, ``RuleDetector`` and ``build_flag``.

The pieces they use live next to this module: ``text`` (normalisation with an offset map),
``patterns`` (pattern macros and compilation), ``rules`` (``Rule`` and ``rule``) and
``guards`` (negation, reported speech, laughter).

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from onward.analysis.guards import (
    LAUGHTER,
    is_negated,
    is_reported,
    next_sentence_end,
    quote,
    sentence_bounds,
)
from onward.analysis.rules import Rule
from onward.analysis.text import Normalised, is_word_char
from onward.model import Flag


class Detector(Protocol):
    """Finds one category of warning pattern in a normalised message."""

    @property
    def category(self) -> str: ...

    @property
    def rules(self) -> Sequence[Rule]: ...

    def detect(
        self, doc: Normalised, *, draft: bool = False, only: Sequence[Rule] | None = None
    ) -> list[Flag]:
        """Flags for this category.

        Args:
            draft: the text is the person's own draft (enables ``draft_only`` rules).
            only: the rules to try, in this detector's order (the prefilter's pick);
                None for all of them.
        """
        ...


@dataclass(frozen=True, slots=True)
class Match:
    """A rule match that passed its guards, in normalised coordinates."""

    rule: Rule
    start: int
    end: int
    sentence_start: int
    sentence_end: int


class RuleDetector:
    """A detector made of ``Rule``s; one flag per rule at most, in rule order.

    Args:
        excused_by_laughter: drop a match when its sentence (or the next) laughs ("lol",
            "haha", 😂). Right for teasing-prone patterns (control, jealousy, guilt); never
            set for threats or self-harm, where a joke can hide the real thing.
    """

    def __init__(
        self, category: str, rules: Sequence[Rule], *, excused_by_laughter: bool = False
    ) -> None:
        wrong = [r.rule_id for r in rules if r.category != category]
        if wrong:
            raise ValueError(f"rules {wrong} do not belong to {category!r}")
        self._category = category
        self._rules = tuple(rules)
        self._excused_by_laughter = excused_by_laughter

    @property
    def category(self) -> str:
        return self._category

    @property
    def rules(self) -> Sequence[Rule]:
        return self._rules

    def detect(
        self, doc: Normalised, *, draft: bool = False, only: Sequence[Rule] | None = None
    ) -> list[Flag]:
        flags: list[Flag] = []
        for r in self._rules if only is None else only:
            flag = self.check(doc, r, draft=draft)
            if flag is not None:
                flags.append(flag)
        return flags

    def check(
        self,
        doc: Normalised,
        r: Rule,
        *,
        draft: bool = False,
        pattern: re.Pattern[str] | None = None,
    ) -> Flag | None:
        """The flag of one rule, if it matches; ``pattern`` may narrow ``r.pattern``."""
        if r.draft_only and not draft:
            return None
        if r.requires is not None and r.requires.search(doc.text) is None:
            return None
        if r.unless_anywhere is not None and r.unless_anywhere.search(doc.text) is not None:
            return None
        match = self.first_match(doc, r, pattern)
        return None if match is None else self.make_flag(doc, match)

    def first_match(
        self, doc: Normalised, r: Rule, pattern: re.Pattern[str] | None = None
    ) -> Match | None:
        """The first match of ``r`` that is not negated, reported or an idiom."""
        text = doc.text
        pos = 0
        search = (pattern or r.pattern).search
        while (m := search(text, pos)) is not None:
            pos = m.start() + 1
            if m.start() and is_word_char(text[m.start() - 1]):
                continue  # starts inside a word: "se me" in "surprise me"
            start, end = _trim(text, m.start(), m.end())
            if end <= start:
                continue
            left, right = sentence_bounds(text, start, end)
            if r.negatable and is_negated(text, start):
                continue
            if r.reportable and is_reported(text, start):
                continue
            context_end = next_sentence_end(text, right)
            if r.unless is not None and r.unless.search(text, left, context_end):
                continue
            if self._excused_by_laughter and LAUGHTER.search(text, left, context_end):
                continue
            if r.needs_caps and not _shouted(doc, start, end):
                continue
            return Match(r, start, end, left, right)
        return None

    def make_flag(self, doc: Normalised, match: Match) -> Flag:
        """Turn a match into a ``Flag``; subclasses refine the wording or score."""
        return build_flag(doc, match, match.rule.label, match.rule.rule_id, match.rule.score)


def build_flag(doc: Normalised, match: Match, label: str, rule_id: str, score: float) -> Flag:
    """A flag whose reason quotes the original words of the match."""
    span = doc.span(match.start, match.end)
    words = quote(doc.original[span.start : span.end])
    return Flag(
        category=rule_id.split(".", 1)[0],
        reason=f"{label} ('{words}')",
        span=span,
        rule_id=rule_id,
        score=score,
    )


def _shouted(doc: Normalised, start: int, end: int) -> bool:
    span = doc.span(start, end)
    words = doc.original[span.start : span.end]
    return words.isupper()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

"""``Rule``: one explainable pattern with its guards, built with ``rule``.

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from onward.analysis.patterns import compile_context, compiled_alternatives, expand_alternatives


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """One explainable pattern.

    Patterns are kept as source and compiled on first use (``pattern``, ``unless``,
    ``requires``), so importing the detectors costs little.

    Attributes:
        rule_id: stable id shown with a flag, ``<category>.<name>``.
        label: plain-English reason, completed with the quoted words.
        alternatives: the pattern's top-level alternatives (``expand_alternatives``).
        triggers: word beginnings, at least one of which appears in every match; used by
            the prefilter so a message without any of them never reaches the pattern.
        negatable: drop a match directly preceded by a negation ("I would never ...").
        reportable: drop a match inside reported speech ("my mum said she'd ...").
        unless_source: drop a match when this pattern occurs in the same sentence or the
            next one (idioms, everyday contexts).
        requires_source: keep a match only when this pattern occurs anywhere in the message.
        unless_anywhere_source: drop every match when this pattern occurs anywhere in the
            message (a context set in an earlier sentence, or an answer given later: "Poker
            night. I'll finally beat you", "who is she? oh, that's my sister's flatmate").
        draft_only: used only when checking the person's own drafts.
        needs_caps: keep a match only when the original words are in capitals (shouting).
    """

    rule_id: str
    label: str
    alternatives: tuple[str, ...] = field(repr=False)
    triggers: tuple[str, ...]
    score: float = 1.0
    negatable: bool = True
    reportable: bool = True
    unless_source: str | None = field(default=None, repr=False)
    requires_source: str | None = field(default=None, repr=False)
    unless_anywhere_source: str | None = field(default=None, repr=False)
    draft_only: bool = False
    needs_caps: bool = False
    category: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", self.rule_id.partition(".")[0])

    @property
    def pattern(self) -> re.Pattern[str]:
        """The whole pattern, compiled."""
        return _compiled_rule(self)

    @property
    def unless(self) -> re.Pattern[str] | None:
        return None if self.unless_source is None else _compiled_source(self.unless_source)

    @property
    def requires(self) -> re.Pattern[str] | None:
        return None if self.requires_source is None else _compiled_source(self.requires_source)

    @property
    def unless_anywhere(self) -> re.Pattern[str] | None:
        source = self.unless_anywhere_source
        return None if source is None else _compiled_source(source)


@cache
def _compiled_rule(r: Rule) -> re.Pattern[str]:
    return compiled_alternatives(r.alternatives)


@cache
def _compiled_source(source: str) -> re.Pattern[str]:
    return compile_context(source)


def rule(
    rule_id: str,
    label: str,
    pattern: str,
    triggers: str,
    *,
    score: float = 1.0,
    negatable: bool = True,
    reportable: bool = True,
    unless: str | None = None,
    requires: str | None = None,
    unless_anywhere: str | None = None,
    draft_only: bool = False,
    needs_caps: bool = False,
) -> Rule:
    """Build a ``Rule`` from pattern source; ``triggers`` is a space-separated word list
    (a word beginning, or a whole word when it ends in "$")."""
    return Rule(
        rule_id=rule_id,
        label=label,
        alternatives=expand_alternatives(pattern),
        triggers=tuple(triggers.split()),
        score=score,
        negatable=negatable,
        reportable=reportable,
        unless_source=unless or None,
        requires_source=requires or None,
        unless_anywhere_source=unless_anywhere or None,
        draft_only=draft_only,
        needs_caps=needs_caps,
    )

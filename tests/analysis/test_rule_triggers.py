"""Every match of a rule carries one of its trigger words.

``detect_flags`` tries a rule only when the message holds one of the rule's ``triggers``
(the prefilter, ``flags._index``). A pattern alternative that can match without any of
them is a hole: the rule silently never fires on such messages. For every alternative of
every rule, ``regex_examples.examples`` writes strings taking each branch at least once;
each one the rule's pattern matches must reach the rule through the prefilter.
"""

from __future__ import annotations

import re

import pytest

from onward.analysis.detectors import DETECTORS
from onward.analysis.flags import _index
from onward.analysis.rules import Rule

from .regex_examples import examples

RULES = [r for d in DETECTORS for r in d.rules]

# Examples the generator cannot write as people would and that are no real hole:
# (rule_id, example). A real hole is fixed in the rule's triggers, never listed here.
ARTEFACTS: frozenset[tuple[str, str]] = frozenset()


def routed(text: str) -> set[Rule]:
    """The rules the prefilter tries on ``text`` (lower case)."""
    index = _index()
    spaced = index.spaced
    stems = index.pattern.findall(text) if spaced is None else spaced.findall(" " + text)
    reach: set[Rule] = set()
    for stem in set(stems):
        reach |= set(index.reach.get(stem, {}))
    return reach


def holes(r: Rule) -> list[str]:
    """Examples of ``r`` its pattern matches that the prefilter does not route to it."""
    out: list[str] = []
    for alternative in r.alternatives:
        for example in examples(alternative):
            text = re.sub(r"\s+", " ", example).strip().lower()
            if not text or (r.rule_id, text) in ARTEFACTS:
                continue
            if r.pattern.search(text) is not None and r not in routed(text):
                out.append(text)
    return out


def test_the_generator_writes_gaps_as_spaces() -> None:
    assert examples(r"no going out[^.!?]{0,20}unless") == ["no going out unless"]
    assert examples(r"or (?:your|ur) [a-z]+ sees") == ["or your zz sees", "or ur zz sees"]
    assert examples(r"it(?:'s)? over") == ["it over", "it's over"]


@pytest.mark.parametrize("r", RULES, ids=[r.rule_id for r in RULES])
def test_every_match_has_a_trigger(r: Rule) -> None:
    found = holes(r)
    assert not found, f"{r.rule_id}: matches without a trigger ({' '.join(r.triggers)}): {found}"

"""Explainable warning-pattern flags for one message, and a kind check of the person's drafts.

``detect_flags`` runs rule-based detectors (one module per pattern under ``detectors/``) over
a normalised copy of the text. Every flag names the rule, quotes the matched words and
carries their span in the *original* text. A flag is an aid to seeing a pattern, not a
verdict about anyone.

Speed (``_detect``): the lower-cased text is searched once for a run of three equal
letters (rare; those texts take the slower ``_detect_runs``) and once for the rules'
trigger words (a trie of word beginnings, found after the character before each word).
Most ordinary messages stop there. Each text found picks the rules that name it, behind
one "gate" pattern per text (``patterns.gate_for``); picks with no rule the call can report
(other categories, draft-only rules outside drafts) are skipped, and the gates are
searched in the lower-cased text itself unless an SMS spelling or a special character
needs the full ``normalise``. Only when a gate matches is the offset map built and are
its rules tried with their guards. Every shortcut gives exactly the flags of the plain
order (``tests/analysis/test_flags_engine_equivalence.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cache

from onward.analysis.detectors import DETECTORS
from onward.analysis.patterns import gate_for
from onward.analysis.rules import Rule
from onward.analysis.text import (
    APOSTROPHES,
    SMS_SPELLINGS,
    Normalised,
    normalise,
    plain_text,
    trie_pattern,
)
from onward.model import Flag

CATEGORIES: tuple[str, ...] = (
    "threat",
    "self_harm_pressure",
    "refuses_breakup",
    "monitoring",
    "control",
    "insult",
    "guilt_trip",
    "jealousy",
    "pressure_to_meet",
    "hoovering",
    "begging",
)
# What to look for in the partner's messages, and in the person's own drafts.
PARTNER_CATEGORIES: tuple[str, ...] = CATEGORIES[:-1]
DRAFT_CATEGORIES: tuple[str, ...] = ("begging", "guilt_trip", "threat", "self_harm_pressure")
# Shown first, with safety resources.
URGENT_CATEGORIES: tuple[str, ...] = ("threat", "self_harm_pressure")

_SUGGESTIONS: dict[str, str] = {
    "begging": (
        "It makes sense to want this so much. Pleading can keep you waiting on their answer. "
        "If you still want to write, one calm line is enough, like: \"I'd like to talk when "
        'you feel ready." You could also save this draft and look at it again tomorrow.'
    ),
    "guilt_trip": (
        "Your hurt is real. Blame can start a fight instead of being heard. You could say "
        'how you feel in your own words, like: "I\'m really hurting right now."'
    ),
    "threat": (
        "You may feel pushed to the edge. A threat or an ultimatum can make things more "
        "dangerous and can be used against you later. If you need something back, you could "
        "ask once, plainly, or ask someone you trust to help."
    ),
    "self_harm_pressure": (
        "It sounds like you are in a lot of pain. You deserve support right now. Please "
        "think about calling a crisis line or telling someone you trust. If you are in "
        "danger, call your local emergency number. You don't have to carry this alone."
    ),
}


@dataclass(frozen=True, slots=True)
class DraftFinding(Flag):
    """A flag on the person's own draft, with a kind idea for rewriting it."""

    suggestion: str = ""

    @property
    def flag(self) -> Flag:
        """The finding as a plain ``Flag``."""
        return Flag(self.category, self.reason, self.span, self.rule_id, self.score)


def detect_flags(text: str, *, categories: Collection[str] | None = None) -> list[Flag]:
    """Warning-pattern flags in one message, ordered by position.

    Args:
        text: the message exactly as received; spans index this string.
        categories: names from ``CATEGORIES`` to look for (default: all of them). Use
            ``PARTNER_CATEGORIES`` for the partner's messages.
    """
    if categories is None:
        return _detect(text, _ALL, draft=False)
    if categories is PARTNER_CATEGORIES:  # the common call: no tuple to hash per message
        return _detect(text, _PARTNER, draft=False)
    if isinstance(categories, str):
        raise TypeError("categories must be a collection of names, not one string")
    key = categories if isinstance(categories, (tuple, frozenset)) else tuple(categories)
    return _detect(text, _wanted(key), draft=False)


def check_draft(text: str) -> list[DraftFinding]:
    """Flags on the person's own draft (begging, guilt-tripping, threats and ultimatums,
    self-harm), each with a kind suggestion. ``DraftFinding`` is a ``Flag``."""
    return [
        DraftFinding(
            f.category,
            _draft_reason(f),
            f.span,
            f.rule_id,
            f.score,
            suggestion=_SUGGESTIONS[f.category],
        )
        for f in _detect(text, _DRAFT, draft=True)
    ]


# The rules' reasons speak about the partner's messages ("Says you will regret it"); in the
# person's own draft "you" is the partner, so these categories get reasons of their own.
_DRAFT_LABELS: dict[str, str] = {
    "threat": "Could read as a threat or an ultimatum",
    "guilt_trip": "Could read as blaming them",
    "self_harm_pressure": "Talks about hurting yourself",
}


def _draft_reason(f: Flag) -> str:
    label = _DRAFT_LABELS.get(f.category)
    if label is None:
        return f.reason
    return label + f.reason[f.reason.index(" ('") :]


@cache
def _wanted(categories: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """The categories asked for, checked once per distinct request."""
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}; choose from {list(CATEGORIES)}")
    return frozenset(categories)


_ALL = frozenset(CATEGORIES)
_PARTNER = frozenset(PARTNER_CATEGORIES)
_DRAFT = frozenset(DRAFT_CATEGORIES)


def _detect(text: str, wanted: frozenset[str], *, draft: bool) -> list[Flag]:
    index = _INDEX[0] if _INDEX else _index()
    low = text.lower()
    if _ANY_RUN.search(low) is not None:
        return _detect_runs(text, low, wanted, draft=draft)
    spaced = index.spaced
    found_texts = index.pattern.findall(low) if spaced is None else spaced.findall(" " + low)
    if not found_texts:
        return []  # most messages: no trigger word at all
    stems = set(found_texts)
    picks = index.picks
    doc: Normalised | None = None
    plain: str | None = None
    rules: set[Rule] = set()
    for stem in stems:
        p = picks.get(stem) or _picks(stem)
        # Only the picks with a rule that could give a flag here: rules of other
        # categories, and draft-only rules outside drafts, would be dropped by ``_check``.
        if wanted.isdisjoint(p.categories if draft else p.live):
            continue
        if plain is None:
            sms = not index.sms.isdisjoint(stems)
            plain = None if sms else plain_text(text, low)
            if plain is None:
                doc = normalise(text, letter_runs=False, sms=sms, lowered=low)
                plain = doc.text
        if p.search is not None and p.search(plain) is not None:
            rules.update(p.gated)
        if p.alone:
            rules.update(r for r in p.alone if r.pattern.search(plain))
    if not rules:
        return []  # the usual case: no picked rule can match
    if doc is None:
        doc = normalise(text, letter_runs=False, sms=False, lowered=low)
    return _check(doc, rules, wanted, draft=draft)


def _detect_runs(text: str, low: str, wanted: frozenset[str], *, draft: bool) -> list[Flag]:
    """A run of letters: "kiiill" normalises to "kil", which no trigger names, so look
    again in the normalised text with every double letter made single, against triggers
    made single the same way, and try those rules (rare)."""
    index = _index()
    doc = normalise(text, letter_runs=True, lowered=low)
    single = set(index.single_pattern.findall(_DOUBLES.sub(r"\1", doc.text)))
    rules: set[Rule] = set().union(*(index.rules_by_single_stem[s] for s in single))
    return _check(doc, rules, wanted, draft=draft)


def _check(
    doc: Normalised, rules: Iterable[Rule], wanted: frozenset[str], *, draft: bool
) -> list[Flag]:
    """Try the picked rules in detector order."""
    index = _index()
    flags: list[Flag] = []
    for r in sorted(rules, key=index.order.__getitem__):
        if r.category in wanted:
            flag = DETECTORS[index.detector_of[r]].check(doc, r, draft=draft)
            if flag is not None:
                flags.append(flag)
    return _finish(flags)


def _finish(flags: list[Flag]) -> list[Flag]:
    """Drop repeats, let self-harm pressure absorb blame, order by position."""
    if len(flags) < 2:
        return flags
    flags = _without_overlaps(flags)
    if any(f.category == "self_harm_pressure" for f in flags):
        # Blame tied to self-harm ("because of you") is reported once, as self-harm pressure.
        flags = [f for f in flags if f.category != "guilt_trip"]
    flags.sort(key=lambda f: (f.span.start if f.span else -1, _ORDER[f.category]))
    return flags


_DOUBLES = re.compile(r"([a-z])\1+")
# Whether ``TRIPLE_LETTER`` finds a run (the same question, asked more cheaply).
_ANY_RUN = re.compile(r"([a-z])\1\1")
_ORDER = {name: i for i, name in enumerate(CATEGORIES)}


def _without_overlaps(flags: list[Flag]) -> list[Flag]:
    """Keep the first flag of a category over any stretch of text (rules are in priority
    order), so one phrase is not reported twice."""
    kept: list[Flag] = []
    for f in flags:
        if f.span is None or not any(
            k.category == f.category
            and k.span is not None
            and k.span.start < f.span.end
            and f.span.start < k.span.end
            for k in kept
        ):
            kept.append(f)
    return kept


# --- prefilter -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Index:
    # finds the longest trigger (or SMS spelling) at each word start
    pattern: re.Pattern[str]
    # for each text the pattern reports: the rules it picks and the triggers they name
    reach: dict[str, dict[Rule, frozenset[str]]]
    # the same for text whose double letters were made single ("kill" -> "kil")
    single_pattern: re.Pattern[str]
    rules_by_single_stem: dict[str, frozenset[Rule]]
    order: dict[Rule, int]
    detector_of: dict[Rule, int]
    sms: frozenset[str]
    # ``pattern`` as ``\W(trie)``, searched in " " + the text: the same texts, found
    # faster (the engine skips the letters between words instead of testing a word
    # boundary at each); None when a trigger begins or ends with a character that is not
    # a letter or digit (the two could then differ)
    spaced: re.Pattern[str] | None
    # ``_picks`` of each text found so far (a dict lookup is cheaper than the cache call)
    picks: dict[str, _Pick]


@cache
def _index() -> _Index:
    """The prefilter: one pattern for every rule's trigger words, and what each finds."""
    detector_of: dict[Rule, int] = {}
    order: dict[Rule, int] = {}
    rules_of: dict[str, list[Rule]] = {}
    for i, detector in enumerate(DETECTORS):
        for r in detector.rules:
            detector_of[r] = i
            order[r] = len(order)
            for t in r.triggers:
                rules_of.setdefault(t, []).append(r)
    # Each trigger is looked for as written and in the spellings the rules also read,
    # standing for the trigger as written (``_spellings``).
    stands_for: dict[str, set[str]] = {}
    for t in rules_of:
        for spelling in (t, *_spellings(t)):
            stands_for.setdefault(spelling, set()).add(t)
    found_as = {
        s: sorted({r for t in ts for r in rules_of[t]}, key=order.__getitem__)
        for s, ts in stands_for.items()
    }
    # The pattern reports the longest trigger at a word start (without its "$"), or an
    # SMS spelling, which normalise expands: "pls" picks the rules of "please".
    reports = {t.removesuffix("$") for t in found_as} | set(SMS_SPELLINGS)
    reach: dict[str, dict[Rule, frozenset[str]]] = {}
    for text in reports:
        named: dict[Rule, set[str]] = {}
        # an SMS spelling stands for its words, whole ("cant": "can't") and in parts
        spelled = SMS_SPELLINGS.get(text, "")
        words = {*re.findall(r"[a-z0-9]+", spelled), *re.findall(r"[a-z0-9']+", spelled)}
        for word in [*sorted(words), text]:
            for s in _triggers_finding(word, found_as):
                for t in stands_for[s]:
                    for r in rules_of[t]:
                        named.setdefault(r, set()).add(t)
        reach[text] = {r: frozenset(named[r]) for r in sorted(named, key=order.__getitem__)}
    single: dict[str, set[Rule]] = {}
    for t, rules in found_as.items():
        single.setdefault(_DOUBLES.sub(r"\1", t), set()).update(rules)
    every = [*found_as, *(w + "$" for w in SMS_SPELLINGS)]
    trie = trie_pattern(every)
    # A match of ``\b(?:trie)`` starts at the beginning or right after a character that
    # is not a word character, so ``\W(trie)`` in " " + text finds the same texts,
    # provided no entry starts or ends with a character that is not a word character.
    edges = {ch for word in every for ch in (word[0], word.removesuffix("$")[-1])}
    split = all(re.fullmatch(r"\w", ch) for ch in edges)
    index = _Index(
        pattern=re.compile(r"\b(?:" + trie + ")"),
        reach=reach,
        single_pattern=re.compile(r"\b(" + trie_pattern(single) + ")"),
        rules_by_single_stem={
            text: frozenset(r for t in _triggers_finding(text, single) for r in single[t])
            for text in {t.removesuffix("$") for t in single}
        },
        order=order,
        detector_of=detector_of,
        sms=frozenset(SMS_SPELLINGS),
        spaced=re.compile(r"\W(" + trie + ")") if split else None,
        picks={},
    )
    _INDEX.append(index)
    return index


# The index once built (read without the cache call on every message).
_INDEX: list[_Index] = []


@dataclass(frozen=True, slots=True)
class _Pick:
    """What one text found by the prefilter picks: rules behind one shared gate, and large
    rules searched alone (copying them into every gate would make gates slow to compile)."""

    gated: tuple[Rule, ...]
    gate: re.Pattern[str] | None  # matches wherever one of ``gated`` could
    alone: tuple[Rule, ...]
    categories: frozenset[str]
    live: frozenset[str]  # the categories of the rules that are not draft-only
    search: Callable[[str], re.Match[str] | None] | None  # ``gate.search``


# A rule whose pattern source is longer than this is searched alone, not through gates.
_GATE_MAX_SOURCE = 12000


@cache
def _picks(stem: str) -> _Pick:
    """The rules one found text picks, and their gate (compiled on first use, so importing
    and the first call stay quick)."""
    reach = _index().reach[stem]
    alone = tuple(r for r in reach if sum(map(len, r.alternatives)) > _GATE_MAX_SOURCE)
    gated = {r: ts for r, ts in reach.items() if r not in alone}
    gate = gate_for(gated.items()) if gated else None
    pick = _Pick(
        gated=tuple(gated),
        gate=gate,
        alone=alone,
        categories=frozenset(r.category for r in reach),
        live=frozenset(r.category for r in reach if not r.draft_only),
        search=None if gate is None else gate.search,
    )
    _index().picks[stem] = pick
    return pick


# A doubled letter made single is looked for only where the result has this many letters:
# shorter ones ("al" for "all", "to" for "too") begin too many everyday words.
_MIN_SINGLED = 4


def _spellings(trigger: str) -> list[str]:
    """Other spellings of a trigger that the rules read as it.

    The prefilter reads the text before normalise maps "’" (and the like) to "'", so a
    trigger with an apostrophe is also looked for with each of those ("can’t" from a
    phone's keyboard). And the rules read a doubled letter as one or two (``patterns``
    compiles "pp" as "p{1,2}", for letter runs: "kiiill" normalises to "kil"), so
    "hope ur hapy now" matches "happy" and is found as a typo of it, with each doubled
    letter made single in turn ("adress", "addres", "adres"), down to ``_MIN_SINGLED``
    letters.
    """
    if "'" in trigger:
        return [trigger.replace("'", mark) for mark in APOSTROPHES]
    doubles = [m.start() for m in re.finditer(r"([a-z])\1", trigger)]
    spellings: list[str] = []
    for mask in range(1, 2 ** len(doubles)):
        drop = {at for k, at in enumerate(doubles) if mask >> k & 1}
        spelling = "".join(ch for i, ch in enumerate(trigger) if i not in drop)
        if len(spelling.removesuffix("$")) >= _MIN_SINGLED:
            spellings.append(spelling)
    return spellings


def _triggers_finding(word: str, triggers: Collection[str]) -> list[str]:
    """The triggers that find ``word``: the word beginnings it starts with, and the word
    itself when a trigger names it whole ("no$")."""
    found = [word[:k] for k in range(1, len(word) + 1) if word[:k] in triggers]
    if word + "$" in triggers:
        found.append(word + "$")
    return found

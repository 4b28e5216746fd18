"""Building blocks for the warning-pattern detectors: text normalisation, rules, guards.

Detectors run their regular expressions over a *normalised* copy of a message (lower case,
straight quotes, SMS spellings expanded, formal "do not" contracted to "don't", masked
swearing unmasked, letter runs such as "pleeease" collapsed).
``Normalised`` keeps a map from every normalised character back to the original string, so
every ``Span`` a detector reports indexes the text exactly as the person received it.

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple, Protocol

from onward.model import Flag, Span


def _load_spellings() -> dict[str, str]:
    """Spellings rewritten before matching, from ``lexicon/spellings.json``: SMS forms
    ("u", "pls"), masked swearing ("b*tch") and formal English contracted the way chat
    writes it ("do not" -> "don't"). "ur" is not there: it means both "your" and "you're",
    so rule patterns accept it wherever they say either (``expand_alternatives``)."""
    raw = json.loads(files("onward.analysis").joinpath("lexicon/spellings.json").read_text("utf-8"))
    return {k: v for group, table in raw.items() if group != "_about" for k, v in table.items()}


SMS_SPELLINGS: dict[str, str] = _load_spellings()

# One-to-one character replacements (lengths never change, so offsets stay put).
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` at the current position.

    The words are factored into a trie, so the engine checks one character per step
    instead of trying every word in turn. A word ending in ``$`` must end there (``\\b``);
    the others match as word beginnings. At one position the longest word wins.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word.removesuffix("$"):
            node = node.setdefault(ch, {})
        node["$" if word.endswith("$") else ""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = [
            re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch not in _ENDS
        ]
        if "$" in node:
            branches.append(r"\b")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return render(root)


_ENDS = frozenset({"", "$"})
_NEEDS_CHAR_MAP = re.compile("[" + re.escape("".join(chr(c) for c in _CHAR_MAP)) + "]")
_SMS = re.compile("(?:" + trie_pattern(w + "$" for w in SMS_SPELLINGS) + ")")
# Three or more of the same letter ("pleeease"), collapsed to one.
TRIPLE_LETTER = re.compile(r"([a-z])\1{2,}")


class Normalised(NamedTuple):
    """A message's normalised text plus the map back to the original.

    ``starts[i]``/``ends[i]`` give the original range that produced normalised character
    ``i``; both are None when the normalised text lines up one to one with the original.
    (A named tuple rather than a frozen dataclass: one is built per message checked, and
    a tuple is several times cheaper to build.)
    """

    original: str
    text: str
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None

    def span(self, start: int, end: int) -> Span:
        """Map the normalised range [start, end) to the original text."""
        if self.starts is None or self.ends is None:
            return Span(start, end)
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return Span(pos, pos)
        return Span(self.starts[start], self.ends[end - 1])


def normalise(
    text: str,
    *,
    letter_runs: bool | None = None,
    sms: bool | None = None,
    lowered: str | None = None,
) -> Normalised:
    """Return the normalised copy of ``text`` with its offset map.

    Args:
        letter_runs: whether the lower-cased text holds a run of three equal letters, if
            the caller already knows (saves a scan); None to look.
        sms: whether it holds an SMS spelling from ``SMS_SPELLINGS``, if known.
        lowered: ``text.lower()``, if the caller already has it.
    """
    low = text.lower() if lowered is None else lowered
    base: list[int] | None = None
    if len(low) != len(text):  # a few characters lower-case to two (e.g. "İ")
        base = []
        pieces = []
        for i, ch in enumerate(text):
            lowered = ch.lower()
            pieces.append(lowered)
            base.extend([i] * len(lowered))
        low = "".join(pieces)
    if ("`" in low) if low.isascii() else _NEEDS_CHAR_MAP.search(low):
        low = low.translate(_CHAR_MAP)
    matches: list[re.Match[str]] = []
    if sms is None or sms:
        # SMS spellings must stand alone: "u" but not the "u" of "u2" or "you"
        matches = [
            m
            for m in _SMS.finditer(low)
            if (not m.start() or not _is_word_char(low[m.start() - 1]))
            and (" " not in m.group() or _WORD_NEXT.match(low, m.end()))
        ]
    if letter_runs is None or letter_runs:
        runs = list(TRIPLE_LETTER.finditer(low))
        if runs:
            matches = sorted(matches + runs, key=lambda m: m.start())
    if not matches and base is None:
        return Normalised(text, low)
    starts: list[int] = []
    ends: list[int] = []
    parts: list[str] = []
    pos = 0
    for m in [*matches, None]:
        stop = len(low) if m is None else m.start()
        parts.append(low[pos:stop])
        if base is None:
            starts.extend(range(pos, stop))
            ends.extend(range(pos + 1, stop + 1))
        else:
            starts.extend(base[pos:stop])
            ends.extend(b + 1 for b in base[pos:stop])
        if m is None:
            break
        repl = m.group(1) if m.re is TRIPLE_LETTER else SMS_SPELLINGS[m.group(0)]
        first = m.start() if base is None else base[m.start()]
        last = m.end() if base is None else base[m.end() - 1] + 1
        parts.append(repl)
        starts.extend([first] * len(repl))
        ends.extend([last] * len(repl))
        pos = m.end()
    return Normalised(text, "".join(parts), starts, ends)


# --- rule patterns -------------------------------------------------------------------------

NEGATORS = (
    r"(?:not|never|no|nobody|noone|no one|don't|do not|won't|will not|wouldn't|would not|"
    r"can't|cannot|couldn't|could not|didn't|did not|shouldn't|ain't|isn't|wasn't|aren't)"
)

# Placeholders usable in rule patterns, expanded by ``compile_pattern``.
MACROS: dict[str, str] = {
    # a first-person statement of intent ("I'll", "I'm going to", "imma", "I swear I'll")
    "<IWILL>": (
        r"i(?: swear (?:to god )?i)?(?:'?ll|ll| will|'?m (?:going to|gonna|about to|gon)| am "
        r"(?:going to|gonna)|'?d| would| could| can| want to| wanna|'?m coming to| shall)"
    ),
    "<YOULL>": (
        r"(?:you'?ll|you will|you'?re (?:going to|gonna)|you are (?:going to|gonna)|"
        r"you'?d|your (?:going to|gonna)|you (?:gonna|going to))"
    ),
    "<YOURE>": r"(?:you(?:'?re| are|r)?|ur)",
    "<YOUR>": r"(?:your|you're|yer)",
    # up to three filler words that are not negators ("I'll really fucking hurt you")
    "<ADV>": r"(?:(?!" + NEGATORS + r"\b)[a-z']+ ){0,3}",
    "<ADV1>": r"(?:(?!" + NEGATORS + r"\b)[a-z']+ )?",
    # clause end: punctuation, an emoji or symbol, or the end of the text
    "<END>": r"(?=\s*(?:$|[^\w\s'\"]))",
    "<NEG>": NEGATORS,
}
_DOUBLE = re.compile(r"(?<!\\)([a-z])\1")


def compile_pattern(source: str) -> re.Pattern[str]:
    """Compile a rule pattern: expand macros and let doubled letters match one or two.

    Letter runs are collapsed to a single letter by ``normalise`` ("killll" becomes "kil"),
    so a pattern's "ll" must also accept "l". A match never ends inside a word ("you" does
    not match the start of "your"); that it starts at a word edge is checked by
    ``RuleDetector`` after the search, because a leading look-behind would stop the regex
    engine from skipping ahead to the pattern's first letters (four times slower).
    """
    return compile_alternatives(expand_alternatives(source))


def expand_alternatives(source: str) -> tuple[str, ...]:
    """A pattern's top-level alternatives, macros expanded, each starting with a letter
    where possible (see ``_lead_with_letter``)."""
    for name, value in MACROS.items():
        source = source.replace(name, value)
    # "ur" stands for "your" and for "you're"
    source = _YOURE.sub("(?:you'?re|ur)", source)
    source = _YOUR.sub("(?:your|ur)", source)
    return tuple(alt for part in split_alternatives(source) for alt in _lead_with_letter(part))


_WORD_NEXT = re.compile(r" +[a-z]")
_YOURE = re.compile(r"you(?:'\?|')re")
_YOUR = re.compile(r"(?<![a-z'])your(?![a-z'])")


def compile_alternatives(alternatives: Iterable[str]) -> re.Pattern[str]:
    """Compile alternatives from ``expand_alternatives`` into one pattern."""
    source = "|".join(alternatives)
    return re.compile(r"(?:" + _DOUBLE.sub(r"\1{1,2}", source) + r")(?!(?<=\w)\w)")


def alternatives_for(r: Rule, triggers: Collection[str]) -> tuple[str, ...]:
    """The alternatives of ``r`` that can match when only ``triggers`` were found.

    Every match holds a trigger, so only the alternatives that name one of those triggers
    can match; alternatives that name none of the rule's triggers are always kept.
    """
    return tuple(
        alt
        for alt in r.alternatives
        if any(_names(alt, t) for t in triggers) or not any(_names(alt, t) for t in r.triggers)
    )


def gate_for(picks: Iterable[tuple[Rule, Collection[str]]]) -> re.Pattern[str]:
    """One pattern that matches wherever any of the picked rules, narrowed to the triggers
    found, could match: a message it does not match needs no rule at all."""
    return _compiled_alternatives(
        tuple(alt for r, triggers in picks for alt in alternatives_for(r, triggers))
    )


@cache
def _compiled_alternatives(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return compile_alternatives(alternatives)


def _names(alternative: str, trigger: str) -> bool:
    word = trigger.removesuffix("$")
    pos = alternative.find(word)
    while pos != -1:
        before = alternative[pos - 1] if pos else " "
        after = alternative[pos + len(word) : pos + len(word) + 1]
        if not before.isalpha() and (trigger == word or not after.isalpha()):
            return True
        pos = alternative.find(word, pos + 1)
    return False


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern (``a|(b|c)d`` gives ``a`` and ``(b|c)d``)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


_MAX_SPREAD = 24


def _lead_with_letter(alt: str) -> list[str]:
    """Rewrite an alternative that starts with a group as several that start with a letter.

    ``(?:a|b)c`` becomes ``ac|bc`` and ``(?:a )?b`` becomes ``a b|b``: the same matches in
    the same order, but the regex engine can then skip straight to positions holding one
    of the pattern's first letters instead of trying every alternative everywhere. A
    leading ``\\b`` is dropped because ``RuleDetector`` checks word starts itself.
    """
    if alt.startswith("\\b"):
        alt = alt[2:]
    if not alt.startswith("(?:"):
        return [alt]
    close = _closing_paren(alt)
    body, rest = alt[3:close], alt[close + 1 :]
    optional = rest.startswith("?") and not rest.startswith("??")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "{", "?"):
        return [alt]
    spread = [out for part in split_alternatives(body) for out in _lead_with_letter(part + rest)]
    if optional and rest:
        spread += _lead_with_letter(rest)
    return spread if len(spread) <= _MAX_SPREAD else [alt]


def _closing_paren(source: str) -> int:
    depth, i, in_class = 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced pattern: {source!r}")


# eq=False: rules are compared and hashed by identity, which the prefilter relies on for speed.
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


@cache
def _compiled_rule(r: Rule) -> re.Pattern[str]:
    return _compiled_alternatives(r.alternatives)


@cache
def _compiled_source(source: str) -> re.Pattern[str]:
    return compile_pattern(source)


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
        draft_only=draft_only,
        needs_caps=needs_caps,
    )


# --- shared context patterns ---

# Games and sport: "I'll kill you at Mario Kart", "you destroyed me at bowling".
GAMES = (
    r"\b(?:at|in) (?:[a-z']+ )?(?:game|games|chess|scrabble|mario|kart|fifa|tennis|golf|pool|"
    r"darts|poker|cards|monopoly|quiz|trivia|bowling|squash|badminton|uno|cluedo|wordle|"
    r"pictionary|race|football|footy|cod|fortnite|ping pong|table tennis|catan|settlers|smash|"
    r"bridge|rummy|this|that)\b|\bgame\b"
)

# --- guards --------------------------------------------------------------------------------

# Bare "no" is left out: "no i'll hurt you" is not a negated threat.
_NEG_BEFORE = re.compile(
    r"\b(?:not|never|nobody|noone|no one|no way|don't|do not|won't|will not|wouldn't|"
    r"would not|can't|cannot|couldn't|could not|didn't|did not|shouldn't|ain't|isn't|wasn't|"
    r"aren't|haven't|hasn't|hadn't)\s+(?:(?:ever|going|gonna|to|want|wanna|try|trying|plan|"
    r"planning|about|really|actually|do|be|is|will|would|could|can|even|mean|meant|intend|"
    r"think|i|it|that|just|like|so|such|a|an|the|let|dream|of|ask|tell|make|you|me)\s+)"
    r"{0,4}$"
)
_REPORT = re.compile(
    r"\b([a-z']+)\s+(?:said|says|told|tells|texted|messaged|wrote|posted|threatened|"
    r"warned|reckons|claimed|claims|keeps saying|kept saying|was like|asked)\b|\baccording to\b"
)
# Words before a reporting verb that do not make it someone else's speech: the writer
# ("I said I'd ..."), the reader ("you said ..."), or no subject at all ("just said").
_NOT_REPORTERS = frozenset(
    {
        "i",
        "i've",
        "i'd",
        "i'll",
        "i'm",
        "we",
        "you",
        "and",
        "just",
        "literally",
        "also",
        "never",
        "always",
        "only",
        "it",
        "that",
        "this",
        "what",
        "which",
        "then",
        "so",
        "but",
        "or",
        "if",
        "when",
        "as",
        "even",
        "not",
        "to",
    }
)
_SENTENCE_BREAKS = ".!?;\n"
_CLAUSE_BREAKS = ".!?;\n,"
LAUGHTER = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|joking|kidding)\b|[\U0001F602\U0001F923\U0001F60"
    r"6]"
)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], split at . ! ? ; and new lines."""
    left = max(text.rfind(ch, 0, start) for ch in _SENTENCE_BREAKS) + 1
    right = len(text)
    for ch in _SENTENCE_BREAKS:
        pos = text.find(ch, end)
        if pos != -1 and pos < right:
            right = pos
    return left, right


def _next_sentence_end(text: str, right: int) -> int:
    """Where the sentence after the one ending at ``right`` ends: a follow-up sentence often
    explains an idiom ("who is he? the actor in the film, I mean")."""
    return right if right >= len(text) else sentence_bounds(text, right + 1, right + 1)[1]


def is_negated(text: str, start: int) -> bool:
    """Whether a negation directly precedes position ``start``."""
    return _NEG_BEFORE.search(text, max(0, start - 60), start) is not None


def is_reported(text: str, start: int) -> bool:
    """Whether the words before ``start`` in its clause report someone else's speech.

    "my mum said she'd kill me" is reported; "you said you'd stay, I'll make you pay" is not,
    because the comma closes the reported clause. "I said I'd ..." is the writer's own word.
    """
    clause_start = max(text.rfind(ch, 0, start) for ch in _CLAUSE_BREAKS) + 1
    for m in _REPORT.finditer(text, clause_start, start):
        if m.group(1) is None or m.group(1) not in _NOT_REPORTERS:
            return True
    return False


def quote(text: str, limit: int = 70) -> str:
    """The matched words as shown in a reason: whitespace folded, long quotes shortened."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


# --- detectors -----------------------------------------------------------------------------


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
            if m.start() and _is_word_char(text[m.start() - 1]):
                continue  # starts inside a word: "se me" in "surprise me"
            start, end = _trim(text, m.start(), m.end())
            if end <= start:
                continue
            left, right = sentence_bounds(text, start, end)
            if r.negatable and is_negated(text, start):
                continue
            if r.reportable and is_reported(text, start):
                continue
            context_end = _next_sentence_end(text, right)
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


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'_"


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

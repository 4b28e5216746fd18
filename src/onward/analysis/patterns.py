"""Rule pattern source: macros, doubled letters, and the rewriting that keeps rules fast.

A rule's pattern is written once, with placeholders such as ``<IWILL>`` and ``<YOURE>``;
``expand_alternatives`` expands them and splits the pattern into top-level alternatives
that start with a letter, and the prefilter (``onward.analysis.flags``) joins the
alternatives of the rules a message can reach into one "gate" pattern.

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onward.analysis.rules import Rule


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


def compile_context(source: str) -> re.Pattern[str]:
    """Compile an ``unless`` or ``requires`` pattern.

    Its matches are used as found (nothing checks afterwards that they start at a word
    edge), so unlike ``compile_pattern`` it keeps a leading ``\\b``: "\\b(?:i'm|rain)"
    must not match inside "him" or "brain".
    """
    return compile_alternatives(tuple(split_alternatives(_expand_macros(source))))


def expand_alternatives(source: str) -> tuple[str, ...]:
    """A pattern's top-level alternatives, macros expanded, each starting with a letter
    where possible (see ``_lead_with_letter``)."""
    source = _expand_macros(source)
    return tuple(alt for part in split_alternatives(source) for alt in _lead_with_letter(part))


def _expand_macros(source: str) -> str:
    for name, value in MACROS.items():
        source = source.replace(name, value)
    # "ur" stands for "your" and for "you're"
    source = _YOURE.sub("(?:you'?re|ur)", source)
    return _YOUR.sub("(?:your|ur)", source)


_YOURE = re.compile(r"you(?:'\?|')re")
_YOUR = re.compile(r"(?<![a-z'])your(?![a-z'])")


def compile_alternatives(alternatives: Iterable[str]) -> re.Pattern[str]:
    """Compile alternatives from ``expand_alternatives`` into one pattern."""
    source = "|".join(alternatives)
    return re.compile(r"(?:" + _DOUBLE.sub(r"\1{1,2}", source) + r")(?!(?<=\w)\w)")


def alternatives_for(r: Rule, triggers: Collection[str]) -> tuple[str, ...]:
    """The alternatives of ``r`` that can match when only ``triggers`` were found.

    Every match holds a trigger, so only the alternatives that name one of those triggers
    (in any of their spellings) can match; an alternative with a spelling that names none
    of the rule's triggers is always kept.
    """
    return tuple(
        alt
        for alt in r.alternatives
        if any(_names(alt, t) for t in triggers)
        or any(
            not any(_spells(sp, t.removesuffix("$"), t) for t in r.triggers)
            for sp in _spellings(alt)
        )
    )


def gate_for(picks: Iterable[tuple[Rule, Collection[str]]]) -> re.Pattern[str]:
    """One pattern that matches wherever any of the picked rules, narrowed to the triggers
    found, could match: a message it does not match needs no rule at all.

    Only whether it matches counts, not which alternative or how long, so the alternatives
    are merged on their shared literal beginnings ("come out|come over" becomes
    "come (?:out|over)"): at a position the engine then tests each shared letter once
    instead of once per alternative.
    """
    alternatives = (alt for r, triggers in picks for alt in alternatives_for(r, triggers))
    return _compiled_gate(tuple(sorted(set(alternatives))))


@cache
def _compiled_gate(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    root: dict[str, Any] = {}
    for alt in alternatives:
        prefix, rest = _literal_prefix(_DOUBLE.sub(r"\1{1,2}", alt))
        node = root
        for ch in prefix:
            node = node.setdefault(ch, {})
        node.setdefault(_REST, []).append(rest)
    return re.compile("(?:" + _optional_as_branch(_render_gate(root)) + r")(?!(?<=\w)\w)")


def _optional_as_branch(source: str) -> str:
    """Write each optional non-capturing group ``(?:x)?`` as ``(?:x|)``: the same matches
    tried in the same order, but the regex engine runs a branch faster than a repeat."""
    chars = list(source)
    opens: list[int] = []
    for i, ch, _depth in _structure(source):
        if ch == "(":
            opens.append(i)
        elif ch == ")":
            start = opens.pop()
            optional = source[i + 1 : i + 2] == "?" and source[i + 2 : i + 3] not in ("?", "+")
            if optional and source.startswith("(?:", start):
                chars[i], chars[i + 1] = "|", ")"
    return "".join(chars)


_REST = ""  # key of the list of what follows a literal beginning (never a character)


def _literal_prefix(alt: str) -> tuple[str, str]:
    """Split ``alt`` into its leading plain letters (and spaces, apostrophes) and the rest;
    a letter followed by a quantifier stays in the rest."""
    i = 0
    while i < len(alt) and (alt[i].isalpha() or alt[i] in " '"):
        if i + 1 < len(alt) and alt[i + 1] in "{*+?":
            break
        i += 1
    return alt[:i], alt[i:]


def _render_gate(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _render_gate(child) for ch, child in node.items() if ch != _REST]
    rests: list[str] = node.get(_REST, [])
    if "" in rests:
        return ""  # a whole alternative ends here: the beginning alone is a match
    branches += [f"(?:{rest})" for rest in rests]
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@cache
def compiled_alternatives(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return compile_alternatives(alternatives)


def _names(alternative: str, trigger: str) -> bool:
    """Whether ``alternative`` spells ``trigger`` out, in any of its spellings (optional
    letters and letter groups taken or left: "mins?(?:utes)?" names "minutes")."""
    word = trigger.removesuffix("$")
    return any(_spells(spelling, word, trigger) for spelling in _spellings(alternative))


def _spells(alternative: str, word: str, trigger: str) -> bool:
    pos = alternative.find(word)
    while pos != -1:
        before = alternative[pos - 1] if pos else " "
        after = alternative[pos + len(word) : pos + len(word) + 1]
        if not before.isalpha() and (trigger == word or not after.isalpha()):
            return True
        pos = alternative.find(word, pos + 1)
    return False


@cache
def _spellings(alternative: str) -> tuple[str, ...]:
    """``alternative`` with each optional letter ("s?", "'?") or optional group of letters
    ("(?:utes)?") once taken and once left out (at most ``_MAX_SPELLINGS`` spellings; an
    alternative with more optional parts keeps the rest as written)."""
    done: list[str] = []
    todo = [_TWICE.sub(r"\1\1", alternative)]  # "me{2}t" names "meet"
    while todo:
        source = todo.pop()
        m = _OPTIONAL.search(source)
        if m is None or len(done) + len(todo) >= _MAX_SPELLINGS:
            done.append(source)
            continue
        piece = m.group(1) if m.group(1) is not None else m.group(2)
        todo.append(source[: m.start()] + piece + source[m.end() :])
        todo.append(source[: m.start()] + source[m.end() :])
    return tuple(done)


_TWICE = re.compile(r"([a-z])\{2\}")
# An optional letter or apostrophe, or an optional group of letters, spaces and apostrophes.
_OPTIONAL = re.compile(r"(?<!\\)([a-z'])\?(?![?+*])|\(\?:([a-z' ]+)\)\?(?![?+*])")
_MAX_SPELLINGS = 64


def _structure(source: str) -> Iterator[tuple[int, str, int]]:
    """``(index, char, depth)`` for each ``|``, ``(`` and ``)`` that is not escaped and
    not inside a character class; depth is the group depth before the character."""
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
        elif ch in "|()":
            yield i, ch, depth
            depth += {"(": 1, ")": -1}.get(ch, 0)
        i += 1


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern (``a|(b|c)d`` gives ``a`` and ``(b|c)d``)."""
    cuts = [i for i, ch, depth in _structure(source) if ch == "|" and depth == 0]
    return [source[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(source)], strict=True)]


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
    """Where the group that opens ``source`` closes."""
    for i, ch, depth in _structure(source):
        if ch == ")" and depth == 1:
            return i
    raise ValueError(f"unbalanced pattern: {source!r}")

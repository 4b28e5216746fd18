"""Text normalisation for the warning-pattern detectors.

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
from collections.abc import Iterable, Sequence
from importlib.resources import files
from typing import Any, NamedTuple

from onward.model import Span


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
# The characters ``normalise`` reads as an apostrophe.
APOSTROPHES: tuple[str, ...] = tuple(
    chr(code) for code, to in _CHAR_MAP.items() if to == "'" and chr(code) != "'"
)
_NEEDS_CHAR_MAP = re.compile("[" + re.escape("".join(chr(c) for c in _CHAR_MAP)) + "]")
_SMS = re.compile("(?:" + trie_pattern(w + "$" for w in SMS_SPELLINGS) + ")")
# Three or more of the same letter ("pleeease"), collapsed to one.
_WORD_NEXT = re.compile(r" +[a-z]")
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
    if _needs_char_map(low):
        low = low.translate(_CHAR_MAP)
    matches: list[re.Match[str]] = []
    if sms is None or sms:
        # SMS spellings must stand alone: "u" but not the "u" of "u2" or "you"
        matches = [
            m
            for m in _SMS.finditer(low)
            if (not m.start() or not is_word_char(low[m.start() - 1]))
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


def plain_text(text: str, lowered: str) -> str | None:
    """``normalise(text, letter_runs=False, sms=False, lowered=lowered).text`` when it is
    ``lowered`` itself (no character to map, none that lower-cases to two), else None:
    the common case, answered without building the offset map."""
    if len(lowered) != len(text) or _needs_char_map(lowered):
        return None
    return lowered


def _needs_char_map(low: str) -> bool:
    return ("`" in low) if low.isascii() else _NEEDS_CHAR_MAP.search(low) is not None


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` continues a word (letters, digits, apostrophe, underscore)."""
    return ch.isalnum() or ch in "'_"

"""Example strings for a regex source, every branch taken at least once (capped).

Used by ``test_rule_triggers`` to look for matches of a rule that carry none of its
trigger words. The examples are written as people type, so a gap is not an artefact:

- an optional run of "any character" (``[^.!?]{0,20}``, ``.*``, ``\\s*``) is one space,
  so the words either side stay apart ("out unless", not "outunless");
- a run of letters (``[a-z]+``) is the placeholder word "zz", which is no trigger and
  no real word, so it never hides a missing trigger nor glues onto its neighbours;
- other optional parts are tried both absent and present.

Standard library only; reads the parse tree of ``re`` (``re._parser``).
"""

from __future__ import annotations

import re
import re._constants as sc  # type: ignore[import-not-found]
import re._parser as sp  # type: ignore[import-not-found]
from typing import Any

CAP = 64
PLACEHOLDER = "zz"

_REPEATS = (sc.MAX_REPEAT, sc.MIN_REPEAT, getattr(sc, "POSSESSIVE_REPEAT", sc.MAX_REPEAT))


def examples(source: str) -> list[str]:
    """Up to ``CAP`` strings, together taking every branch of ``source`` at least once."""
    return _seq(list(sp.parse(source)))[:CAP] or [""]


def _seq(items: list[tuple[Any, Any]]) -> list[str]:
    out = [""]
    for op, av in items:
        opts = _one(op, av)
        if not opts:
            continue
        # every option appears at least once, without a full product
        n = max(len(out), len(opts))
        out = [out[i % len(out)] + opts[i % len(opts)] for i in range(min(n, CAP))]
    return out


def _one(op: Any, av: Any) -> list[str]:
    if op is sc.LITERAL:
        return [chr(av)]
    if op in (sc.NOT_LITERAL, sc.ANY, sc.IN, sc.CATEGORY):
        return [_char(op, av)]
    if op is sc.BRANCH:
        return [s for branch in av[1] for s in _seq(list(branch))]
    if op is sc.SUBPATTERN:
        return _seq(list(av[-1]))
    if op in _REPEATS:
        lo, _hi, body = av
        body = list(body)
        if len(body) == 1 and body[0][0] in (sc.NOT_LITERAL, sc.ANY, sc.IN, sc.CATEGORY):
            return [_run(body[0][0], body[0][1], lo)]
        inner = _seq(body)
        if lo == 0:
            return ["", *inner]
        return [s * lo for s in inner]
    return [""]  # AT, ASSERT, ASSERT_NOT, GROUPREF: no text


def _run(op: Any, av: Any, lo: int) -> str:
    """A repeated single character: a gap (one space), a placeholder word, or digits."""
    if _spaces(op, av):
        return " "
    ch = _char(op, av)
    if ch.isalpha():
        return PLACEHOLDER if lo else ""
    return ch * lo


def _spaces(op: Any, av: Any) -> bool:
    """Whether the character matcher accepts a space."""
    if op is sc.ANY:
        return True
    if op is sc.NOT_LITERAL:
        return chr(av) != " "
    if op is sc.CATEGORY:
        return _category(av, " ")
    if op is sc.IN:
        negate = bool(av) and av[0][0] is sc.NEGATE
        hit = any(_member(kind, val, " ") for kind, val in av)
        return hit != negate
    return False


def _member(kind: Any, val: Any, ch: str) -> bool:
    if kind is sc.LITERAL:
        return chr(val) == ch
    if kind is sc.RANGE:
        return bool(val[0] <= ord(ch) <= val[1])
    if kind is sc.CATEGORY:
        return _category(val, ch)
    return False


def _category(val: Any, ch: str) -> bool:
    name = str(val)
    pattern = {
        "CATEGORY_DIGIT": r"\d",
        "CATEGORY_NOT_DIGIT": r"\D",
        "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S",
        "CATEGORY_WORD": r"\w",
        "CATEGORY_NOT_WORD": r"\W",
    }.get(name, r"\w")
    return re.fullmatch(pattern, ch) is not None


def _char(op: Any, av: Any) -> str:
    """One character the matcher accepts, a letter where it can."""
    for ch in ("a", "1", " ", "b", "'", "-"):
        if _accepts(op, av, ch):
            return ch
    if op is sc.IN:
        for kind, val in av:
            if kind is sc.LITERAL:
                return chr(val)
            if kind is sc.RANGE:
                return chr(val[0])
    return "a"


def _accepts(op: Any, av: Any, ch: str) -> bool:
    if op is sc.ANY:
        return ch != "\n"
    if op is sc.NOT_LITERAL:
        return chr(av) != ch
    if op is sc.CATEGORY:
        return _category(av, ch)
    if op is sc.IN:
        negate = bool(av) and av[0][0] is sc.NEGATE
        return any(_member(kind, val, ch) for kind, val in av) != negate
    return False

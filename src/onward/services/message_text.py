"""Imported text cut into pieces for display: flagged words marked, bidi controls made visible.

Imported messages were written by someone else and may carry markup or direction overrides
meant to mislead (R31). Templates escape every piece; this module only decides where a
``<mark>`` starts and ends and replaces each bidi control character (U+202A-U+202E,
U+2066-U+2069) with a visible label such as ``[U+202E]`` so it cannot reorder what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

BIDI_CONTROLS: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text; ``marked``: inside a flagged span; ``bidi``: a control's label."""

    text: str
    marked: bool = False
    bidi: bool = False


def bidi_label(char: str) -> str:
    return f"[U+{ord(char):04X}]"


def _split(text: str, marked: bool) -> list[Piece]:
    out: list[Piece] = []
    last = 0
    for m in BIDI_CONTROLS.finditer(text):
        if m.start() > last:
            out.append(Piece(text[last : m.start()], marked))
        out.append(Piece(bidi_label(m.group()), marked, bidi=True))
        last = m.end()
    if last < len(text):
        out.append(Piece(text[last:], marked))
    return out


def _merge(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def pieces(
    text: str, spans: Iterable[tuple[int, int]] = (), *, limit: int | None = None
) -> list[Piece]:
    """``text`` (cut to ``limit`` characters plus "…") with ``spans`` marked."""
    cut = limit is not None and len(text) > limit
    shown = text[:limit] if cut else text
    out: list[Piece] = []
    position = 0
    for start, end in _merge(spans, len(shown)):
        out += _split(shown[position:start], False)
        out += _split(shown[start:end], True)
        position = end
    out += _split(shown[position:], False)
    if cut:
        out.append(Piece("…"))
    return out


def joined(parts: Iterable[Piece]) -> str:
    """The pieces as one string: highlighting dropped, bidi controls kept as their labels."""
    return "".join(p.text for p in parts)


def visible(text: str) -> str:
    """Plain text with bidi controls replaced by their labels (for terminals and titles)."""
    return BIDI_CONTROLS.sub(lambda m: bidi_label(m.group()), text)

"""Flesch-Kincaid grade level, with a small syllable heuristic (no dictionary).

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

(Kincaid, Fishburne, Rogers & Chissom 1975, Naval Technical Training Command report 8-75.)
The syllable count is a heuristic: vowel groups, minus common silent endings. It is off by one
on some words, which moves a page's grade by a few tenths at most. We use it to keep guidance
near an 8th-grade reading level, not to certify anything.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from onward.content.library import GuidanceItem, plain_blocks

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?]+(?=\s|$)")
# Endings that add no syllable: "-es" and "-ed" after most consonants, and a final silent "e".
# "-ted"/"-ded" (wanted, needed) and "-le" (table, people) keep theirs.
_SILENT_END_RE = re.compile(r"(?:[^laeiouy]es|[^laeiouydt]ed|[^laeiouy]e)$")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
# A silent "e" before a common suffix: safety, lately, careful, movement, lateness.
_SILENT_INNER_E_RE = re.compile(r"(?<=[^aeiouy])e(?=(?:ty|ly|ful|ment|ness)$)")


@dataclass(frozen=True, slots=True)
class TextStats:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return (
            0.39 * (self.words / max(1, self.sentences))
            + 11.8 * (self.syllables / self.words)
            - 15.59
        )


def count_syllables(word: str) -> int:
    """Syllables in one English word, by heuristic (always at least 1)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = _SILENT_INNER_E_RE.sub("", w)
    w = _SILENT_END_RE.sub("", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(_VOWEL_GROUP_RE.findall(w)))


def text_stats(blocks: Iterable[str]) -> TextStats:
    """Counts over blocks of text. Each block (heading, list item, paragraph) ends a sentence."""
    sentences = words = syllables = 0
    for block in blocks:
        found = _WORD_RE.findall(block)
        if not found:
            continue
        words += len(found)
        syllables += sum(count_syllables(w) for w in found)
        # A block with no end mark (a heading, a short list item) still counts as one sentence.
        stripped = block.rstrip()
        ends = len(_SENTENCE_END_RE.findall(stripped))
        sentences += ends + (0 if _SENTENCE_END_RE.search(stripped[-1:] or " ") else 1)
    return TextStats(sentences, words, syllables)


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade of plain text (blank lines and line breaks end blocks)."""
    return text_stats(line for line in text.splitlines() if line.strip()).grade


def item_grade(item: GuidanceItem) -> float:
    """Flesch-Kincaid grade of a guidance item's running text.

    Markdown is removed and headings are left out: they are labels, not sentences, and counting
    them as short sentences would flatter the score.
    """
    return text_stats(plain_blocks(item.body_md, headings=False)).grade


def grades(items: Iterable[GuidanceItem]) -> dict[str, float]:
    """Grade per item id, rounded to one decimal."""
    return {item.id: round(item_grade(item), 1) for item in items}


def median_grade(items: Iterable[GuidanceItem]) -> float:
    values = [item_grade(item) for item in items]
    return statistics.median(values) if values else 0.0

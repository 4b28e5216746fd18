"""A fast text block for the PDF: pre-wrapped lines, split across pages.

Thousands of messages go into one report. reportlab's ``Paragraph`` parses markup
for each one and made a 6,000-item report take about twice as long; these blocks
only wrap plain text (no markup, so nothing in a message is interpreted) and draw
it line by line.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

Line = tuple[str, float, str]  # (font, size, text)
LEADING = 1.25
GAP_AFTER = 6.0


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_WIDTH_CACHE_MAX = 200_000


def _width(word: str, font: str, size: float) -> float:
    """A word's width, cached: reportlab measures TrueType text in pure Python here."""
    cache = _WIDTHS.setdefault((font, size), {})
    found = cache.get(word)
    if found is None:
        if len(cache) > _WIDTH_CACHE_MAX:
            cache.clear()
        found = cache[word] = stringWidth(word, font, size)
    return found


def _hard_break(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines no wider than ``width``, broken at spaces; longer words are cut."""
    space = _width(" ", font, size)
    out: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in para.split():
            w = _width(word, font, size)
            if line and used + space + w > width:
                out.append(" ".join(line))
                line, used = [], 0.0
            if not line and w > width:
                *full, word = _hard_break(word, font, size, width)
                out.extend(full)
                w = stringWidth(word, font, size)
            used += (space if line else 0.0) + w
            line.append(word)
        out.append(" ".join(line))
    return out


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Runs of (font, size, text), wrapped to the frame and split across pages."""

    def __init__(self, runs: list[Line], *, indent: float = 0.0) -> None:
        super().__init__()
        self._runs = runs
        self._indent = indent
        self._lines: list[Line] | None = None
        self._wrapped_for = -1.0

    @classmethod
    def _from_lines(cls, lines: list[Line], indent: float, width: float) -> TextBlock:
        block = cls([], indent=indent)
        block._lines, block._wrapped_for = lines, width
        return block

    def _layout(self, avail_width: float) -> list[Line]:
        if self._lines is None or self._wrapped_for != avail_width:
            width = avail_width - self._indent
            self._lines = [
                (font, size, piece)
                for font, size, text in self._runs
                for piece in wrap(text, font, size, width)
            ]
            self._wrapped_for = avail_width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: ARG002
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = sum(size * LEADING for _, size, _ in lines) + GAP_AFTER
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[TextBlock]:
        lines = self._layout(avail_width)
        used, count = 0.0, 0
        for _, size, _ in lines:
            if used + size * LEADING > avail_height - GAP_AFTER:
                break
            used += size * LEADING
            count += 1
        if count == 0 or count >= len(lines):
            return []
        return [
            TextBlock._from_lines(lines[:count], self._indent, avail_width),
            TextBlock._from_lines(lines[count:], self._indent, avail_width),
        ]

    def draw(self) -> None:
        # One text object per block: far fewer PDF operators than a drawString per line.
        text = self.canv.beginText()
        y = self.height
        current: tuple[str, float] | None = None
        for font, size, line in self._lines or []:
            y -= size * LEADING
            if current != (font, size):
                text.setFont(font, size)
                current = (font, size)
            text.setTextOrigin(self._indent, y + size * 0.25)
            text.textOut(line)
        self.canv.drawText(text)

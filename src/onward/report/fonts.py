"""Fonts for the PDF, and text made safe to draw with them.

DejaVu Sans covers Latin, Greek, Cyrillic, Arabic, Hebrew, many symbols and some
emoji; Debian ships it as fonts-dejavu-core (CI installs it). Without it the PDF
falls back to Helvetica, which only has Windows-1252 characters. Any character the
chosen font has no glyph for is written as ``[U+XXXX]``, so nothing disappears
silently; the JSON in the export keeps the exact text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR_FILE = FONT_DIR / "DejaVuSans.ttf"
BOLD_FILE = FONT_DIR / "DejaVuSans-Bold.ttf"
REGULAR, BOLD = "OnwardSans", "OnwardSans-Bold"
# Direction overrides can make a viewer show text in another order than it was
# written; in a record meant to be checked they are shown, not obeyed.
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
_VARIATION_SELECTORS = frozenset((0xFE0E, 0xFE0F))


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str
    bold: str
    has_glyph: Callable[[int], bool]
    embedded: bool


def _cp1252(codepoint: int) -> bool:
    try:
        chr(codepoint).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4)
def load_fonts(regular: Path = REGULAR_FILE, bold: Path = BOLD_FILE) -> Fonts:
    """Register DejaVu Sans when present, else use the built-in Helvetica."""
    if not regular.exists():
        return Fonts("Helvetica", "Helvetica-Bold", _cp1252, embedded=False)
    face = TTFont(REGULAR, str(regular))
    pdfmetrics.registerFont(face)
    pdfmetrics.registerFont(TTFont(BOLD, str(bold if bold.exists() else regular)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR)
    cmap: frozenset[int] = frozenset(face.face.charToGlyph)
    return Fonts(REGULAR, BOLD, cmap.__contains__, embedded=True)


def _shown_as(ch: str, fonts: Fonts) -> str | None:
    """What to draw instead of ``ch``, or None when the font can draw it as it is."""
    code = ord(ch)
    if ch == "\n":
        return None
    if ch == "\t":
        return "    "
    if code in _VARIATION_SELECTORS and not fonts.has_glyph(code):
        return ""  # it only chooses how an emoji looks and has no glyph of its own
    if (
        code in _BIDI_CONTROLS
        or unicodedata.category(ch) in ("Cc", "Cs")
        or not fonts.has_glyph(code)
    ):
        return f"[U+{code:04X}]"
    return None


def drawable(text: str, fonts: Fonts) -> tuple[str, bool]:
    """Text the font can draw, and whether anything had to be written as [U+XXXX]."""
    swaps = {ch: alt for ch in set(text) if (alt := _shown_as(ch, fonts)) is not None}
    if not swaps:
        return text, False
    marked = any(alt.startswith("[U+") for alt in swaps.values())
    return "".join(swaps.get(ch, ch) for ch in text), marked

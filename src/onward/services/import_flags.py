"""Warning flags for an import's messages.

The rule detector is the largest single cost of importing. ``import_prep`` calls it for
each batch, in a helper process when the export is large (``import_helper``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags
from onward.model import Flag

# "begging" is for the person's own drafts; imported messages are checked for the rest.
IMPORT_CATEGORIES: Final = frozenset(PARTNER_CATEGORIES)
# Exports smaller than this are prepared in the import's own process (starting the helper
# costs about as much as checking 30,000 messages).
WORKER_MIN_BYTES: Final = 4 * 1024 * 1024

# For each checked text (by its place in the batch) that has flags: the flags.
Found = dict[int, list[Flag]]


def flag_texts(texts: Sequence[str | None]) -> Found:
    """Flags for every text that is not None (None: not a text message with a sender)."""
    found: Found = {}
    for i, text in enumerate(texts):
        if text is not None:
            flags = detect_flags(text, categories=IMPORT_CATEGORIES)
            if flags:
                found[i] = flags
    return found


def check_text(text: str) -> list[Flag]:
    """The flags an imported message with this text would get (``onward check``)."""
    return detect_flags(text, categories=IMPORT_CATEGORIES)

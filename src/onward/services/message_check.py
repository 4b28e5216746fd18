"""Checking loose messages for warning signs (``onward check``), fast or deep.

The fast check is the rule layer (the flags an imported message would get). The deep check
adds the offline sentence-embedding model (``analysis.model_flags``), which catches wording
the rules miss, at tens of messages per second instead of a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Sequence

from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags
from onward.model import Flag

CHECK_CATEGORIES = frozenset(PARTNER_CATEGORIES)


def check_messages(texts: Sequence[str], *, deep: bool = False) -> list[list[Flag]]:
    """The flags for each of the partner's messages; ``deep`` adds the model's flags."""
    if deep:
        # numpy and the model load only when asked for
        from onward.analysis.model_flags import deep_flags

        return deep_flags(texts, categories=CHECK_CATEGORIES)
    return [detect_flags(text, categories=CHECK_CATEGORIES) for text in texts]

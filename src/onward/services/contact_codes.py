"""The codes a timeline row stores in its index columns: roles and flag category bits.

A module of its own, with no store behind it, so that the keyless half of an import
(``import_prep``, in a helper process) can use them without loading the database layer.
"""

from __future__ import annotations

from typing import Final

from onward.analysis.flags import CATEGORIES

ROLE_UNKNOWN: Final = 0
ROLE_PARTNER: Final = 1
ROLE_ME: Final = 2
ROLE_OTHER: Final = 3
# Bit positions are stored in the database: new categories may only be appended
# to analysis.flags.CATEGORIES, never inserted or reordered.
CATEGORY_BITS: dict[str, int] = {name: 1 << i for i, name in enumerate(CATEGORIES)}
# The categories a stored message can carry: "begging" is only for the person's own drafts,
# which are never stored on the timeline.
SHOWN_CATEGORIES: Final = tuple(c for c in CATEGORY_BITS if c != "begging")

"""The labelled flag sets, by role (``tests/data/flags/README.md`` has their history).

``DEV_SETS`` are the dev and training sets, in the order they were written; ``KEPT_BACK``
is the kept-back set, which the training script refuses and the quality benchmark measures
first when the lead has added it. Adding a set, or moving the kept-back one into training,
is a change here only.
"""

from __future__ import annotations

DEV_SETS = (
    "gold",
    "heldout",
    "fresh",
    "fresh2",
    "extra",
    "fresh3",
    "extra2",
    "fresh4",
    "extra3",
    "fresh5",
    "fresh6",
    "extra4",
)
KEPT_BACK = "fresh7"

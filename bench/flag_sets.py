"""The labelled flag sets, by role (``tests/data/flags/README.md`` has their history).

``DEV_SETS`` are the dev and training sets, in the order they were written; ``KEPT_BACK``
are the kept-back sets, newest last: written by separate writers, measured by the lead
without reading their errors, so each still estimates quality on unseen text. The
training script refuses them, the engine digest skips them, a failing test names their
rows by number only, and the quality benchmark measures them first. Adding a set, or
moving a kept-back one into training, is a change here only, and the shipped heads must
then be trained on the new list
(``tests/analysis/test_flag_heads_sets.py`` checks that they were).

``extra4.jsonl`` (step 19) is a training set not in ``DEV_SETS``: the heads trained with it
did not pass step 19's rule (``docs/flags.md``), so the heads shipped then were kept and
the list stays the one they were trained on. Since step 26 the shipped heads,
``flag-heads-7``, are trained on fresh7, fresh8 and fresh9 too (each measured once while
kept back, in sessions 7 to 9). Heads trained with fresh10 (measured once at step 26) and
``extra5.jsonl`` did not pass step 27's rule, so neither is in ``DEV_SETS``; fresh11 is
the kept-back set.
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
    "fresh7",
    "fresh8",
    "fresh9",
)
# fresh7 to fresh9: kept back in sessions 7 to 9, each measured once, training sets since
# step 26. fresh10: session 12's kept-back set, measured once at step 26 (docs/flags.md);
# not trained on, as step 27 did not pass. fresh11: session 13's, measured once at step 27.
KEPT_BACK = ("fresh11",)

"""The parser's records on generated exports of every layout equal the pre-speed-up parser's.

The digests in ``tests/data/whatsapp_equivalence/digests.json`` were written by
``bench/whatsapp_parse_digest.py`` from revision bb29de4, the parser before the issue #4 speed
work (see that script for how to regenerate them), over exports from ``gen_whatsapp.py``:
Android 12 h, Android with U+202F before AM/PM and German iOS, LF and CR LF, two seeds each,
read in UTC and in Europe/Berlin.
"""

from __future__ import annotations

import json

from bench.whatsapp_parse_digest import DATA, ZONES, digests, export_names


def test_every_generated_layout_parses_to_the_base_revisions_records() -> None:
    expected = json.loads((DATA / "digests.json").read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(f"{name}/{zone}" for name in export_names() for zone in ZONES)
    assert digests(DATA) == expected

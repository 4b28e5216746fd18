"""onward check --deep: rules plus the offline model, same JSON shape, run as a subprocess."""

from __future__ import annotations

import json

from tests.cli.conftest import Onward

LINES = [
    "I will kill you if you leave",
    "hello there",
    "i've said goodbye to everyone who matters. tonight it ends for me",
]


def test_check_deep_json_keeps_the_shape_and_adds_model_flags(onward_sqlite: Onward) -> None:
    fast = onward_sqlite("check", "--json", stdin="\n".join(LINES) + "\n")
    deep = onward_sqlite("check", "--deep", "--json", stdin="\n".join(LINES) + "\n")
    assert fast.code == 0 and deep.code == 0, deep.err
    rules = [json.loads(line) for line in fast.out.splitlines()]
    both = [json.loads(line) for line in deep.out.splitlines()]
    assert [x["text"] for x in both] == LINES
    assert all(sorted(x) == ["flags", "text"] for x in both)
    for r, d in zip(rules, both, strict=True):
        assert d["flags"][: len(r["flags"])] == r["flags"]  # rules first, unchanged
        assert all(sorted(f) == ["category", "reason", "span"] for f in d["flags"])
    assert both[1]["flags"] == []
    assert rules[2]["flags"] == []
    added = both[2]["flags"]
    assert [f["category"] for f in added] == ["self_harm_pressure"]
    assert added[0]["span"] is None and "similar to: " in added[0]["reason"]
    assert not onward_sqlite.data_dir.exists()


def test_check_deep_prints_model_reasons(onward_sqlite: Onward) -> None:
    r = onward_sqlite("check", "--deep", stdin=LINES[2] + "\n")
    assert r.code == 0, r.err
    assert r.out.startswith("line 1: self_harm_pressure: ")
    assert "similar to: " in r.out

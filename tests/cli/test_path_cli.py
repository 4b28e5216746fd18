"""The path from the terminal: screen, health, decide, plan, helplines, content, helper."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE

from onward.content.library import seed_ids
from onward.guide.helplines import countries


def _file(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _init(onward: Onward) -> None:
    assert onward("init", secrets=[PASSPHRASE]).code == 0


def test_cli_screen_questions_and_scoring_without_a_vault(
    onward_sqlite: Onward, tmp_path: Path
) -> None:
    r = onward_sqlite("screen", "--questions", "--json")
    assert r.code == 0, r.err
    items = json.loads(r.out)
    assert all(set(i) == {"id", "text", "trigger"} for i in items)
    assert [i["id"] for i in items if i["trigger"]] == [
        "threatened_to_kill",
        "weapon",
        "neck_or_breathing",
        "believe_might_kill",
    ]
    answers = _file(tmp_path, "a.json", {"stalking": True, "separation": True, "gun_access": True})
    r = onward_sqlite("screen", "--answers", answers, "--json")
    out = json.loads(r.out)
    assert set(out) == {"positive", "reasons", "gates"} and out["positive"] is True
    assert "repair_closed" in out["gates"] and len(out["reasons"]) == 4
    assert not onward_sqlite.data_dir.exists()  # nothing stored, no vault needed
    r = onward_sqlite("screen", "--answers", answers)
    assert "Your answers point to higher danger" in r.out and "Why:" in r.out


def test_cli_screen_crisis_answer_routes_to_crisis_lines(
    onward_sqlite: Onward, tmp_path: Path
) -> None:
    answers = _file(tmp_path, "a.json", {"own_thoughts_of_suicide": True})
    r = onward_sqlite("screen", "--answers", answers, "--json", "--country", "GB")
    assert json.loads(r.out) == {"positive": False, "reasons": [], "gates": ["crisis_lines_now"]}
    assert "Samaritans" in r.err  # JSON stays clean; the lines still reach the person
    r = onward_sqlite("screen", "--answers", answers, "--country", "GB")
    assert (
        r.out.index("Please talk to someone now")
        < r.out.index("Samaritans")
        < r.out.index("do not point to higher danger")
    )


def test_cli_screen_errors_are_one_line_with_a_hint(onward_sqlite: Onward, tmp_path: Path) -> None:
    r = onward_sqlite("screen", "--answers", _file(tmp_path, "a.json", {"nope": True}))
    assert r.code == 1 and "Unknown danger-screen question" in r.err and "Hint:" in r.err
    r = onward_sqlite("screen", "--answers", _file(tmp_path, "b.json", {"weapon": "yes"}))
    assert r.code == 1 and "yes or no" in r.err
    bad = tmp_path / "c.json"
    bad.write_text("{not json", encoding="utf-8")
    r = onward_sqlite("screen", "--answers", str(bad))
    assert r.code == 1 and "not a JSON file" in r.err
    r = onward_sqlite("screen")  # no terminal to ask on
    assert r.code == 1 and "--answers" in r.err and "Traceback" not in r.err


def test_cli_path_from_screen_to_saved_plan(onward: Onward, tmp_path: Path) -> None:
    _init(onward)
    r = onward("path", "--situation", "refused", "--country", "uk", "--json", secrets=[PASSPHRASE])
    hub = json.loads(r.out)
    assert hub["situation"] == "refused" and hub["country"] == "GB" and hub["screen"] is None
    answers = _file(tmp_path, "a.json", {"weapon": True, "anything_else": "SENTINEL-worry"})
    r = onward("screen", "--answers", answers, "--save", "--json", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    assert json.loads(r.out)["positive"] is True
    hub = json.loads(onward("path", "--json", secrets=[PASSPHRASE]).out)
    assert hub["screen"]["positive"] is True and "repair_closed" in hub["gates"]
    assert [s["id"] for s in hub["steps"]][:2] == ["check", "care"] and hub["offers"] == []

    talk = {"reasons": ["I am not happy"], "setting": "in_person_private"}
    r = onward(
        "plan",
        "save",
        "conversation",
        "--answers",
        _file(tmp_path, "t.json", talk),
        secrets=[PASSPHRASE],
    )
    assert r.code == 1 and "not offered" in r.err
    talk["setting"] = "message"
    r = onward(
        "plan",
        "save",
        "conversation",
        "--answers",
        _file(tmp_path, "t.json", talk),
        secrets=[PASSPHRASE],
    )
    assert r.code == 0, r.err
    assert "Saved." in r.out
    r = onward("plan", "show", "conversation", secrets=[PASSPHRASE])
    assert "My plan for the conversation" in r.out and "I am not happy" in " ".join(r.out.split())
    safety = {"people": [{"name": "Ana", "how": "555-0101"}], "code_word": "blue"}
    onward(
        "plan",
        "save",
        "safety",
        "--answers",
        _file(tmp_path, "s.json", safety),
        secrets=[PASSPHRASE],
    )
    r = onward("plan", "show", "card", secrets=[PASSPHRASE])
    assert r.out.startswith("EMERGENCY CARD") and "999" in r.out and "Ana: 555-0101" in r.out
    listing = json.loads(onward("plan", "list", "--json", secrets=[PASSPHRASE]).out)
    assert listing["conversation"] and listing["safety"] and listing["boundaries"] is None
    r = onward("plan", "show", "boundaries", secrets=[PASSPHRASE])
    assert r.code == 1 and "not been made yet" in r.err


def test_cli_health_and_decide(onward: Onward, tmp_path: Path) -> None:
    r = onward("health", "--questions", "--json")
    items = json.loads(r.out)
    assert {i["kind"] for i in items} == {"warning", "good"}
    assert items[0]["answers"] == ["never", "sometimes", "often"]
    answers = _file(tmp_path, "h.json", {"puts_you_down": "often", "jealous": "sometimes"})
    r = onward("health", "--answers", answers, "--json")
    assert json.loads(r.out)["band"] == "some_signs"

    decision = {
        "criteria": ["safety", "feelings"],
        "pairs": [{"a": "safety", "b": "feelings", "winner": "safety", "strength": "much"}],
        "sure_before": {"sure": False},
        "sure_after": {"sure": True},
    }
    path = _file(tmp_path, "d.json", decision)
    out = json.loads(onward("decide", "--answers", path, "--json").out)
    assert out["weights"] == {"safety": 0.8333, "feelings": 0.1667}
    assert out["sure_before"]["score"] == 0 and out["sure_after"]["score"] == 1
    assert {r["status"] for r in out["ranking"]} == {"open"} and out["gates"] == []
    r = onward("decide", "--answers", path)
    assert "1. " in r.out and "Safety 83%" in r.out

    _init(onward)
    onward(
        "screen",
        "--answers",
        _file(tmp_path, "s.json", {"weapon": True}),
        "--save",
        secrets=[PASSPHRASE],
    )
    out = json.loads(
        onward("decide", "--answers", path, "--save", "--json", secrets=[PASSPHRASE]).out
    )
    status = {r["id"]: r["status"] for r in out["ranking"]}
    assert status["repair"] == "closed" and "repair_closed" in out["gates"]
    onward("health", "--answers", answers, "--save", secrets=[PASSPHRASE])
    history = json.loads(onward("decide", "--history", "--json", secrets=[PASSPHRASE]).out)
    assert len(history) == 1 and history[0]["ranking"][-1]["status"] == "closed"


def test_cli_helplines_are_sourced(onward_sqlite: Onward) -> None:
    # Every country is checked in tests/services/test_guide_library.py; here the CLI shape.
    assert {"GB", "US"} <= set(countries())
    for code in ["GB", "ZZ"]:
        r = onward_sqlite("helplines", "--country", code, "--json")
        data = json.loads(r.out)
        assert data["lines"] and data["emergency"]["source"], code
        assert all(line["source"] and line["checked"] for line in data["lines"]), code
        assert data["fallback"] is (code == "ZZ")
    r = onward_sqlite("helplines", "--country", "us", "--crisis")
    assert "988" in r.out


def test_cli_content_commands(onward_sqlite: Onward) -> None:
    r = onward_sqlite("content", "coverage", "--json")
    data = json.loads(r.out)
    assert set(data) == {"covered", "missing"}
    assert sorted(data["covered"] + data["missing"]) == sorted(seed_ids())
    assert not [s for s in data["missing"] if s.split(".")[0] in ("S0", "S3", "S4")]
    listed = json.loads(onward_sqlite("content", "list", "--situation", "helper", "--json").out)
    assert {"help-listening-and-what-to-avoid", "help-making-a-plan"} <= {i["id"] for i in listed}
    r = onward_sqlite("content", "show", "plan-no-permission-needed")
    assert r.out.startswith("You don't need their permission") and "Sources:" in r.out
    r = onward_sqlite("content", "show", "nope")
    assert r.code == 1 and "no guidance page" in r.err
    hits = json.loads(onward_sqlite("content", "search", "--json", stdin="broken record\n").out)
    assert hits[0]["id"] == "plan-saying-it-clearly" and "[broken]" in hits[0]["snippet"]


def test_cli_content_search_never_takes_words_on_argv(onward_sqlite: Onward) -> None:
    """R8: search words are content; the command refuses them in argv and says what to do."""
    r = onward_sqlite("content", "search", "broken", "record", "--json", stdin="x")
    assert r.code == 1 and r.out == ""
    assert "not taken on the command line" in r.err and "type them when asked" in r.err
    assert "broken" not in r.err  # the words are not echoed back either
    r = onward_sqlite("content", "search", stdin="  \n")
    assert r.code == 1 and "No search words were given" in r.err
    r = onward_sqlite("content", "search", stdin="word " * 300)
    assert r.code == 1 and "more than 1000 characters" in r.err
    r = onward_sqlite("content", "search", stdin="broken\nrecord\n")
    assert r.code == 0 and "plan-saying-it-clearly" in r.out
    help_text = onward_sqlite("content", "search", "--help").out
    assert re.search(r"search \[OPTIONS\] *\n", help_text) and "Arguments" not in help_text


def test_cli_content_search_asks_on_a_terminal(onward_sqlite: Onward) -> None:
    """On a terminal the words come from a prompt (a real pseudo-terminal here)."""
    argv = [sys.executable, "-m", "onward", "--data-dir", str(onward_sqlite.data_dir)]
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*argv, "content", "search", "--json"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=onward_sqlite.env,
            text=True,
        )
        os.write(leader, b"broken record\n")
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 0, err
    assert out.startswith("Words to look for: ")
    hits = json.loads(out.removeprefix("Words to look for: "))
    assert hits[0]["id"] == "plan-saying-it-clearly"


def test_cli_helper_needs_no_vault_and_stores_nothing(onward_sqlite: Onward) -> None:
    r = onward_sqlite("helper", "--country", "CA")
    assert r.code == 0 and "Helping a friend" in r.out and "Canada" in r.out
    assert "Nothing you do here is saved" in r.out
    assert not onward_sqlite.data_dir.exists()

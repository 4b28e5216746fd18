"""onward import | check | chats | timeline, run as a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE

EXPORTS = Path(__file__).parents[1] / "data" / "exports" / "whatsapp"
ANDROID = EXPORTS / "android-24h-dmy" / "WhatsApp Chat with Sam Taylor.txt"
BAD = EXPORTS / "bad-records" / "WhatsApp Chat with Sam.txt"
UNDECIDABLE = EXPORTS / "undecidable" / "WhatsApp Chat with Sam.txt"
SUMMARY_KEYS = [
    "format",
    "messages",
    "by_kind",
    "participants",
    "first",
    "last",
    "date_order",
    "date_order_rule",
    "warnings",
    "issues",
]


def test_check_json_has_exactly_the_documented_shape(onward_sqlite: Onward) -> None:
    r = onward_sqlite("check", "--json", stdin="I will kill you if you leave\nhello there\n")
    assert r.code == 0, r.err
    lines = [json.loads(line) for line in r.out.splitlines()]
    assert [sorted(x) for x in lines] == [["flags", "text"], ["flags", "text"]]
    assert lines[1] == {"text": "hello there", "flags": []}
    flag = lines[0]["flags"][0]
    assert sorted(flag) == ["category", "reason", "span"]
    assert flag["category"] == "threat" and isinstance(flag["reason"], str)
    start, end = flag["span"]
    assert "kill" in lines[0]["text"][start:end]
    assert not onward_sqlite.data_dir.exists()  # no vault was needed or made


def test_check_reads_a_file_and_prints_reasons(onward_sqlite: Onward, tmp_path: Path) -> None:
    messages = tmp_path / "m.txt"
    messages.write_text("hi\nI will kill you if you leave\n", encoding="utf-8")
    r = onward_sqlite("check", str(messages))
    assert r.code == 0 and r.out.startswith("line 2: threat")


def test_dry_run_json_summary_shape(onward_sqlite: Onward) -> None:
    r = onward_sqlite("import", str(BAD), "--dry-run", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert list(data) == SUMMARY_KEYS
    assert data["format"] == "whatsapp" and data["messages"] == 2
    assert [i["where"] for i in data["issues"]] == ["line 1", "line 4", "line 6"]
    assert not onward_sqlite.data_dir.exists()


def test_dry_run_jsonl_records(onward_sqlite: Onward) -> None:
    r = onward_sqlite("import", str(ANDROID), "--dry-run", "--jsonl", "--timezone", "UTC")
    assert r.code == 0, r.err
    records = [json.loads(line) for line in r.out.splitlines()]
    assert len(records) == 13
    assert all(list(x) == ["ts", "sender", "kind", "text"] for x in records)
    assert records[0]["sender"] is None and records[0]["kind"] == "system"
    assert records[1] == {
        "ts": "2021-03-14T08:01:00+00:00",
        "sender": "Sam Taylor",
        "kind": "text",
        "text": "Hi, are you home?",
    }


def test_undecidable_date_order_needs_the_option(onward_sqlite: Onward) -> None:
    r = onward_sqlite("import", str(UNDECIDABLE), "--dry-run", "--json")
    assert r.code == 1 and r.out == ""
    assert "Error:" in r.err and "--date-order" in r.err
    ok = onward_sqlite("import", str(UNDECIDABLE), "--dry-run", "--json", "--date-order", "MDY")
    assert ok.code == 0 and json.loads(ok.out)["date_order"] == "MDY"
    bad = onward_sqlite("import", str(UNDECIDABLE), "--dry-run", "--date-order", "XYZ")
    assert bad.code == 1 and "DMY, MDY or YMD" in bad.err


def test_unreadable_file_fails_with_a_clear_message(onward_sqlite: Onward, tmp_path: Path) -> None:
    r = onward_sqlite("import", str(tmp_path / "nope.txt"), "--dry-run")
    assert r.code == 1 and "could not find" in r.err


def test_import_chats_and_timeline(onward: Onward) -> None:
    assert onward("init", secrets=[PASSPHRASE]).code == 0
    r = onward("import", str(ANDROID), "--json", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    result = json.loads(r.out)
    assert (result["messages"], result["added"], result["duplicate"]) == (13, 13, False)
    chat_id = result["chats"][0]["id"]
    again = json.loads(onward("import", str(ANDROID), "--json", secrets=[PASSPHRASE]).out)
    assert again["duplicate"] and again["added"] == 0
    r = onward(
        "chats",
        "set",
        chat_id,
        "--me",
        "Alex Rivera",
        "--partner",
        "Sam Taylor",
        secrets=[PASSPHRASE],
    )
    assert r.code == 0 and "[partner]" in r.out
    listed = json.loads(onward("chats", "list", "--json", secrets=[PASSPHRASE]).out)
    assert listed[0]["mapped"] and listed[0]["item_id"] == chat_id
    r = onward("timeline", "--json", secrets=[PASSPHRASE])
    summary = json.loads(r.out)
    assert summary["messages"] == 5 and summary["figures"]["mapped"]  # 4 texts, 1 deleted
    text = onward("timeline", "--category", "pressure_to_meet", secrets=[PASSPHRASE])
    assert text.code == 0 and "flagged pressure_to_meet: 1" in text.out
    wrong = onward("chats", "set", chat_id, "--partner", "Robin", secrets=[PASSPHRASE])
    assert wrong.code == 1 and "Nobody called Robin" in wrong.err

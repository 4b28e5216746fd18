"""Telegram Desktop JSON: streaming, damage, limits, and record rules beyond the goldens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers import _jsonstream
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.telegram import json_export as telegram
from onward.model import Message, MessageKind

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports" / "telegram"
SENTINEL = "SENTINEL-91c2-telegram"


def parse_all(path: Path, options: ParseOptions | None = None) -> list[Message | ImportIssue]:
    return list(
        telegram.parse(path, options=options or ParseOptions(timezone="UTC"), report=ParseReport())
    )


def write_export(tmp_path: Path, messages: list[Any], name: str = "result.json") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"name": "X", "type": "personal_chat", "id": 1, "messages": messages})
    )
    return path


def test_telegram_tiny_read_chunks_give_the_same_records(monkeypatch: pytest.MonkeyPatch) -> None:
    path = EXPORTS / "all_chats" / "result.json"
    normal = parse_all(path)
    monkeypatch.setattr(_jsonstream, "CHUNK_CHARS", 7)
    assert parse_all(path) == normal


def test_telegram_record_larger_than_the_limit_stops_with_an_issue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_jsonstream, "CHUNK_CHARS", 64)
    monkeypatch.setattr(_jsonstream, "MAX_VALUE_CHARS", 500)
    ok = {"id": 1, "type": "message", "date_unixtime": "1709280900", "from": "A", "text": "short"}
    huge = {**ok, "text": "x" * 5000}
    items = parse_all(write_export(tmp_path, [ok, huge, ok]))
    assert isinstance(items[0], Message)
    assert isinstance(items[1], ImportIssue)
    assert len(items) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   ",
        b"[1, 2, 3]",
        b"not json at all",
        b'{"name": "x", "messages": [',
        b"\xff\xfe\x00",
    ],
)
def test_telegram_unreadable_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        parse_all(path)


def test_telegram_json_without_messages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text('{"about": "x", "contacts": {"list": []}}')
    with pytest.raises(ImportFileError, match="no Telegram messages"):
        parse_all(path)


def test_telegram_deeply_nested_record_is_damage_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    ok = '{"type": "message", "date_unixtime": "1709280900", "from": "A", "text": "fine"}'
    path.write_text('{"messages": [' + ok + ", " + "[" * 100_000 + "]" * 100_000 + "]}")
    items = parse_all(path)
    assert isinstance(items[0], Message)
    assert isinstance(items[-1], ImportIssue)


def test_telegram_file_over_size_limit_is_refused() -> None:
    with pytest.raises(ImportFileError, match="too large"):
        parse_all(EXPORTS / "single_chat" / "result.json", ParseOptions(max_bytes=100))


def test_telegram_issues_and_report_never_contain_message_text(tmp_path: Path) -> None:
    bad = {"id": 1, "type": "message", "date": SENTINEL, "from": "A", "text": SENTINEL}
    report = ParseReport()
    path = write_export(tmp_path, [bad, SENTINEL, {"text": SENTINEL}])
    items = list(telegram.parse(path, options=ParseOptions(), report=report))
    assert all(isinstance(item, ImportIssue) for item in items)
    assert SENTINEL not in repr(items) + repr(report)


def test_telegram_cut_off_export_keeps_what_came_before(tmp_path: Path) -> None:
    text = (EXPORTS / "single_chat" / "result.json").read_text()
    path = tmp_path / "result.json"
    path.write_text(text[: text.index('"id": 107')])
    items = parse_all(path)
    assert sum(isinstance(item, Message) for item in items) == 6
    assert isinstance(items[-1], ImportIssue)
    assert "cut off" in items[-1].reason


def test_telegram_export_folder_reads_its_result_json() -> None:
    assert telegram.detect(EXPORTS / "all_chats")
    assert parse_all(EXPORTS / "all_chats") == parse_all(EXPORTS / "all_chats" / "result.json")


@pytest.mark.parametrize(
    ("raw", "missed", "seconds"),
    [
        ({"discard_reason": "missed"}, True, None),
        ({"discard_reason": "busy"}, True, None),
        ({"discard_reason": "hangup"}, True, None),  # cancelled before anyone answered
        ({"discard_reason": "hangup", "duration_seconds": 5}, False, 5),
        ({"discard_reason": "disconnect", "duration_seconds": 300}, False, 300),
        ({"duration_seconds": True}, True, None),
    ],
)
def test_telegram_phone_call_missed_rule(
    raw: dict[str, Any], missed: bool, seconds: int | None, tmp_path: Path
) -> None:
    entry = {
        "type": "service",
        "action": "phone_call",
        "actor": "A",
        "date_unixtime": "1709280900",
        **raw,
    }
    [item] = parse_all(write_export(tmp_path, [entry]))
    assert isinstance(item, Message)
    assert (item.kind, item.call_missed, item.call_duration_s) == (
        MessageKind.CALL,
        missed,
        seconds,
    )


def test_telegram_detect_refuses_meta_and_other_json(tmp_path: Path) -> None:
    meta = tmp_path / "message_1.json"
    meta.write_text('{"participants": [], "messages": [{"sender_name": "a", "timestamp_ms": 1}]}')
    other = tmp_path / "package.json"
    other.write_text('{"name": "x", "version": "1.0.0"}')
    assert not telegram.detect(meta)
    assert not telegram.detect(other)
    assert not telegram.detect(tmp_path / "missing.json")
    assert not telegram.detect(tmp_path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
MESSAGE_KEYS = st.sampled_from(
    [
        "id",
        "type",
        "date",
        "date_unixtime",
        "from",
        "from_id",
        "text",
        "actor",
        "action",
        "duration_seconds",
        "discard_reason",
        "photo",
        "file",
        "file_name",
        "mime_type",
        "forwarded_from",
        "edited",
        "rich_message",
        "title",
        "members",
        "poll",
    ]
)
MESSAGES = st.lists(
    st.dictionaries(MESSAGE_KEYS, JSON_VALUES, max_size=8) | JSON_VALUES, max_size=6
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(messages=MESSAGES)
def test_telegram_any_json_records_give_messages_or_issues(
    tmp_path: Path, messages: list[Any]
) -> None:
    items = parse_all(write_export(tmp_path, messages))
    assert len(items) == len(messages)
    for item in items:
        if isinstance(item, Message):
            item.text.encode("utf-8")  # storable: no lone surrogates
            assert item.sender is None or isinstance(item.sender, str)

"""Meta's JSON (Messenger): mojibake, merging, dedupe, damage and limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers._meta_records import mojibake_fixer
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.facebook import json_export as facebook
from onward.model import Channel, Message, MessageKind

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports" / "facebook"
SENTINEL = "SENTINEL-3b8d-facebook"


def mojibake(text: str) -> str:
    """What Meta writes for ``text``: each UTF-8 byte as its own code point."""
    return text.encode("utf-8").decode("latin-1")


def write_thread(folder: Path, files: dict[str, list[Any]], title: str = "T") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, messages in files.items():
        data = {"participants": [{"name": "A"}], "title": title, "messages": messages}
        (folder / name).write_text(json.dumps(data))
    return folder


def parse_all(path: Path, options: ParseOptions | None = None) -> list[Message | ImportIssue]:
    return list(facebook.parse(path, options=options or ParseOptions(), report=ParseReport()))


@pytest.mark.parametrize(
    "text", ["Café ☕", "Grüße — 🙂", "日本語", "ascii only", "👩‍👩‍👧 family", "\u202eevil"]
)
def test_meta_mojibake_is_repaired_exactly(text: str) -> None:
    fix = mojibake_fixer({"messages": [{"content": mojibake(text)}]})
    assert fix(mojibake(text)) == text


def test_meta_string_that_does_not_round_trip_is_kept() -> None:
    fix = mojibake_fixer({"messages": [{"content": "caf\xe9"}]})  # latin-1 é, not UTF-8 bytes
    assert fix("caf\xe9") == "caf\xe9"


def test_meta_file_with_wide_characters_is_not_repaired() -> None:
    data = {"messages": [{"content": "“quoted”"}, {"content": "Ã© typed on purpose"}]}
    assert mojibake_fixer(data)("Ã© typed on purpose") == "Ã© typed on purpose"


def test_meta_overlapping_files_are_merged_and_deduplicated(tmp_path: Path) -> None:
    def msg(ms: int, text: str) -> dict[str, Any]:
        return {"sender_name": "A", "timestamp_ms": ms, "content": text}

    folder = write_thread(
        tmp_path / "inbox" / "a_1",
        {
            "message_1.json": [msg(5000, "e"), msg(4000, "d"), msg(3000, "c")],
            "message_2.json": [msg(3000, "c"), msg(2000, "b"), msg(2000, "b"), msg(1000, "a")],
        },
    )
    report = ParseReport()
    items = list(facebook.parse(folder, options=ParseOptions(), report=report))
    texts = [item.text for item in items if isinstance(item, Message)]
    # "c" was in both files: kept once. "b" twice in one file: both kept (two sends).
    assert texts == ["a", "b", "b", "c", "d", "e"]
    assert any("more than one file" in warning for warning in report.warnings)


def test_meta_message_10_sorts_after_message_9(tmp_path: Path) -> None:
    files = {
        f"message_{n}.json": [
            {"sender_name": "A", "timestamp_ms": 1000 * (20 - n), "content": str(n)}
        ]
        for n in range(1, 12)
    }
    folder = write_thread(tmp_path / "t", files)
    texts = [item.text for item in parse_all(folder) if isinstance(item, Message)]
    assert texts == [str(n) for n in range(11, 0, -1)]


def test_meta_folder_without_message_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"message_1\.json"):
        parse_all(tmp_path)


def test_meta_every_file_unusable_is_refused(tmp_path: Path) -> None:
    (tmp_path / "message_1.json").write_text("{")
    (tmp_path / "message_2.json").write_text("[]")
    with pytest.raises(ImportFileError):
        parse_all(tmp_path)


def test_meta_deeply_nested_file_is_refused_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "message_1.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportFileError):
        parse_all(path)


def test_meta_export_over_size_limit_is_refused() -> None:
    folder = (
        EXPORTS
        / "thread_merged"
        / "your_facebook_activity"
        / "messages"
        / "inbox"
        / "jordanvale_10158"
    )
    with pytest.raises(ImportFileError, match="too large"):
        parse_all(folder, ParseOptions(max_bytes=2000))


def test_meta_issues_and_report_never_contain_message_text(tmp_path: Path) -> None:
    folder = write_thread(
        tmp_path / "t",
        {
            "message_1.json": [
                {"sender_name": SENTINEL, "content": SENTINEL},
                SENTINEL,
                {"timestamp_ms": SENTINEL},
            ]
        },
    )
    report = ParseReport()
    items = list(facebook.parse(folder, options=ParseOptions(), report=report))
    assert len(items) == 3
    assert all(isinstance(item, ImportIssue) for item in items)
    assert SENTINEL not in repr(items) + repr(report)


def test_meta_calls_unsent_and_media_kinds() -> None:
    folder = (
        EXPORTS
        / "thread_merged"
        / "your_facebook_activity"
        / "messages"
        / "inbox"
        / "jordanvale_10158"
    )
    messages = [item for item in parse_all(folder) if isinstance(item, Message)]
    kinds = [item.kind for item in messages]
    assert kinds.count(MessageKind.CALL) == 2
    assert kinds.count(MessageKind.DELETED) == 1
    assert {item.channel for item in messages} == {Channel.FACEBOOK}
    missed = [item.call_missed for item in messages if item.kind is MessageKind.CALL]
    assert missed == [True, False]


def test_meta_detect_claims_files_and_folders_but_not_instagram() -> None:
    assert facebook.detect(EXPORTS / "single_file_bom" / "message_1.json")
    assert facebook.detect(EXPORTS / "damaged_part" / "inbox" / "jordanvale_10158")
    assert not facebook.detect(EXPORTS)
    instagram_thread = next((EXPORTS.parent / "instagram").rglob("message_1.json"))
    assert not facebook.detect(instagram_thread)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from(
    [
        "sender_name",
        "timestamp_ms",
        "content",
        "photos",
        "videos",
        "audio_files",
        "files",
        "gifs",
        "sticker",
        "share",
        "call_duration",
        "type",
        "is_unsent",
        "reactions",
    ]
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(messages=st.lists(st.dictionaries(KEYS, JSON_VALUES, max_size=6) | JSON_VALUES, max_size=6))
def test_meta_any_records_give_messages_or_issues(tmp_path: Path, messages: list[Any]) -> None:
    path = tmp_path / "message_1.json"
    path.write_text(json.dumps({"participants": [], "messages": messages}))
    items = parse_all(path)
    assert len(items) == len(messages)
    for item in items:
        if isinstance(item, Message):
            item.text.encode("utf-8")

"""The dry-run summary and the --jsonl record shape."""

from __future__ import annotations

import importlib
import json
import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onward.errors import ImportFileError
from onward.importers import summary
from onward.importers.base import ParseOptions
from onward.importers.summary import record_to_json, summarize
from onward.model import Message, MessageKind

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
WHATSAPP = "onward.importers.whatsapp.text_export"


@pytest.fixture(autouse=True)
def whatsapp_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for the WhatsApp importer only while its module does not exist yet."""
    try:
        importlib.import_module(WHATSAPP)
    except ModuleNotFoundError:
        stub = types.ModuleType(WHATSAPP)
        stub.SOURCE = "whatsapp"  # type: ignore[attr-defined]
        stub.VERSION = "0"  # type: ignore[attr-defined]
        stub.detect = lambda path: False  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, WHATSAPP, stub)


def test_summary_counts_a_telegram_export() -> None:
    result = summarize(
        EXPORTS / "telegram" / "single_chat" / "result.json", options=ParseOptions(timezone="UTC")
    )
    data = result.to_json_dict()
    assert list(data) == list(summary.SUMMARY_KEYS)
    assert data["format"] == "telegram"
    assert data["messages"] == 11
    assert data["by_kind"] == {"text": 6, "media": 2, "call": 2, "system": 1, "deleted": 0}
    assert data["participants"][0] == {"name": "Jordan Vale", "messages": 8}
    assert data["first"] == "2024-03-01T08:15:00+00:00"
    assert data["last"] == "2024-03-02T09:00:00+00:00"
    assert [issue["where"] for issue in data["issues"]] == ["messages[10]", "messages[11]"]
    assert (
        "1 message: edited after it was sent; the export holds the last version" in data["warnings"]
    )
    json.dumps(data)  # plain JSON values only


def test_summary_with_explicit_format_and_date_order_rule() -> None:
    result = summarize(
        EXPORTS / "csv" / "went_down" / "export.csv",
        fmt="csv",
        options=ParseOptions(timezone="UTC"),
    )
    assert (result.date_order, result.date_order_rule) == (
        "DMY",
        "the first date field goes down within a year",
    )


def test_summary_participants_leave_out_system_events() -> None:
    result = summarize(EXPORTS / "telegram" / "all_chats", options=ParseOptions())
    names = [p["name"] for p in result.participants]
    assert None not in names
    assert result.by_kind["system"] == 2


def test_summary_empty_export_has_no_first_or_last(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text('{"name": "x", "type": "personal_chat", "id": 1, "messages": []}')
    data = summarize(path, options=ParseOptions()).to_json_dict()
    assert (data["messages"], data["first"], data["last"], data["participants"]) == (
        0,
        None,
        None,
        [],
    )


def test_summary_lists_a_bounded_number_of_issues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "MAX_LISTED_ISSUES", 3)
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "x", "type": "personal_chat", "messages": ["bad"] * 10}))
    result = summarize(path, options=ParseOptions())
    assert len(result.issues) == 3
    assert "7 more problems were found but are not listed." in result.warnings


def test_summary_undetectable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00")
    with pytest.raises(ImportFileError):
        summarize(path, options=ParseOptions())


def test_record_to_json_shape() -> None:
    ts = datetime(2024, 3, 1, 8, 15, tzinfo=UTC)
    text = Message(ts=ts, sender="A", text="<script>x</script>")
    system = Message(ts=ts, sender=None, text="joined", kind=MessageKind.SYSTEM)
    assert record_to_json(text) == {
        "ts": "2024-03-01T08:15:00+00:00",
        "sender": "A",
        "kind": "text",
        "text": "<script>x</script>",
    }
    assert json.loads(json.dumps(record_to_json(system)))["sender"] is None

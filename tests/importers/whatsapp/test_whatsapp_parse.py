"""parse() and detect() behaviours beyond the golden files."""

from __future__ import annotations

import dataclasses
import tracemalloc
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onward.errors import DateOrderUndecidedError, ImportFileError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport, Res
from onward.importers.whatsapp import records, source, text_export
from onward.model import Attachment, Channel, Message, MessageKind

UTC_OPTIONS = ParseOptions(timezone="UTC")


def _write(tmp_path: Path, text: str, name: str = "WhatsApp Chat with Sam.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _parse(path: Path, options: ParseOptions = UTC_OPTIONS) -> tuple[list[Res], ParseReport]:
    report = ParseReport()
    return list(text_export.parse(path, options=options, report=report)), report


def _messages(items: list[Res]) -> list[Message]:
    return [item for item in items if isinstance(item, Message)]


def test_text_export_exposes_the_importer_contract() -> None:
    assert text_export.SOURCE == "whatsapp"
    assert text_export.VERSION
    assert callable(text_export.detect)
    assert callable(text_export.parse)


def test_new_message_builds_objects_equal_to_the_dataclass_constructor() -> None:
    values = (
        datetime(2024, 1, 5, 10, 0, tzinfo=UTC), "Sam", "hi", MessageKind.MEDIA, Channel.WHATSAPP,
        "Sam", "line 1", (Attachment("a.jpg", "image/jpeg", "00"),), None, True, None, ("w",),
    )  # fmt: skip
    fast = records.new_message(*values)
    assert fast == Message(*values)
    assert [f.name for f in dataclasses.fields(Message)] == list(records._FIELDS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


def test_new_message_falls_back_to_the_dataclass_when_the_model_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(records, "_FIELDS", (*records._FIELDS, "new_field"))
    assert records._message_constructor() is Message
    monkeypatch.undo()

    class Incompatible:
        def __init__(self, *values: object) -> None:
            raise TypeError("__class__ assignment: layouts differ")

    monkeypatch.setattr(records, "_MessageBuilder", Incompatible)
    assert records._message_constructor() is Message
    monkeypatch.setattr(records, "_MessageBuilder", lambda *values: values)
    assert records._message_constructor() is Message


def test_parse_date_order_option_overrides_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "13/01/21, 10:00 - Sam: hi\n")
    items, report = _parse(path, ParseOptions(timezone="UTC", date_order="MDY"))
    assert (report.date_order, report.date_order_rule) == (
        "MDY",
        "set by the person importing (date order option)",
    )
    assert items == [
        ImportIssue(path.name, "line 1", "the date is not a valid month-first date"),
    ]
    items, report = _parse(path)
    assert report.date_order == "DMY"
    assert _messages(items)[0].ts == datetime(2021, 1, 13, 10, 0, tzinfo=UTC)


def test_parse_undecidable_dates_raise_with_a_hint(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "3/4/21, 10:00 - Sam: hi\n3/4/21, 10:01 - Sam: 13/12/21 is not a header\n"
    )
    with pytest.raises(DateOrderUndecidedError) as caught:
        _parse(path)
    assert caught.value.hint is not None
    assert "--date-order" in caught.value.hint


def test_parse_never_puts_message_text_in_issues(tmp_path: Path) -> None:
    secret = "my secret address is 1 Main St"
    path = _write(
        tmp_path,
        f"{secret}\n13/01/21, 10:00 - Sam: ok\n31/02/21, 10:00 - Sam: {secret}\n{secret}\n"
        f"13/01/21, 25:00 - Sam: {secret}\n",
    )
    items, _ = _parse(path)
    issues = [item for item in items if isinstance(item, ImportIssue)]
    assert len(issues) == 3
    for issue in issues:
        assert issue.file == path.name
        assert issue.where.startswith("line ")
        assert "secret" not in issue.reason


def test_parse_conversation_comes_from_the_file_name(tmp_path: Path) -> None:
    body = "13/01/21, 10:00 - Sam: hi\n"
    names = {
        "WhatsApp Chat with Sam Taylor.txt": "Sam Taylor",
        "WhatsApp_Chat_with_Sam_Taylor.txt": "Sam Taylor",
        "WhatsApp Chat - Jordan.txt": "Jordan",
        "export.txt": "export",
    }
    for name, conversation in names.items():
        (message,) = _messages(_parse(_write(tmp_path, body, name))[0])
        assert message.conversation == conversation
        assert message.channel is Channel.WHATSAPP


def test_parse_header_went_back_is_flagged_but_kept(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "14/01/21, 10:00 - Sam: a\n14/01/21, 09:55 - Sam: b\n14/01/21, 09:54 - Sam: c\n"
        "13/01/21, 10:00 - Alex: pasted?\n14/01/21, 10:01 - Sam: d\n",
    )
    messages = _messages(_parse(path)[0])
    assert [m.warnings for m in messages] == [(), (), (), ("header_went_back",), ()]
    assert [m.source_ref for m in messages] == ["line 1", "line 2", "line 3", "line 4", "line 5"]


def test_parse_report_counts_warnings_and_notes_the_zone(tmp_path: Path) -> None:
    path = _write(tmp_path, "14/01/21, 10:00 - Sam: a\n13/01/21, 10:00 - Sam: b\n")
    _, report = _parse(path)
    assert report.warnings == [
        "Times in this export carry no time zone; they were read as UTC.",
        "header_went_back: 1 message, first on line 2",
    ]
    assert report.date_order_rule == "a first number above 12 on line 1 means day-first"


def test_parse_keeps_text_exactly(tmp_path: Path) -> None:
    text = "  spaced \u200e ﬁ ½ Ａ\u00a0e\u0301 👩\u200d❤\ufe0f\u200d👨 \t"
    path = _write(tmp_path, f"14/01/21, 10:00 - Sam: {text}\r\nsecond\r\n\r\n")
    (message,) = _messages(_parse(path)[0])
    assert message.text == f"{text}\nsecond\n"


def test_parse_reads_utf16_exports(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes("14/01/21, 10:00 - Sam: grüß dich\n".encode("utf-16"))
    (message,) = _messages(_parse(path)[0])
    assert message.text == "grüß dich"


def test_parse_refuses_empty_and_foreign_files(tmp_path: Path) -> None:
    for content in (b"", b"\x00\x01\x02", b"just a note\n"):
        path = tmp_path / "chat.txt"
        path.write_bytes(content)
        with pytest.raises(ImportFileError):
            _parse(path)
        assert not text_export.detect(path)
    assert not text_export.detect(tmp_path / "missing.txt")


def test_parse_refuses_devices_and_folders(tmp_path: Path) -> None:
    for path in (Path("/dev/zero"), tmp_path):
        with pytest.raises(ImportFileError):
            _parse(path)
        assert not text_export.detect(path)


def test_parse_refuses_files_over_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "14/01/21, 10:00 - Sam: hi\n" * 10)
    with pytest.raises(ImportFileError, match="size limit"):
        _parse(path, ParseOptions(timezone="UTC", max_bytes=100))


def test_parse_refuses_a_line_longer_than_any_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "MAX_LINE_BYTES", 64)
    monkeypatch.setattr(source, "_READ_CHUNK", 16)
    for size in (200, *range(65, 81)):  # found inside a read, or in the read where it ends
        long_line = "x" * size
        path = _write(tmp_path, "14/01/21, 10:00 - Sam: hi\n" + long_line + "\n")
        with pytest.raises(ImportFileError, match="far longer"):
            _parse(path)
    path = _write(tmp_path, "14/01/21, 10:00 - Sam: hi\n" + "x" * 60 + "\n")
    assert _messages(_parse(path)[0])[0].text == "hi\n" + "x" * 60


def test_parse_turns_an_overlong_message_into_an_issue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "MAX_RECORD_CHARS", 50)
    body = (
        "14/01/21, 10:00 - Sam: hi\n" + "twenty characters...\n" * 5 + "14/01/21, 10:01 - Sam: ok\n"
    )
    items, _ = _parse(_write(tmp_path, body))
    assert isinstance(items[0], ImportIssue)
    assert items[0].where == "line 1"
    assert "longer than WhatsApp allows" in items[0].reason
    assert isinstance(items[1], Message)
    assert items[1].text == "ok"


def test_parse_invalid_time_zone_is_refused_up_front(tmp_path: Path) -> None:
    path = _write(tmp_path, "14/01/21, 10:00 - Sam: hi\n")
    with pytest.raises(ImportFileError, match="time zone"):
        _parse(path, ParseOptions(timezone="Nowhere/Else"))


def test_parse_closes_the_file_when_the_consumer_stops_early(tmp_path: Path) -> None:
    path = _write(tmp_path, "14/01/21, 10:00 - Sam: hi\n" * 5)
    iterator = text_export.parse(path, options=UTC_OPTIONS, report=ParseReport())
    assert isinstance(next(iterator), Message)
    assert isinstance(iterator, types.GeneratorType)
    iterator.close()  # runs the generator's cleanup: no ResourceWarning (warnings are errors)


def test_parse_memory_stays_flat_while_streaming(tmp_path: Path) -> None:
    filler = "x" * 100
    lines = "".join(f"14/01/21, 10:{i % 60:02d} - Sam: {i} {filler}\n" for i in range(10_000))
    path = _write(tmp_path, lines)
    tracemalloc.start()
    try:
        count = sum(1 for _ in text_export.parse(path, options=UTC_OPTIONS, report=ParseReport()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < path.stat().st_size / 4  # the file is never held whole


def test_detect_reads_only_the_start_of_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "\n" * 25 + "14/01/21, 10:00 - Sam: hi\n")
    assert not text_export.detect(path)
    path = _write(tmp_path, "\ufeff14/01/21, 10:00 - Sam: hi\n")
    assert text_export.detect(path)

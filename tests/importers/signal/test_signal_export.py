"""signal-export output: body clean-up, calls, folders, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers import _common
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.signal import export as signal
from onward.importers.signal._body import call_details, split_markdown
from onward.model import Attachment, Message

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports" / "signal"
SENTINEL = "SENTINEL-0e4f-signal"


def parse_all(path: Path, options: ParseOptions | None = None) -> list[Message | ImportIssue]:
    return list(
        signal.parse(path, options=options or ParseOptions(timezone="UTC"), report=ParseReport())
    )


@pytest.mark.parametrize(
    ("first", "rest", "text", "names"),
    [
        ("plain  ", [""], "plain", []),
        ("two trailing  kept inside  ", [""], "two trailing  kept inside", []),
        ("multi", ["line  ", ""], "multi\nline", []),
        (
            "caption  ![a.jpg](./media/a.jpg)  [b.pdf](./media/b.pdf)  ",
            [""],
            "caption",
            ["media/a.jpg", "media/b.pdf"],
        ),
        (
            "  [sticker](../exported_stickers/p/1.webp)  ",
            [""],
            "",
            ["../exported_stickers/p/1.webp"],
        ),
        ("liked  ", ["(- A: 👍, B: ❤ -)", ""], "liked", []),
        ("text ending in a ](link)  ", [""], "text ending in a ](link)", []),
        ("[not a link at the end] words  ", [""], "[not a link at the end] words", []),
    ],
)
def test_signal_markdown_body_loses_only_what_signal_export_added(
    first: str, rest: list[str], text: str, names: list[str]
) -> None:
    body = split_markdown(first, rest)
    assert body.text == text
    assert body.attachments == tuple(Attachment(name=name) for name in names)


def test_signal_quote_is_removed_with_a_warning() -> None:
    body = split_markdown("", ["", "> quoted", "> more", "", "answer  ", ""])
    assert body.text == "answer"
    assert body.warnings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Missed voice call", (True, True, None)),
        ("Incoming video call (accepted, 1m 5s)", (True, False, 65)),
        ("Outgoing call (accepted, 42s)", (True, False, 42)),
        ("Incoming voice call (declined)", (True, True, None)),
        ("Outgoing voice call (declined by recipient)", (True, True, None)),
        ("Missed voice call, call me back", (False, False, None)),
        ("I missed your call", (False, False, None)),
    ],
)
def test_signal_call_labels(text: str, expected: tuple[bool, bool, int | None]) -> None:
    assert call_details(text) == expected


def test_signal_file_with_any_name_can_be_parsed_when_chosen(tmp_path: Path) -> None:
    path = tmp_path / "my-signal-chat.md"
    path.write_text("[2024-03-01 09:15:00] A: hello  \n\n")
    assert not signal.detect(path)
    [item] = parse_all(path)
    assert isinstance(item, Message)
    assert item.text == "hello"


def test_signal_crlf_file_keeps_lone_carriage_returns(tmp_path: Path) -> None:
    path = tmp_path / "chat.md"
    path.write_bytes(b"[2024-03-01 09:15:00] A: one\rtwo  \r\nthree  \r\n\r\n")
    [item] = parse_all(path)
    assert isinstance(item, Message)
    assert item.text == "one\rtwo  \nthree"


def test_signal_overlong_line_is_an_issue_not_a_memory_hog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_common, "MAX_LINE_CHARS", 100)
    path = tmp_path / "chat.md"
    path.write_text(
        "[2024-03-01 09:15:00] A: ok  \n\n" + "x" * 1000 + "\n[2024-03-01 09:16:00] A: next  \n\n"
    )
    items = list(signal.parse(path, options=ParseOptions(timezone="UTC"), report=ParseReport()))
    assert [type(item).__name__ for item in items].count("ImportIssue") == 1
    assert [item.text for item in items if isinstance(item, Message)] == ["ok", "next"]


def test_signal_detect_survives_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("[" * 5000 + "\n" + "{" * 5000)
    assert not signal.detect(path)
    assert all(isinstance(item, ImportIssue) for item in parse_all(path))


def test_signal_folder_without_export_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    assert not signal.detect(tmp_path)
    with pytest.raises(ImportFileError, match="signal-export"):
        parse_all(tmp_path)


def test_signal_export_over_size_limit_is_refused() -> None:
    with pytest.raises(ImportFileError, match="too large"):
        parse_all(EXPORTS / "markdown" / "Jordan Vale", ParseOptions(max_bytes=100))


def test_signal_issues_and_report_never_contain_message_text(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(
        f'{{"date": "{SENTINEL}", "sender": "{SENTINEL}", "body": "{SENTINEL}"}}\n{SENTINEL}\n'
    )
    md = tmp_path / "chat.md"
    md.write_text(f"{SENTINEL}\n[2024-02-30 10:00:00] {SENTINEL}: {SENTINEL}\n")
    report = ParseReport()
    items = [
        *signal.parse(path, options=ParseOptions(), report=report),
        *signal.parse(md, options=ParseOptions(), report=report),
    ]
    assert len(items) == 4
    assert all(isinstance(item, ImportIssue) for item in items)
    assert SENTINEL not in repr(items) + repr(report)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(["[2024-03-01 09:15:00] A: x  ", "", "> q", "(- A: b -)"]),
        ),
        max_size=12,
    )
)
def test_signal_any_markdown_gives_messages_or_issues(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "chat.md"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    for item in parse_all(path):
        if isinstance(item, Message):
            item.text.encode("utf-8")

"""Header layouts and message classification."""

from __future__ import annotations

import pytest

from onward.importers.whatsapp.formats import (
    TEXT,
    classify,
    classify_event,
    is_author,
    layout_of,
)
from onward.model import MessageKind

LRM, NBSP, NNBSP = "\u200e", "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("line", "groups"),
    [
        ("12/31/23, 9:05 PM - Sam: hi\n", ("12/31/23", "9:05 PM", "", "", "Sam: hi")),
        ("\ufeff12/31/23, 9:05 PM - Sam: hi", ("12/31/23", "9:05 PM", "", "", "Sam: hi")),
        (f"12/31/23, 9:05{NNBSP}PM - Sam: hi", ("12/31/23", f"9:05{NNBSP}PM", "", "", "Sam: hi")),
        ("31/12/2023, 21:05 - Sam: hi\n", ("31/12/2023", "21:05", "", "", "Sam: hi")),
        ("[31.12.23, 21:05:07] Sam: hi\n", ("31.12.23", "21:05", "07", "", "Sam: hi")),
        (
            f"{LRM}[31.12.23, 21:05:07] Sam: {LRM}image omitted",
            ("31.12.23", "21:05", "07", "", f"Sam: {LRM}image omitted"),
        ),
        ("[12/24/23, 9:05:00 PM] Sam: hi", ("12/24/23", "9:05", "00", " PM", "Sam: hi")),
        ("[2018/06/13 21:25:15] Sam: hi\n", ("2018/06/13", "21:25", "15", "", "Sam: hi")),
        ("24.12.2023 klo 21.05 - Sam: hi\n", ("24.12.2023", "21.05", "", "", "Sam: hi")),
        ("24/12/2023 à 21:05 - Sam: hi\n", ("24/12/2023", "21:05", "", "", "Sam: hi")),
        (
            f"24/12/2023, 9:05{NBSP}p.{NBSP}m. - Sam: hi",
            ("24/12/2023", f"9:05{NBSP}p.{NBSP}m.", "", "", "Sam: hi"),
        ),
        ("24/12/2023, 9:05 a. m. - Sam: hi", ("24/12/2023", "9:05 a. m.", "", "", "Sam: hi")),
        (
            f"2023-12-24, 9:05{NNBSP}p.m. - Sam: hi",
            ("2023-12-24", f"9:05{NNBSP}p.m.", "", "", "Sam: hi"),
        ),
        ("13. 6. 2018. 21:25:15 - Sam: hi", ("13. 6. 2018.", "21:25", "15", "", "Sam: hi")),
        ("13.06.18 21.25.15: Sam: hi\n", ("13.06.18", "21.25", "15", "", "Sam: hi")),
        (
            "3/4/21, 10:00 - You blocked this contact.\r\n",
            ("3/4/21", "10:00", "", "", "You blocked this contact.\r"),
        ),
    ],
)
def test_layout_of_reads_every_documented_header_layout(line: str, groups: tuple[str, ...]) -> None:
    layout = layout_of(line)
    assert layout is not None
    m = layout.regex.match(line)
    assert m is not None
    assert m.groups() == groups


@pytest.mark.parametrize(
    "line",
    [
        "hello there\n",
        "12/31/23 is the date\n",
        "[12/31/23, 9:05 PM - Sam: mixed brackets\n",
        "12/31/23, 9:05 PM] Sam: mixed brackets\n",
        "",
    ],
)
def test_layout_of_rejects_lines_that_are_no_header(line: str) -> None:
    assert layout_of(line) is None


def test_layout_regex_keeps_other_layouts_in_the_body() -> None:
    android = layout_of("12/31/23, 9:05 PM - Sam: hi")
    assert android is not None
    assert android.regex.match("[31.12.23, 21:05:07] Sam: pasted") is None
    assert android.regex.match("31/12/23, 21:05 - Sam: pasted 24 h") is None
    assert android.regex.match("12/31/23, 9:05 pm - Sam: same layout, lower case") is None
    assert android.regex.match("1/2/24, 10:00 AM - Sam: same layout") is not None
    ios = layout_of("[31.12.23, 21:05:07] Sam: hi")
    assert ios is not None
    assert ios.regex.match("[31.12.23, 21:05:61] Sam: no such second") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<Media omitted>", MessageKind.MEDIA),
        (f"{LRM}image omitted", MessageKind.MEDIA),
        ("GIF omitted", MessageKind.MEDIA),
        ("<media omitted>", MessageKind.MEDIA),
        ("<Mídia omitida>", MessageKind.MEDIA),
        ("This message was deleted", MessageKind.DELETED),
        (f"{LRM}You deleted this message.", MessageKind.DELETED),
        ("Se eliminó este mensaje", MessageKind.DELETED),
        (f"{LRM}Missed voice call", MessageKind.CALL),
        (f"{LRM}Missed video call, {LRM}Tap to call back", MessageKind.CALL),
        (f"{LRM}Messages and calls are end-to-end encrypted.", MessageKind.SYSTEM),
        (f"{LRM}Alex added Sam", MessageKind.SYSTEM),
        ("Alex added Sam", MessageKind.TEXT),  # unmarked text from a person stays text
        ("<b>not media</b>", MessageKind.TEXT),
        (f"{LRM}Location: https://maps.example", MessageKind.TEXT),
        ("This message was deleted by me, honestly", MessageKind.TEXT),
    ],
)
def test_classify_reads_the_first_line_of_a_message(text: str, kind: MessageKind) -> None:
    assert classify(text).kind is kind


def test_classify_names_attachments() -> None:
    ios = classify(f"{LRM}<attached: 00000012-PHOTO-2021-03-14-08-10-00.jpg>")
    assert (ios.kind, ios.attachment) == (
        MessageKind.MEDIA,
        "00000012-PHOTO-2021-03-14-08-10-00.jpg",
    )
    android = classify("IMG-20210314-WA0001.jpg (file attached)")
    assert (android.kind, android.attachment) == (MessageKind.MEDIA, "IMG-20210314-WA0001.jpg")
    assert classify("see (file attached)").attachment == "see"
    assert classify("(file attached)") is TEXT


def test_classify_marks_missed_calls() -> None:
    call = classify(f"{LRM}Missed video call")
    assert call.call_missed is True
    assert classify_event("Missed voice call").kind is MessageKind.CALL
    assert classify_event("Alex left").kind is MessageKind.SYSTEM


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("Sam Taylor", True),
        ("+49 151 1234567", True),
        ('Sam "the rock" Taylor', True),
        ('Sam Taylor created group "Plans', False),
        ("Sam changed the subject from “Plans", False),
        ('Sam changed the group name from "A', False),
        ("x" * 101, False),
        ("", False),
        (f"{LRM}Sam", False),
    ],
)
def test_is_author_tells_names_from_quoted_group_events(candidate: str, expected: bool) -> None:
    assert is_author(candidate) is expected

"""Messages chat.db: databases built here, with the real table and column names."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import sqlite3
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.imessage import chat_db
from onward.importers.imessage._rows import apple_time
from onward.model import Message

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "exports" / "imessage"
UPDATE = os.environ.get("ONWARD_UPDATE_GOLDEN") == "1"
APPLE_EPOCH_UNIX = 978_307_200  # 2001-01-01T00:00:00Z
SENTINEL = "SENTINEL-7f3a-imessage"
SQL_INTS = st.integers(min_value=-(2**63), max_value=2**63 - 1)

MODERN_SCHEMA = """
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL,
  country TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
  style INTEGER, state INTEGER, account_id TEXT, properties BLOB, chat_identifier TEXT,
  service_name TEXT, room_name TEXT, display_name TEXT, group_id TEXT);
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
  text TEXT, replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0,
  subject TEXT, attributedBody BLOB, version INTEGER DEFAULT 0, type INTEGER DEFAULT 0,
  service TEXT, account TEXT, date INTEGER, date_read INTEGER, date_delivered INTEGER,
  is_from_me INTEGER DEFAULT 0, item_type INTEGER DEFAULT 0, group_title TEXT,
  group_action_type INTEGER DEFAULT 0, associated_message_guid TEXT,
  associated_message_type INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0,
  date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0);
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0,
  PRIMARY KEY (chat_id, message_id));
CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
  created_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT,
  transfer_name TEXT, total_bytes INTEGER DEFAULT 0);
CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID)
  ON DELETE CASCADE, attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE,
  UNIQUE(message_id, attachment_id));
"""

LEGACY_SCHEMA = """
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL,
  service TEXT NOT NULL);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
  chat_identifier TEXT, service_name TEXT, display_name TEXT);
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
  text TEXT, handle_id INTEGER DEFAULT 0, service TEXT, date INTEGER, is_from_me INTEGER DEFAULT 0);
CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);
"""


def typedstream_blob(text: str, string_class: bytes = b"NSString") -> bytes:
    """An attributedBody as Messages archives it: NSAttributedString > NSString + attributes."""
    payload = text.encode("utf-8")
    size = len(payload)
    if size < 0x80:
        length = bytes([size])
    elif size < 0x8000:
        length = b"\x81" + size.to_bytes(2, "little")
    else:
        length = b"\x82" + size.to_bytes(4, "little")
    head = (
        b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00"
        b"\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84"
        + bytes([len(string_class)])
        + string_class
        + b"\x01\x94\x84\x01+"
    )
    attributes = (
        b"\x86\x84\x02iI\x01\x01\x92\x84\x84\x84\x0cNSDictionary\x00\x94\x84\x01i\x01\x92"
        b"\x84\x96\x96\x1d__kIMMessagePartAttributeName\x86\x92\x84\x84\x84\x08NSNumber\x00"
        b"\x84\x84\x07NSValue\x00\x94\x84\x01*\x84\x99\x99\x00\x86\x86\x86"
    )
    return head + length + payload + attributes


def apple_ns(iso: str) -> int:
    """Nanoseconds since 2001-01-01 UTC for an ISO 8601 UTC time."""
    unix = int(datetime.fromisoformat(iso).timestamp())
    return (unix - APPLE_EPOCH_UNIX) * 1_000_000_000


def build_modern(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(MODERN_SCHEMA)
    conn.executemany(
        "INSERT INTO handle (ROWID, id, service) VALUES (?, ?, ?)",
        [
            (1, "+447700900456", "iMessage"),
            (2, "jordan@example.org", "iMessage"),
            (3, "+447700900789", "SMS"),
        ],
    )
    conn.executemany(
        "INSERT INTO chat (ROWID, guid, chat_identifier, service_name, display_name)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (1, "iMessage;-;+447700900456", "+447700900456", "iMessage", ""),
            (2, "iMessage;+;chat842001", "chat842001", "iMessage", "Family"),
            (3, "SMS;-;+447700900789", "+447700900789", "SMS", ""),
        ],
    )
    rows: list[tuple[Any, ...]] = [
        # ROWID, text, attributedBody, handle, service, date, from_me, item_type, title,
        # tapback, has_att, retracted, edited, chat
        (
            1,
            "Where are you?",
            None,
            1,
            "iMessage",
            apple_ns("2024-03-01T08:15:00"),
            0,
            0,
            None,
            0,
            0,
            0,
            0,
            1,
        ),
        (
            2,
            None,
            typedstream_blob("Only in attributedBody 😡 <b>bold?</b>"),
            1,
            "iMessage",
            apple_ns("2024-03-01T08:16:00"),
            0,
            0,
            None,
            0,
            0,
            0,
            0,
            1,
        ),
        (
            3,
            "I'm not answering.",
            None,
            0,
            "iMessage",
            apple_ns("2024-03-01T08:17:00"),
            1,
            0,
            None,
            0,
            0,
            0,
            0,
            1,
        ),
        (
            4,
            "\ufffc",
            None,
            1,
            "iMessage",
            apple_ns("2024-03-01T08:18:00"),
            0,
            0,
            None,
            0,
            1,
            0,
            0,
            1,
        ),
        (
            5,
            None,
            None,
            0,
            "iMessage",
            apple_ns("2024-03-01T08:19:00"),
            0,
            2,
            "Family",
            0,
            0,
            0,
            0,
            2,
        ),
        (
            6,
            "Loved “I'm not answering.”",
            None,
            1,
            "iMessage",
            apple_ns("2024-03-01T08:20:00"),
            0,
            0,
            None,
            2000,
            0,
            0,
            0,
            1,
        ),
        (
            7,
            "",
            None,
            1,
            "iMessage",
            apple_ns("2024-03-01T08:21:00"),
            0,
            0,
            None,
            0,
            0,
            apple_ns("2024-03-01T08:22:00"),
            0,
            1,
        ),
        (
            8,
            "edited text",
            None,
            2,
            "iMessage",
            apple_ns("2024-03-01T08:23:00"),
            0,
            0,
            None,
            0,
            0,
            0,
            apple_ns("2024-03-01T08:24:00"),
            2,
        ),
        (
            9,
            "Text from a new number",
            None,
            3,
            "SMS",
            apple_ns("2024-03-01T08:25:00"),
            0,
            0,
            None,
            0,
            0,
            0,
            0,
            3,
        ),
        (10, "no date", None, 1, "iMessage", 0, 0, 0, None, 0, 0, 0, 0, 1),
        (
            11,
            None,
            b"\x04\x0bstreamtyped garbage",
            1,
            "iMessage",
            apple_ns("2024-03-01T08:26:00"),
            0,
            0,
            None,
            0,
            0,
            0,
            0,
            None,
        ),
        (
            12,
            None,
            typedstream_blob("x" * 300, b"NSMutableString"),
            2,
            "iMessage",
            apple_ns("2024-03-01T08:27:00"),
            0,
            0,
            None,
            0,
            0,
            0,
            0,
            2,
        ),
    ]
    for row in rows:
        *values, chat = row
        conn.execute(
            "INSERT INTO message (ROWID, guid, text, attributedBody, handle_id, service, date,"
            " is_from_me, item_type, group_title, associated_message_type, cache_has_attachments,"
            " date_retracted, date_edited)"
            " VALUES (?, 'guid-' || ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (values[0], values[0], *values[1:]),
        )
        if chat is not None:
            conn.execute("INSERT INTO chat_message_join VALUES (?, ?, 0)", (chat, values[0]))
    conn.executemany(
        "INSERT INTO attachment (ROWID, guid, filename, mime_type, transfer_name)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                1,
                "att-1",
                "~/Library/Messages/Attachments/ab/11/IMG_0001.HEIC",
                "image/heic",
                "IMG_0001.HEIC",
            ),
            (2, "att-2", None, None, "Audio Message.caf"),
        ],
    )
    conn.executemany("INSERT INTO message_attachment_join VALUES (?, ?)", [(4, 1), (4, 2)])
    conn.commit()
    conn.close()
    return path


def build_legacy(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(LEGACY_SCHEMA)
    conn.execute("INSERT INTO handle VALUES (1, '+15555550100', 'SMS')")
    conn.execute("INSERT INTO chat VALUES (1, 'SMS;-;+15555550100', '+15555550100', 'SMS', '')")
    seconds = int(datetime(2016, 5, 4, 3, 2, 1, tzinfo=UTC).timestamp()) - APPLE_EPOCH_UNIX
    conn.execute(
        "INSERT INTO message VALUES (1, 'g1', 'old style seconds', 1, 'SMS', ?, 0)", (seconds,)
    )
    conn.execute("INSERT INTO message VALUES (2, 'g2', 'reply', 0, 'SMS', ?, 1)", (seconds + 60,))
    conn.execute("INSERT INTO chat_message_join VALUES (1, 1)")
    conn.commit()
    conn.close()
    return path


BUILDERS = {"modern": build_modern, "legacy_seconds": build_legacy}


def parse_all(path: Path, options: ParseOptions | None = None) -> tuple[list[Any], ParseReport]:
    report = ParseReport()
    items = list(chat_db.parse(path, options=options or ParseOptions(), report=report))
    return items, report


def as_json(items: list[Message | ImportIssue], report: ParseReport) -> dict[str, Any]:
    records = [
        {"record": "issue" if isinstance(item, ImportIssue) else "message", **asdict(item)}
        for item in items
    ]
    data = {"report": asdict(report), "records": records}
    result: dict[str, Any] = json.loads(json.dumps(data, default=lambda value: value.isoformat()))
    return result


@pytest.mark.parametrize("variant", sorted(BUILDERS))
def test_imessage_golden_database_parses_to_snapshot(tmp_path: Path, variant: str) -> None:
    db = BUILDERS[variant](tmp_path / "chat.db")
    result = as_json(*parse_all(db))
    expected = GOLDEN / variant / "expected.json"
    if UPDATE:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(
            json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    assert result == json.loads(expected.read_text(encoding="utf-8"))


def test_imessage_database_is_left_byte_for_byte_unchanged(tmp_path: Path) -> None:
    db = build_modern(tmp_path / "chat.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    names_before = sorted(p.name for p in tmp_path.iterdir())
    assert chat_db.detect(db)
    parse_all(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names_before  # no -journal, -wal, -shm


def test_imessage_folder_holding_chat_db_is_accepted(tmp_path: Path) -> None:
    build_legacy(tmp_path / "chat.db")
    assert chat_db.detect(tmp_path)
    items, _ = parse_all(tmp_path)
    assert [m.text for m in items] == ["old style seconds", "reply"]


def test_imessage_wal_beside_database_is_warned_about(tmp_path: Path) -> None:
    db = build_legacy(tmp_path / "chat.db")
    (tmp_path / "chat.db-wal").write_bytes(b"\x00" * 32)
    _, report = parse_all(db)
    assert chat_db.WAL_WARNING in report.warnings


def test_imessage_path_with_uri_characters_opens(tmp_path: Path) -> None:
    folder = tmp_path / "odd ?#% name"
    folder.mkdir()
    db = build_legacy(folder / "chat.db")
    items, _ = parse_all(db)
    assert len(items) == 2


def test_imessage_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert not chat_db.detect(path)
    with pytest.raises(ImportFileError):
        parse_all(path)


def test_imessage_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    assert not chat_db.detect(path)
    with pytest.raises(ImportFileError):
        parse_all(path)


def test_imessage_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    db = build_legacy(tmp_path / "chat.db")
    with pytest.raises(ImportFileError, match="too large"):
        parse_all(db, ParseOptions(max_bytes=1024))


def test_imessage_issues_never_contain_message_text(tmp_path: Path) -> None:
    db = build_legacy(tmp_path / "chat.db")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO message VALUES (3, 'g3', ?, 1, 'SMS', NULL, 0)", (SENTINEL,))
    conn.commit()
    conn.close()
    items, report = parse_all(db)
    issues = [item for item in items if isinstance(item, ImportIssue)]
    assert issues
    assert SENTINEL not in repr(issues) + repr(report)


def test_imessage_invalid_utf8_text_is_replaced_with_a_warning(tmp_path: Path) -> None:
    db = build_legacy(tmp_path / "chat.db")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE message SET text = CAST(X'6869FF21' AS TEXT) WHERE ROWID = 1")
    conn.commit()
    conn.close()
    items, report = parse_all(db)
    assert items[0].text == "hi\ufffd!"
    assert report.warnings


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, None),
        (None, None),
        (473_650_000, "2016-01-05T01:26:40+00:00"),  # seconds (before macOS 10.13)
        (473_650_000_123_456_789, "2016-01-05T01:26:40.123456+00:00"),  # nanoseconds
        (-86_400, "2000-12-31T00:00:00+00:00"),
        (10**30, None),
        ("473650000", None),
    ],
)
def test_imessage_apple_time_detects_seconds_and_nanoseconds(
    value: object, expected: str | None
) -> None:
    result = apple_time(value)
    assert (result.isoformat() if result else None) == expected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(st.none(), st.text(max_size=20), st.binary(max_size=20), SQL_INTS),
    body=st.one_of(st.none(), st.binary(max_size=80), SQL_INTS),
    date=st.one_of(st.none(), SQL_INTS, st.floats(allow_nan=True), st.text(max_size=5)),
    flags=st.one_of(st.none(), SQL_INTS, st.text(max_size=3), st.floats()),
)
def test_imessage_odd_column_values_never_crash(
    tmp_path: Path, text: object, body: object, date: object, flags: object
) -> None:
    db = tmp_path / "fuzz.db"
    db.unlink(missing_ok=True)
    build_modern(db)
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE message SET text = ?, attributedBody = ?, date = ?, is_from_me = ?, item_type = ?,"
        " date_retracted = ?, associated_message_type = ?, handle_id = ? WHERE ROWID = 2",
        (text, body, date, flags, flags, flags, flags, flags),
    )
    conn.commit()
    conn.close()
    items, _ = parse_all(db)
    assert len(items) == 12


def test_imessage_corrupted_database_never_crashes(tmp_path: Path) -> None:
    """Byte flips anywhere (schema included) give records, issues or ImportFileError."""
    original = build_modern(tmp_path / "original.db").read_bytes()
    rng = random.Random(3)  # this seed once turned up undecodable SQLite error messages
    path = tmp_path / "chat.db"
    for _ in range(60):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path.write_bytes(bytes(damaged))
        assert chat_db.detect(path) in (True, False)
        with contextlib.suppress(ImportFileError):
            parse_all(path)

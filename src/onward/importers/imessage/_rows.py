"""SQL for chat.db and the conversion of one ``message`` row (see ``chat_db``)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from onward.importers._common import (
    BAD_TEXT_WARNING,
    EDITED_WARNING,
    SELF_SENDER,
    UNKNOWN_SENDER,
    clean_text,
    date_warnings,
    make_issue,
    note,
)
from onward.importers.base import ImportIssue, ParseReport, Res
from onward.importers.imessage.typedstream import decode_attributed_body
from onward.model import Attachment, Channel, Message, MessageKind

APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)  # Core Data / NSDate reference date
NANOSECONDS_ABOVE = 10**11  # a `date` above this counts nanoseconds (macOS 10.13 and later)
# message.service values that travel over the phone network rather than iMessage.
PHONE_SERVICES = frozenset({"SMS", "RCS"})
# message.item_type: 0 is an ordinary message; the others are events in the conversation.
ITEM_MESSAGE = 0
ITEM_MEMBERSHIP = 1  # someone added or removed (group_action_type says which)
ITEM_RENAMED = 2  # the new name is in group_title
ITEM_GROUP_EVENT = 3  # someone left, or the group photo changed
ITEM_LABELS = {
    ITEM_MEMBERSHIP: "participant added or removed",
    ITEM_RENAMED: "conversation renamed",
    ITEM_GROUP_EVENT: "group event (someone left, or the group photo changed)",
}
# associated_message_type: 2000-2005 add a tapback (love, like, dislike, laugh, emphasis,
# question), 3000-3005 remove one.
TAPBACK_TYPES = range(2000, 4000)
TAPBACK_WARNING = "a tapback reaction to another message"
UNDECODED_WARNING = "the text is stored in a form that could not be read"
OPTIONAL_COLUMNS = (
    "text",
    "attributedBody",
    "is_from_me",
    "handle_id",
    "service",
    "item_type",
    "group_title",
    "date_edited",
    "date_retracted",
    "associated_message_type",
)
ATTACHMENT_COLUMNS = ("filename", "transfer_name", "mime_type")


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    # table is one of our constants, never input
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}


def message_query(conn: sqlite3.Connection) -> str:
    """SELECT every message with its handle and chat, using the columns this version has."""
    columns = _columns(conn, "message")
    select = ["m.ROWID AS rowid_", "m.date AS date"] if "date" in columns else []
    if not select:
        return "SELECT NULL AS rowid_, NULL AS date WHERE 0"
    select += [f"m.{c} AS {c}" if c in columns else f"NULL AS {c}" for c in OPTIONAL_COLUMNS]
    joins = ""
    if "id" in _columns(conn, "handle") and "handle_id" in columns:
        select.append("h.id AS handle")
        joins = " LEFT JOIN handle h ON h.ROWID = m.handle_id"
    else:
        select.append("NULL AS handle")
    if {"chat_id", "message_id"} <= _columns(conn, "chat_message_join") and (
        "chat_identifier" in _columns(conn, "chat")
    ):
        select.append(
            "(SELECT c.chat_identifier FROM chat_message_join j JOIN chat c"
            " ON c.ROWID = j.chat_id WHERE j.message_id = m.ROWID"
            " ORDER BY c.ROWID LIMIT 1) AS chat"
        )
    else:
        select.append("NULL AS chat")
    return f"SELECT {', '.join(select)} FROM message m{joins} ORDER BY m.ROWID"


def load_attachments(conn: sqlite3.Connection) -> dict[int, list[Attachment]]:
    """Attachments by message ROWID (far fewer than messages, so held in memory)."""
    join = _columns(conn, "message_attachment_join")
    table = _columns(conn, "attachment")
    if not {"message_id", "attachment_id"} <= join or not table:
        return {}
    picked = ", ".join(f"a.{c}" if c in table else "NULL" for c in ATTACHMENT_COLUMNS)
    query = (
        f"SELECT j.message_id, {picked} FROM message_attachment_join j JOIN attachment a"
        " ON a.ROWID = j.attachment_id ORDER BY j.message_id, a.ROWID"
    )
    found: dict[int, list[Attachment]] = {}
    for message_id, filename, transfer_name, mime_type in conn.execute(query):
        name = next((v for v in (filename, transfer_name) if isinstance(v, str) and v), None)
        media_type = mime_type if isinstance(mime_type, str) else None
        attachment = Attachment(name=clean_text(name or "attachment")[0], media_type=media_type)
        if isinstance(message_id, int):
            found.setdefault(message_id, []).append(attachment)
    return found


def apple_time(value: object) -> datetime | None:
    """A UTC datetime from an Apple-epoch value in seconds or nanoseconds."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not value:
        return None
    try:
        if abs(value) > NANOSECONDS_ABOVE:
            return APPLE_EPOCH + timedelta(microseconds=int(value) // 1000)
        return APPLE_EPOCH + timedelta(seconds=value)
    except (OverflowError, ValueError):
        return None


def _set(value: object) -> bool:
    """True for a non-zero number (dates of edits and unsends are 0 when unset)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value != 0


def _text(row: sqlite3.Row) -> tuple[str, list[str]]:
    text = row["text"]
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    if isinstance(text, str):
        return text, []
    blob = row["attributedBody"]
    decoded = decode_attributed_body(blob) if isinstance(blob, bytes) else None
    if decoded is None:
        return "", ([UNDECODED_WARNING] if blob is not None else [])
    return decoded.text, ([BAD_TEXT_WARNING] if decoded.lossy else [])


def _kind(row: sqlite3.Row, attachments: list[Attachment]) -> tuple[MessageKind, str | None]:
    """The record's kind and, for events, a label to use when it has no text."""
    item_type = row["item_type"]
    if isinstance(item_type, int) and item_type != ITEM_MESSAGE:
        label = ITEM_LABELS.get(item_type, f"conversation event (type {item_type})")
        title = row["group_title"]
        if item_type == ITEM_RENAMED and isinstance(title, str) and title:
            label += f": {title}"
        return MessageKind.SYSTEM, label
    if _set(row["date_retracted"]):
        return MessageKind.DELETED, None
    return (MessageKind.MEDIA if attachments else MessageKind.TEXT), None


def convert(
    file: Path, row: sqlite3.Row, attachments: dict[int, list[Attachment]], report: ParseReport
) -> Res:
    """One message row as a Message, or an ImportIssue."""
    rowid = row["rowid_"]
    where = f"message ROWID {rowid}"
    ts = apple_time(row["date"])
    if ts is None:
        return make_issue(file, where, "the message has no readable date")
    own = attachments.get(rowid, []) if isinstance(rowid, int) else []
    kind, label = _kind(row, own)
    text, warnings = _text(row)
    if label is not None and not text:
        text = label
    if _set(row["date_edited"]):
        warnings.append(EDITED_WARNING)
    reaction = row["associated_message_type"]
    if isinstance(reaction, int) and reaction in TAPBACK_TYPES:
        warnings.append(TAPBACK_WARNING)
    outgoing = bool(row["is_from_me"])
    sender = None if kind is MessageKind.SYSTEM else _sender(row, outgoing)
    text, bad = clean_text(text)
    if bad and BAD_TEXT_WARNING not in warnings:
        warnings.append(BAD_TEXT_WARNING)
    if BAD_TEXT_WARNING in warnings:
        note(report, BAD_TEXT_WARNING)
    chat = row["chat"]
    return Message(
        ts=ts,
        sender=sender,
        text=text,
        kind=kind,
        channel=Channel.SMS if row["service"] in PHONE_SERVICES else Channel.IMESSAGE,
        conversation=clean_text(chat)[0] if isinstance(chat, str) else None,
        source_ref=where,
        attachments=tuple(own),
        outgoing=outgoing,
        warnings=tuple(warnings) + date_warnings(ts),
    )


def _sender(row: sqlite3.Row, outgoing: bool) -> str:
    if outgoing:
        return SELF_SENDER
    handle = row["handle"]
    return clean_text(handle)[0] if isinstance(handle, str) and handle else UNKNOWN_SENDER


def damaged(file: Path, count: int) -> ImportIssue:
    """The issue for a database that breaks part-way through."""
    return make_issue(
        file, f"after record {count}", "the database is damaged here; nothing after it was read"
    )

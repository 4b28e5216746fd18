"""Telegram Desktop's "Export chat history" / "Export Telegram data" in JSON.

How a person makes it: Telegram Desktop → open a chat → ⋮ → Export chat history, or
Settings → Advanced → Export Telegram data, and pick "Machine-readable JSON". The result is a
folder with ``result.json`` (plus photos/, files/, …). A single-chat export has the chat's
``name``, ``type``, ``id`` and ``messages`` at the top; an "all chats" export has
``personal_information`` and ``chats.list`` (and ``left_chats.list``), each entry a chat.

Decisions:

* The file is streamed (see ``_jsonstream``): one message is decoded at a time, so memory
  stays flat on multi-GB exports. A file damaged or cut off part-way yields the messages
  before the damage and then one ImportIssue; damage before the first message raises.
* Time: ``date_unixtime`` (UTC seconds) is preferred. Older exports only have ``date``, a
  wall time without zone: it is read in ``options.timezone`` or this computer's zone, and
  the report says so.
* Text: ``text`` is a string or a list of strings and entity objects; the entity texts are
  joined exactly, without added spaces. Newer exports may carry formatted text only in
  ``rich_message``; its blocks are flattened best-effort (one line per block, with a warning).
* Service entries: ``phone_call`` and ``group_call`` become CALL records with the caller
  (``actor``) as sender, ``duration_seconds`` and a missed flag (discarded as ``missed`` or
  ``busy``, or never connected). Every other service entry becomes a SYSTEM record with sender
  None, as the model requires; the actor is kept in the text ("pin_message by Alex"), since
  who did what (blocked, removed, pinned) can matter.
* Media: ``photo`` and ``file`` become Attachments named by their path in the export (or the
  original file name when the file was not downloaded); such records are MEDIA.
* ``outgoing`` is only known in "all chats" exports, which name their owner
  (``personal_information.user_id``); otherwise it is None.
* Forwarded and edited messages keep their text and carry a warning, as the sender did not
  write a forwarded text and an edited one may differ from what was first sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from onward.errors import ImportFileError
from onward.importers._common import (
    BAD_TEXT_WARNING,
    EDITED_WARNING,
    UNKNOWN_SENDER,
    check_size,
    clean_text,
    date_warnings,
    head_text,
    local_zone,
    make_issue,
    note,
    utc_from_unix,
)
from onward.importers._jsonstream import JsonStream, JsonStreamError
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.importers.telegram import _records
from onward.model import Channel, Message, MessageKind

SOURCE = "telegram"
VERSION = "1"

RESULT_FILE = "result.json"  # the file Telegram Desktop writes into the export folder
_CHAT_FIELDS = ("name", "type", "id")
_CHAT_LISTS = ("chats", "left_chats")  # "all chats" exports: {"about": …, "list": [chat, …]}
# Keys and chat "type" values that only Telegram Desktop's JSON export writes near its start.
_DETECT_MARKERS = (
    '"personal_information"',
    '"date_unixtime"',
    '"personal_chat"',
    '"saved_messages"',
    '"private_group"',
    '"private_supergroup"',
    '"public_supergroup"',
    '"private_channel"',
    '"public_channel"',
    '"bot_chat"',
)
_META_MARKERS = ('"timestamp_ms"', '"sender_name"')  # Messenger / Instagram, not Telegram


@dataclass(slots=True)
class _Context:
    path: Path
    options: ParseOptions
    report: ParseReport
    owner_id: str | None = None
    found_messages: bool = False
    bad_text: bool = False
    _zone: tzinfo | None = field(default=None)

    def zone(self) -> tzinfo:
        if self._zone is None:
            self._zone = local_zone(self.options, self.report)
        return self._zone


def _result_file(path: Path) -> Path:
    return path / RESULT_FILE if path.is_dir() else path


def detect(path: Path) -> bool:
    """True for a Telegram Desktop JSON export (the folder or its result.json)."""
    file = _result_file(path)
    if file.suffix.lower() != ".json":
        return False
    head = head_text(file)
    if not head.startswith("{") or any(marker in head for marker in _META_MARKERS):
        return False
    return any(marker in head for marker in _DETECT_MARKERS)


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield every message of every chat in the export, in file order."""
    report.parser_version = VERSION
    file = _result_file(path)
    check_size(file, options)
    ctx = _Context(path=file, options=options, report=report)
    try:
        fp = file.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError:
        raise ImportFileError("We could not open this file") from None
    with fp:
        yield from _guarded(JsonStream(fp), ctx)
    if ctx.bad_text:
        note(report, BAD_TEXT_WARNING)


def _guarded(stream: JsonStream, ctx: _Context) -> Iterator[Res]:
    count = 0
    try:
        for item in _walk_root(stream, ctx):
            count += 1
            yield item
    except JsonStreamError as exc:
        if count == 0:
            raise ImportFileError(
                "This file is not a readable Telegram export",
                hint="Export again from Telegram Desktop and choose 'Machine-readable JSON'.",
            ) from None
        yield make_issue(
            ctx.path,
            f"character {exc.offset}",
            "the file is damaged or cut off here; nothing after it was read",
        )
        return
    if not ctx.found_messages:
        raise ImportFileError(
            "This file has no Telegram messages",
            hint="Pick the result.json that Telegram Desktop wrote.",
        )


def _walk_root(stream: JsonStream, ctx: _Context) -> Iterator[Res]:
    if stream.peek() != "{":
        raise JsonStreamError("not a JSON object", stream.offset)
    chat: dict[str, Any] = {}
    for key in stream.members():
        if key == "messages" and stream.peek() == "[":
            yield from _walk_messages(stream, ctx, chat, "messages")
        elif key in _CHAT_LISTS and stream.peek() == "{":
            yield from _walk_chat_list(stream, ctx, key)
        elif key == "personal_information":
            ctx.owner_id = _owner_id(stream.value())
        elif key in _CHAT_FIELDS:
            chat[key] = stream.value()
        else:
            stream.value()


def _walk_chat_list(stream: JsonStream, ctx: _Context, name: str) -> Iterator[Res]:
    for key in stream.members():
        if key != "list" or stream.peek() != "[":
            stream.value()
            continue
        for index in stream.items():
            where = f"{name}.list[{index}]"
            if stream.peek() == "{":
                yield from _walk_chat(stream, ctx, where)
            else:
                stream.value()
                yield make_issue(ctx.path, where, "this entry is not a chat")


def _walk_chat(stream: JsonStream, ctx: _Context, where: str) -> Iterator[Res]:
    chat: dict[str, Any] = {}
    for key in stream.members():
        if key == "messages" and stream.peek() == "[":
            yield from _walk_messages(stream, ctx, chat, f"{where}.messages")
        elif key in _CHAT_FIELDS:
            chat[key] = stream.value()
        else:
            stream.value()


def _walk_messages(
    stream: JsonStream, ctx: _Context, chat: dict[str, Any], prefix: str
) -> Iterator[Res]:
    ctx.found_messages = True
    conversation = _conversation(chat)
    for index in stream.items():
        where = f"{prefix}[{index}]"
        yield _convert(stream.value(), ctx, conversation, where)


def _owner_id(info: Any) -> str | None:
    if isinstance(info, dict) and isinstance(info.get("user_id"), int | str):
        return f"user{info['user_id']}"  # messages name their author as from_id "user<id>"
    return None


def _conversation(chat: dict[str, Any]) -> str | None:
    for key in ("name", "type"):
        value = chat.get(key)
        if isinstance(value, str) and value:
            return clean_text(value)[0]
    return None


def _timestamp(raw: dict[str, Any], ctx: _Context) -> datetime | None:
    unix = raw.get("date_unixtime")
    if isinstance(unix, str | int) and not isinstance(unix, bool):
        try:
            return utc_from_unix(int(unix))
        except ValueError:
            pass
    date = raw.get("date")
    if isinstance(date, str):
        try:
            wall = datetime.fromisoformat(date)
        except ValueError:
            return None
        return wall if wall.tzinfo else wall.replace(tzinfo=ctx.zone())
    return None


def _convert(raw: Any, ctx: _Context, conversation: str | None, where: str) -> Res:
    if not isinstance(raw, dict):
        return make_issue(ctx.path, where, "this entry is not a message")
    ts = _timestamp(raw, ctx)
    if ts is None:
        return make_issue(ctx.path, where, "the message has no readable date")
    if raw.get("type") == "service":
        draft = _records.service(raw, ctx.owner_id)
    else:
        draft = _records.message(raw, ctx.owner_id)
    text, bad = clean_text(draft.text)
    sender = draft.sender if draft.kind is not MessageKind.SYSTEM else None
    if sender is not None:
        sender, bad_sender = clean_text(sender or UNKNOWN_SENDER)
        bad = bad or bad_sender
    warnings = list(draft.warnings) + list(date_warnings(ts))
    if "edited" in raw or "edited_unixtime" in raw:
        warnings.append(EDITED_WARNING)
    if bad:
        ctx.bad_text = True
        warnings.append(BAD_TEXT_WARNING)
    return Message(
        ts=ts,
        sender=sender,
        text=text,
        kind=draft.kind,
        channel=Channel.TELEGRAM,
        conversation=conversation,
        source_ref=where,
        attachments=draft.attachments,
        call_duration_s=draft.call_duration_s,
        call_missed=draft.call_missed,
        outgoing=draft.outgoing,
        warnings=tuple(warnings),
    )

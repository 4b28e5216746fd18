"""Read signal-export's chat.md and data.json line by line (see ``export``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO

from onward.importers._common import (
    BAD_TEXT_WARNING,
    SELF_SENDER,
    UNKNOWN_SENDER,
    clean_text,
    date_warnings,
    iter_lines,
    local_zone,
    make_issue,
    note,
)
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.importers.signal._body import (
    DELETED_BODY,
    NOT_EXPORTED_WARNING,
    QUOTE_WARNING,
    Body,
    call_details,
    split_markdown,
)
from onward.model import Attachment, Channel, Message, MessageKind

# "[2019-05-29 15:04:07] Name: text", or "[2019-05-29, 15:04] Name: text" (older versions).
HEADER = re.compile(
    r"\[(\d{4})-(\d{2})-(\d{2}),? (\d{2}):(\d{2})(?::(\d{2}))?\] ([^\n]+?): ?([^\n]*)"
)
NO_SENDER = "No-Sender"  # what signal-export writes when it cannot tell who sent a message
NO_SENDER_WARNING = "signal-export could not tell who sent this"
MAX_MESSAGE_LINES = 100_000  # a message longer than this is cut, with an issue
_JSON = json.JSONDecoder(strict=False)


@dataclass(slots=True)
class Context:
    """Per-import state: the time zone is looked up once, on first need."""

    options: ParseOptions
    report: ParseReport
    conversation: str | None = None  # the folder's name, set per file
    _zone: tzinfo | None = field(default=None)

    def zone(self) -> tzinfo:
        if self._zone is None:
            self._zone = local_zone(self.options, self.report)
        return self._zone


@dataclass(frozen=True, slots=True)
class _Kind:
    """What the file says a record is: deleted, a call (missed? how long?)."""

    deleted: bool = False
    call: bool = False
    missed: bool = False
    seconds: int | None = None


def _markdown_kind(text: str) -> _Kind:
    is_call, missed, seconds = call_details(text)
    return _Kind(deleted=text == DELETED_BODY, call=is_call, missed=missed, seconds=seconds)


def _message(
    ts: datetime,
    sender: str,
    body: Body,
    where: str,
    ctx: Context,
    flags: _Kind | None = None,
) -> Message:
    """Build the Message; the kind comes from ``flags`` or, for Markdown, from the text."""
    text, bad = clean_text(body.text)
    name, bad_name = clean_text(sender)
    warnings = list(body.warnings) + list(date_warnings(ts))
    if name == NO_SENDER:
        name = UNKNOWN_SENDER
        warnings.append(NO_SENDER_WARNING)
    if bad or bad_name:
        warnings.append(BAD_TEXT_WARNING)
        note(ctx.report, BAD_TEXT_WARNING)
    flags = flags or _markdown_kind(text)
    kind = MessageKind.MEDIA if body.attachments else MessageKind.TEXT
    if flags.deleted:
        kind = MessageKind.DELETED
    elif flags.call:
        kind = MessageKind.CALL
    return Message(
        ts=ts,
        sender=name,
        text=text,
        kind=kind,
        channel=Channel.SIGNAL,
        conversation=ctx.conversation,
        source_ref=where,
        attachments=body.attachments,
        call_duration_s=flags.seconds if flags.call else None,
        call_missed=flags.missed if flags.call else None,
        outgoing=name == SELF_SENDER,
        warnings=tuple(warnings),
    )


def _header_time(match: re.Match[str], ctx: Context) -> datetime | None:
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=ctx.zone())
    except ValueError:
        return None


def parse_markdown(fp: TextIO, file: Path, ctx: Context) -> Iterator[Res]:
    """Messages of one chat.md."""
    header: tuple[int, re.Match[str]] | None = None
    lines: list[str] = []
    for number, line in iter_lines(fp):
        match = HEADER.fullmatch(line) if line is not None else None
        if match is None:
            if line is None or header is None or len(lines) >= MAX_MESSAGE_LINES:
                yield make_issue(file, f"line {number}", "this line could not be read")
            else:
                lines.append(line)
            continue
        if header is not None:
            yield _finish(header, lines, file, ctx)
        header, lines = (number, match), []
    if header is not None:
        yield _finish(header, lines, file, ctx)


def _finish(
    header: tuple[int, re.Match[str]],
    lines: list[str],
    file: Path,
    ctx: Context,
) -> Res:
    number, match = header
    where = f"line {number}"
    ts = _header_time(match, ctx)
    if ts is None:
        return make_issue(file, where, "the date is not a real date")
    body = split_markdown(match.group(8), lines)
    return _message(ts, match.group(7), body, where, ctx)


def parse_jsonl(fp: TextIO, file: Path, ctx: Context) -> Iterator[Res]:
    """Messages of one data.json (one JSON object per line)."""
    for number, line in iter_lines(fp):
        where = f"line {number}"
        if line is not None and not line.strip():
            continue
        try:
            raw = _JSON.decode(line) if line is not None else None
        except (ValueError, RecursionError):
            raw = None
        yield _from_json(raw, file, where, ctx)


def _json_time(value: Any, ctx: Context) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        wall = datetime.fromisoformat(value)
    except ValueError:
        return None
    return wall if wall.tzinfo else wall.replace(tzinfo=ctx.zone())


def _json_body(raw: dict[str, Any]) -> Body:
    body = raw.get("body")
    text = body if isinstance(body, str) else ""
    if text.endswith("  "):
        text = text[:-2]
    warnings: list[str] = []
    if isinstance(raw.get("quote"), str) and raw["quote"].strip():
        warnings.append(QUOTE_WARNING)
    found: list[Attachment] = []
    items = raw.get("attachments")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        if item.get("missing_kind"):
            warnings.append(NOT_EXPORTED_WARNING)
            continue
        path, name = item.get("path"), item.get("name")
        target = path if isinstance(path, str) and path else name
        if isinstance(target, str) and target:
            found.append(Attachment(name=clean_text(target.removeprefix("./"))[0]))
    if isinstance(raw.get("sticker"), dict):
        found.append(Attachment(name="sticker"))
    return Body(text=text, attachments=tuple(found), warnings=tuple(warnings))


def _from_json(raw: Any, file: Path, where: str, ctx: Context) -> Res:
    if not isinstance(raw, dict):
        return make_issue(file, where, "this line is not a message record")
    ts = _json_time(raw.get("date"), ctx)
    if ts is None:
        return make_issue(file, where, "the message has no readable date")
    sender = raw.get("sender")
    body = _json_body(raw)
    flags = _Kind(
        deleted=raw.get("deleted") is True,
        call=raw.get("call") is True,
        missed=raw.get("missed") is True,
        seconds=call_details(body.text)[2],
    )
    name = sender if isinstance(sender, str) and sender else NO_SENDER
    return _message(ts, name, body, where, ctx, flags)

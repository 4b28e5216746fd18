"""Mojibake repair and record conversion for Meta's JSON export (see ``_meta_json``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from onward.importers._common import (
    BAD_TEXT_WARNING,
    UNKNOWN_SENDER,
    clean_text,
    date_warnings,
    make_issue,
    utc_from_unix_ms,
)
from onward.importers.base import Res
from onward.model import Attachment, Channel, Message, MessageKind

Fixer = Callable[[str], str]
# Lists of media objects, each with a "uri" relative to the download's root folder.
MEDIA_LISTS = ("photos", "videos", "audio_files", "gifs", "files")
STICKER = "sticker"  # one media object, not a list
CALL_TYPE = "Call"  # older exports mark calls with "type": "Call"
NO_SENDER_WARNING = "the export does not name the sender"
SHARE_WARNING = "a shared post or link without text; the text is the link's address"
# A character Meta's mojibake cannot produce (surrogates from unreadable bytes do not count).
_WIDE = re.compile("[\u0100-\ud7ff\ue000-\U0010ffff]")


def _strings(data: dict[str, Any]) -> Iterator[str]:
    """The strings the importer uses: title, participant names, and per message fields."""
    title = data.get("title")
    if isinstance(title, str):
        yield title
    for group in (data.get("participants"), data.get("messages")):
        if not isinstance(group, list):
            continue
        for item in group:
            if isinstance(item, dict):
                yield from (v for v in item.values() if isinstance(v, str))


def _repair(text: str) -> str:
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:  # not mojibake after all: keep it as written
        return text


def _keep(text: str) -> str:
    return text


def mojibake_fixer(data: dict[str, Any]) -> Fixer:
    """The repair for one file: none if any string already holds a character above U+00FF."""
    for text in _strings(data):
        if not text.isascii() and _WIDE.search(text):
            return _keep
    return _repair


def _attachments(raw: dict[str, Any], fix: Fixer) -> tuple[Attachment, ...]:
    objects: list[Any] = []
    for key in MEDIA_LISTS:
        value = raw.get(key)
        if isinstance(value, list):
            objects.extend(value)
    objects.append(raw.get(STICKER))
    found = []
    for obj in objects:
        if isinstance(obj, dict) and isinstance(obj.get("uri"), str) and obj["uri"]:
            found.append(Attachment(name=clean_text(fix(obj["uri"]))[0]))
    return tuple(found)


def _shared_link(raw: dict[str, Any]) -> str:
    share = raw.get("share")
    link = share.get("link") if isinstance(share, dict) else None
    return link if isinstance(link, str) else ""


def _call(raw: dict[str, Any]) -> tuple[bool, int | None]:
    """Whether the record is a call, and its duration in seconds."""
    duration = raw.get("call_duration")
    seconds = duration if isinstance(duration, int) and not isinstance(duration, bool) else None
    return ("call_duration" in raw or raw.get("type") == CALL_TYPE), seconds


def _kind(raw: dict[str, Any], attachments: tuple[Attachment, ...], is_call: bool) -> MessageKind:
    if raw.get("is_unsent") is True:
        return MessageKind.DELETED
    if is_call:
        return MessageKind.CALL
    return MessageKind.MEDIA if attachments else MessageKind.TEXT


def convert(
    raw: Any,
    path: Path,
    where: str,
    channel: Channel,
    conversation: str | None,
    fix: Fixer,
) -> Res:
    """One entry of ``messages`` as a Message, or an ImportIssue."""
    if not isinstance(raw, dict):
        return make_issue(path, where, "this entry is not a message")
    stamp = raw.get("timestamp_ms")
    if not isinstance(stamp, int) or isinstance(stamp, bool):
        return make_issue(path, where, "the message has no readable date")
    try:
        ts = utc_from_unix_ms(stamp)
    except ValueError:
        return make_issue(path, where, "the message date is out of range")
    warnings = list(date_warnings(ts))
    name = raw.get("sender_name")
    if not isinstance(name, str) or not name:
        name = UNKNOWN_SENDER
        warnings.append(NO_SENDER_WARNING)
    content = raw.get("content")
    if not isinstance(content, str):
        content = _shared_link(raw)
        if content:
            warnings.append(SHARE_WARNING)
    text, bad_text = clean_text(fix(content))
    sender, bad_name = clean_text(fix(name))
    if bad_text or bad_name:
        warnings.append(BAD_TEXT_WARNING)
    attachments = _attachments(raw, fix)
    is_call, seconds = _call(raw)
    return Message(
        ts=ts,
        sender=sender,
        text=text,
        kind=_kind(raw, attachments, is_call),
        channel=channel,
        conversation=conversation,
        source_ref=where,
        attachments=attachments,
        call_duration_s=seconds if is_call else None,
        call_missed=(not seconds) if is_call else None,
        warnings=tuple(warnings),
    )

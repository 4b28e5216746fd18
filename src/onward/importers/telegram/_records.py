"""Turn one decoded Telegram export entry into the parts of a Message (see json_export)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onward.importers._common import UNKNOWN_SENDER
from onward.model import Attachment, MessageKind

# Service actions that are calls (https://core.telegram.org/type/MessageAction names them
# messageActionPhoneCall / messageActionGroupCall; the export writes them in snake case).
CALL_ACTIONS = frozenset({"phone_call", "group_call"})
# discard_reason values of a call nobody picked up. "hangup" and "disconnect" also occur
# for answered calls; those count as missed only when no duration was recorded.
MISSED_REASONS = frozenset({"missed", "busy"})
# What Telegram Desktop writes in place of a path when media was not downloaded.
NOT_INCLUDED_PREFIX = "(File not included"
NOT_INCLUDED_WARNING = "an attached file was not included in the export"
FORWARDED_WARNING = "forwarded from elsewhere; the sender did not write this text"
RICH_WARNING = "formatted (rich) message: its text was flattened and layout may differ"
ENTITY_WARNING = "part of the text had an unexpected shape and was left out"
# Message fields for content the importer does not carry over (beyond any caption).
UNSUPPORTED_CONTENT = ("poll", "location_information", "contact_information", "game", "invoice")
UNSUPPORTED_WARNING = "a poll, location, contact card, game or invoice was shared; not imported"
# Service fields that describe what happened, shown after the action name.
_SERVICE_DETAILS = ("title", "members", "game_title", "emoticon", "reason_domain")


@dataclass(frozen=True, slots=True)
class Draft:
    """What one entry says, before the shared checks in json_export."""

    kind: MessageKind
    sender: str | None
    text: str
    attachments: tuple[Attachment, ...] = ()
    call_duration_s: int | None = None
    call_missed: bool | None = None
    outgoing: bool | None = None
    warnings: tuple[str, ...] = ()


def _name(raw: dict[str, Any], name_key: str, id_key: str) -> str:
    for key in (name_key, id_key):
        value = raw.get(key)
        if isinstance(value, str) and value:
            return value
    return UNKNOWN_SENDER


def join_text(value: Any) -> tuple[str, bool]:
    """Join a plain string or an entity list exactly; True when some part was unusable."""
    if isinstance(value, str):
        return value, False
    if not isinstance(value, list):
        return "", value is not None
    parts: list[str] = []
    bad = False
    for item in value:
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            parts.append(item["text"])
        else:
            bad = True
    return "".join(parts), bad


def _rich_text(rich: Any) -> str:
    """Flatten a rich_message: one line per block, nested blocks in order (iteratively)."""
    lines: list[str] = []
    stack: list[Any] = [rich]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            text, _ = join_text(node.get("text"))
            if text:
                lines.append(text)
            for key in ("items", "blocks"):
                if key in node:
                    stack.append(node[key])
                    break
    return "\n".join(lines)


def _attachments(raw: dict[str, Any]) -> tuple[tuple[Attachment, ...], list[str]]:
    found: list[Attachment] = []
    warnings: list[str] = []
    mime = raw.get("mime_type")
    media_type = mime if isinstance(mime, str) else None
    for key in ("photo", "file"):
        value = raw.get(key)
        if not isinstance(value, str) or not value:
            continue
        name = value
        if value.startswith(NOT_INCLUDED_PREFIX):
            warnings.append(NOT_INCLUDED_WARNING)
            file_name = raw.get("file_name")
            name = file_name if isinstance(file_name, str) and file_name else key
        found.append(Attachment(name=name, media_type=media_type if key == "file" else None))
    return tuple(found), warnings


def message(raw: dict[str, Any], owner_id: str | None) -> Draft:
    """An ordinary message: text, caption, media."""
    text, bad = join_text(raw.get("text"))
    warnings = [ENTITY_WARNING] if bad else []
    if not text and raw.get("rich_message") is not None:
        text = _rich_text(raw["rich_message"])
        warnings.append(RICH_WARNING)
    attachments, media_warnings = _attachments(raw)
    warnings += media_warnings
    if "forwarded_from" in raw:
        warnings.append(FORWARDED_WARNING)
    if any(key in raw for key in UNSUPPORTED_CONTENT):
        warnings.append(UNSUPPORTED_WARNING)
    from_id = raw.get("from_id")
    return Draft(
        kind=MessageKind.MEDIA if attachments else MessageKind.TEXT,
        sender=_name(raw, "from", "from_id"),
        text=text,
        attachments=attachments,
        outgoing=None if owner_id is None else from_id == owner_id,
        warnings=tuple(warnings),
    )


def _call(raw: dict[str, Any], action: str, owner_id: str | None) -> Draft:
    duration = raw.get("duration_seconds", raw.get("duration"))
    seconds = duration if isinstance(duration, int) and not isinstance(duration, bool) else None
    reason = raw.get("discard_reason")
    reason = reason if isinstance(reason, str) else None
    missed = reason in MISSED_REASONS or not seconds
    parts = ["Group call" if action == "group_call" else "Phone call"]
    if seconds:
        parts.append(f"{seconds} s")
    if reason:
        parts.append(reason)
    return Draft(
        kind=MessageKind.CALL,
        sender=_name(raw, "actor", "actor_id"),
        text=", ".join(parts),
        call_duration_s=seconds,
        call_missed=missed,
        outgoing=None if owner_id is None else raw.get("actor_id") == owner_id,
    )


def service(raw: dict[str, Any], owner_id: str | None) -> Draft:
    """A service entry: a call, or a system event whose actor is kept in the text."""
    action = raw.get("action")
    action = action if isinstance(action, str) and action else "service event"
    if action in CALL_ACTIONS:
        return _call(raw, action, owner_id)
    own_text, _ = join_text(raw.get("text"))
    if own_text:
        return Draft(kind=MessageKind.SYSTEM, sender=None, text=own_text)
    text = action
    actor = raw.get("actor")
    if isinstance(actor, str) and actor:
        text += f" by {actor}"
    details = [_detail(raw[key]) for key in _SERVICE_DETAILS if key in raw]
    details = [d for d in details if d]
    if details:
        text += ": " + "; ".join(details)
    return Draft(kind=MessageKind.SYSTEM, sender=None, text=text)


def _detail(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(item for item in value if isinstance(item, str))
    return ""

"""Domain objects shared by importers, analysis, services and the store.

Standard library only. All datetimes are timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class MessageKind(StrEnum):
    """What a parsed record is."""

    TEXT = "text"
    MEDIA = "media"  # a photo, video, audio, sticker or file, with or without a caption
    CALL = "call"  # a voice or video call, missed or answered
    SYSTEM = "system"  # an event the app wrote (joined, changed number, encryption notice, …)
    DELETED = "deleted"  # "This message was deleted"


class Channel(StrEnum):
    """How a contact attempt reached the person."""

    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    SMS = "sms"
    MMS = "mms"
    PHONE = "phone"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    IMESSAGE = "imessage"
    SIGNAL = "signal"
    EMAIL = "email"
    IN_PERSON = "in_person"
    SOCIAL = "social"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that came with a message (kept byte for byte by the store)."""

    name: str
    media_type: str | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One record of a chat export, exactly as exported.

    ``sender`` is None for system events. ``text`` is never normalised.
    ``source_ref`` locates the record in its file (``line 12``, ``record 40``)
    for import issues and provenance; it never holds message text.
    """

    ts: datetime
    sender: str | None
    text: str
    kind: MessageKind = MessageKind.TEXT
    channel: Channel = Channel.OTHER
    conversation: str | None = None
    source_ref: str = ""
    attachments: tuple[Attachment, ...] = ()
    call_duration_s: int | None = None
    call_missed: bool | None = None
    outgoing: bool | None = None  # known for SMS/iMessage; None when the format does not say
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Participant:
    """A name as it appears in an export."""

    name: str
    message_count: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in a text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Flag:
    """A warning pattern found in one message, with the reason shown to the person."""

    category: str
    reason: str
    span: Span | None = None
    rule_id: str = ""
    score: float = 1.0

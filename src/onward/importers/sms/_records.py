"""Turn one SMS Backup & Restore record (<sms>, <mms>, <call>) into a Message.

Each converter returns a Message, or a reason string for an ImportIssue. Field meanings
follow Android's Telephony and CallLog providers, which the app copies attribute by attribute.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from xml.etree.ElementTree import Element

from onward.importers._common import (
    BAD_TEXT_WARNING,
    SELF_SENDER,
    UNKNOWN_SENDER,
    clean_text,
    date_warnings,
    utc_from_unix,
    utc_from_unix_ms,
)
from onward.model import Attachment, Channel, Message, MessageKind

# The app writes the string "null" for empty attributes and "(Unknown)" as the contact name
# of a number that is not in the address book.
NULL = "null"
UNKNOWN_CONTACT = "(Unknown)"
SECONDS_BELOW = 10**11  # a `date` below this is seconds, not milliseconds (1e11 ms = 1973)

# <sms type="…">: Telephony.TextBasedSmsColumns.MESSAGE_TYPE_*
SMS_RECEIVED = 1  # inbox
SMS_SENT = 2
SMS_DRAFT = 3
SMS_OUTBOX = 4  # being sent
SMS_FAILED = 5
SMS_QUEUED = 6
SMS_OUTGOING = frozenset({SMS_SENT, SMS_DRAFT, SMS_OUTBOX, SMS_FAILED, SMS_QUEUED})
SMS_STATE_WARNINGS = {
    SMS_DRAFT: "a draft that was never sent",
    SMS_OUTBOX: "still waiting to be sent when the backup was made",
    SMS_FAILED: "sending failed",
    SMS_QUEUED: "queued, not yet sent when the backup was made",
}

# <mms msg_box="…">: Telephony.BaseMmsColumns.MESSAGE_BOX_*
MMS_INBOX = 1
MMS_SENT = 2
MMS_DRAFTS = 3
MMS_OUTBOX = 4
MMS_OUTGOING = frozenset({MMS_SENT, MMS_DRAFTS, MMS_OUTBOX})
# <addr type="…">: PduHeaders.FROM (the sender); TO is 151, CC 130, BCC 129.
ADDR_FROM = 137
SMIL_TYPE = "application/smil"  # the slide layout part, not content
TEXT_TYPE = "text/plain"
JOINED_PARTS_WARNING = "several text parts were joined with line breaks"
BAD_DATA_WARNING = "an attachment's data could not be decoded; its fingerprint is missing"

# <call type="…">: android.provider.CallLog.Calls.*_TYPE
CALL_INCOMING = 1
CALL_OUTGOING = 2
CALL_MISSED = 3
CALL_VOICEMAIL = 4
CALL_REJECTED = 5
CALL_BLOCKED = 6
CALL_ANSWERED_EXTERNALLY = 7  # answered on another device
CALL_LABELS = {
    CALL_INCOMING: "Incoming call",
    CALL_OUTGOING: "Outgoing call",
    CALL_MISSED: "Missed call",
    CALL_VOICEMAIL: "Call to voicemail",
    CALL_REJECTED: "Rejected call",
    CALL_BLOCKED: "Blocked call",
    CALL_ANSWERED_EXTERNALLY: "Call answered on another device",
}
CALL_NOT_ANSWERED = frozenset({CALL_MISSED, CALL_VOICEMAIL, CALL_REJECTED, CALL_BLOCKED})
# <call presentation="…">: CallLog.Calls.PRESENTATION_*; the number is empty or "-2" etc.
PRESENTATION_NAMES = {2: "Private number", 3: "Unknown number", 4: "Payphone"}

Converter = Callable[[Element, str], "Message | str"]


def _text_attr(elem: Element, name: str) -> str | None:
    value = elem.get(name)
    return None if value is None or value == NULL or value == "" else value


def _int_attr(elem: Element, name: str) -> int | None:
    value = elem.get(name)
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _when(elem: Element) -> datetime | None:
    value = _int_attr(elem, "date")
    if value is None or value <= 0:
        return None
    try:
        return utc_from_unix(value) if value < SECONDS_BELOW else utc_from_unix_ms(value)
    except ValueError:
        return None


def _contact(elem: Element) -> str | None:
    name = _text_attr(elem, "contact_name")
    return None if name == UNKNOWN_CONTACT else name


def _finish(message: Message) -> Message:
    """Clean text and names; add date and bad-text warnings."""
    text, bad = clean_text(message.text)
    sender, bad_sender = clean_text(message.sender) if message.sender else (None, False)
    conversation, bad_conv = (
        clean_text(message.conversation) if message.conversation else (None, False)
    )
    warnings = message.warnings + date_warnings(message.ts)
    if bad or bad_sender or bad_conv:
        warnings += (BAD_TEXT_WARNING,)
    return replace(message, text=text, sender=sender, conversation=conversation, warnings=warnings)


def sms(elem: Element, where: str) -> Message | str:
    """One <sms>."""
    ts = _when(elem)
    if ts is None:
        return "the message has no readable date"
    kind = _int_attr(elem, "type")
    outgoing = kind in SMS_OUTGOING
    address = _text_attr(elem, "address")
    sender = SELF_SENDER if outgoing else (_contact(elem) or address or UNKNOWN_SENDER)
    state = SMS_STATE_WARNINGS.get(kind) if kind is not None else None
    return _finish(
        Message(
            ts=ts,
            sender=sender,
            text=elem.get("body") or "",
            channel=Channel.SMS,
            conversation=address,
            source_ref=where,
            outgoing=outgoing,
            warnings=(state,) if state else (),
        )
    )


def _attachment(part: Element) -> tuple[Attachment, bool]:
    """An Attachment for one MMS part; True when its data could not be decoded."""
    names = (_text_attr(part, key) for key in ("cl", "name", "fn"))
    name = next((n for n in names if n), f"part {part.get('seq', '?')}")
    data = part.get("data")
    digest = None
    bad = False
    if data:
        try:
            digest = hashlib.sha256(base64.b64decode(data)).hexdigest()
        except (binascii.Error, ValueError):
            bad = True
    return Attachment(name=name, media_type=_text_attr(part, "ct"), sha256=digest), bad


def _mms_sender(elem: Element, outgoing: bool) -> str:
    if outgoing:
        return SELF_SENDER
    address = _text_attr(elem, "address")
    for addr in elem.iter("addr"):
        if _int_attr(addr, "type") == ADDR_FROM and _text_attr(addr, "address"):
            sender = str(addr.get("address"))
            return (_contact(elem) or sender) if sender == address else sender
    return _contact(elem) or address or UNKNOWN_SENDER


def mms(elem: Element, where: str) -> Message | str:
    """One <mms> with its <parts> and <addrs>."""
    ts = _when(elem)
    if ts is None:
        return "the message has no readable date"
    outgoing = _int_attr(elem, "msg_box") in MMS_OUTGOING
    texts: list[str] = []
    attachments: list[Attachment] = []
    warnings: list[str] = []
    for part in elem.iter("part"):
        content_type = (part.get("ct") or "").lower()
        if content_type == SMIL_TYPE:
            continue
        if content_type == TEXT_TYPE:
            texts.append(part.get("text") or "")
            continue
        attachment, bad = _attachment(part)
        attachments.append(attachment)
        if bad and BAD_DATA_WARNING not in warnings:
            warnings.append(BAD_DATA_WARNING)
    if len(texts) > 1:
        warnings.append(JOINED_PARTS_WARNING)
    return _finish(
        Message(
            ts=ts,
            sender=_mms_sender(elem, outgoing),
            text="\n".join(texts),
            kind=MessageKind.MEDIA if attachments else MessageKind.TEXT,
            channel=Channel.MMS,
            conversation=_text_attr(elem, "address"),
            source_ref=where,
            attachments=tuple(attachments),
            outgoing=outgoing,
            warnings=tuple(warnings),
        )
    )


def call(elem: Element, where: str) -> Message | str:
    """One <call> from a calls backup."""
    ts = _when(elem)
    if ts is None:
        return "the call has no readable date"
    kind = _int_attr(elem, "type")
    number = _text_attr(elem, "number")
    if number is not None and number.lstrip("-").isdigit() and number.startswith("-"):
        number = None  # Android stores withheld numbers as "-1", "-2", …
    presentation = _int_attr(elem, "presentation")
    withheld = PRESENTATION_NAMES.get(presentation) if presentation is not None else None
    caller = number or withheld or UNKNOWN_SENDER
    outgoing = kind == CALL_OUTGOING
    duration = _int_attr(elem, "duration")
    return _finish(
        Message(
            ts=ts,
            sender=SELF_SENDER if outgoing else (_contact(elem) or caller),
            text=CALL_LABELS.get(kind, "Call") if kind is not None else "Call",
            kind=MessageKind.CALL,
            channel=Channel.PHONE,
            conversation=caller,
            source_ref=where,
            call_duration_s=duration if duration is not None and duration >= 0 else None,
            call_missed=kind in CALL_NOT_ANSWERED,
            outgoing=outgoing,
        )
    )


CONVERTERS: dict[str, Converter] = {"sms": sms, "mms": mms, "call": call}

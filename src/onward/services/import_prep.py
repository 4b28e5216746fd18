"""The keyless half of an import: parse, look for flags, write each row's JSON.

Everything here needs no key and sees nothing but the export itself, so a large import runs
it in a helper process (``import_helper``) while the import's own process, which holds the
keys, only finishes the rows: the keyed hashes of chat and sender, the dedupe hash and the
encryption of the body. The split is made where the work is: parsing, the rule flags and
the JSON together are more than half of an import's Python work (docs/imports.md, "Speed").

For each message the preparer gives a ``Prepared`` tuple: the chat's name, the sender, the
Unix time, kind and channel, the dedupe hash's input after the chat (``_dedupe_tail``), the
body's plain bytes and the flag bits. Only strings, numbers and bytes: they cross a pipe
about ten times cheaper than ``Message`` objects.

Dedupe ordinals (``import_rows``: the count of identical records met earlier in the file)
are counted per chat name here: a chat's name and its keyed id go together one to one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from json.encoder import encode_basestring as _json
from typing import Any, Final

from onward.importers.base import ImportIssue
from onward.model import Channel, Flag, Message, MessageKind
from onward.services.contact_codes import (
    CATEGORY_BITS,
    ROLE_ME,
    ROLE_OTHER,
    ROLE_PARTNER,
    ROLE_UNKNOWN,
)
from onward.services.import_flags import flag_texts

ORDINAL_WINDOW: Final = 64
MAX_LISTED_ISSUES: Final = 1000
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
CHECKED_ROLES: Final = frozenset((ROLE_PARTNER, ROLE_UNKNOWN))  # see Preparer.checks
# A row as this module makes it without keys: chat name, sender, Unix time, kind, channel,
# the dedupe hash's input after the chat, the body's plain bytes, the flag bits.
Prepared = tuple[str, str | None, int, str, str, bytes, bytes, int]
# one batch: its rows, its issues (the first MAX_LISTED_ISSUES of the import, as dicts),
# how many issues it had, and how many records were read so far
Batch = tuple[list[Prepared], list[dict[str, str]], int, int]
_VALUE: Final[dict[StrEnum, str]] = {m: m.value for e in (MessageKind, Channel) for m in e}
_TEXT: Final = MessageKind.TEXT
_CALL: Final = MessageKind.CALL


def json_str(value: str | None) -> str:
    """``value`` as JSON, exactly as ``json.dumps(..., ensure_ascii=False)`` writes it."""
    return "null" if value is None else str(_json(value))


def role_for(sender: str | None, me: str | None, partner: str | None) -> int:
    """A sender's role given who is who (unknown until both are said, except exact names)."""
    if sender is None:
        return ROLE_UNKNOWN
    if me is not None and sender == me:
        return ROLE_ME
    if partner is not None and sender == partner:
        return ROLE_PARTNER
    if me is not None and partner is not None:
        return ROLE_OTHER
    return ROLE_UNKNOWN


def flag_json(flag: Flag) -> dict[str, Any]:
    span = [flag.span.start, flag.span.end] if flag.span is not None else None
    return {"category": flag.category, "reason": flag.reason, "span": span, "rule_id": flag.rule_id}


def body_doc(msg: Message, conv: str, flags: list[dict[str, Any]]) -> dict[str, Any]:
    """The decrypted body of an imported row (see ``services.contacts``). Empty parts
    (no attachments, no call, no flags, no warnings) are left out; readers take a missing
    part as empty. Rows imported before this rule carry them as ``[]`` or ``null``."""
    doc: dict[str, Any] = {
        "text": msg.text,
        "sender": msg.sender,
        "conv": conv,
        "ref": msg.source_ref,
    }
    if msg.attachments:
        doc["attachments"] = [
            {"name": a.name, "media_type": a.media_type, "sha256": a.sha256}
            for a in msg.attachments
        ]
    if msg.kind is MessageKind.CALL:
        doc["call"] = {"duration_s": msg.call_duration_s, "missed": msg.call_missed}
    if flags:
        doc["flags"] = flags
    if msg.warnings:
        doc["warnings"] = list(msg.warnings)
    return doc


def _needs_doc(msg: Message, flags: Sequence[object] | None) -> bool:
    """Whether the body needs the full document (``body_doc``), not ``_plain_body``."""
    return bool(flags or msg.attachments or msg.warnings or msg.kind is _CALL)


def _plain_body(text: str, sender: str, conv: str, ref: str) -> bytes:
    """The body of a record without attachment, call, flag or warning, written directly
    from its parts already in JSON (but ``ref``): the same bytes the JSON encoder gives."""
    return f'{{"text":{text},"sender":{sender},"conv":{conv},"ref":{_json(ref)}}}'.encode()


@dataclass(frozen=True, slots=True)
class Who:
    """Who is who as the import starts: the names given, and those remembered per chat
    (``None`` when not said). Decides which messages are looked at for flags."""

    me: str | None = None
    partner: str | None = None
    remembered: tuple[tuple[str, str | None, str | None], ...] = ()  # (chat, me, partner)


class Preparer:
    """Turns one import's parsed records into ``Prepared`` rows, batch by batch."""

    def __init__(self, *, default_chat: str, who: Who) -> None:
        self._default_chat = default_chat
        self._me = who.me
        self._partner = who.partner
        self._remembered = {name: (me, partner) for name, me, partner in who.remembered}
        self._checked: dict[tuple[str, str], bool] = {}
        self._names: dict[str, str] = {}  # chat name -> as JSON
        self._senders: dict[str | None, str] = {}  # sender -> as JSON
        # Ordinals: per (chat, ISO time) of the ORDINAL_WINDOW most recent, how many
        # records with each (sender, text) came before.
        self._ordinals: dict[tuple[str, str], dict[tuple[str | None, str], int]] = {}
        epoch = datetime.fromtimestamp(0, UTC)
        self._last_time: tuple[datetime, tzinfo | None, int, int, str] = (
            epoch,
            UTC,
            0,
            0,
            epoch.isoformat(),
        )
        self._listed = 0

    def batches(self, records: Iterable[Message | ImportIssue], size: int) -> Iterator[Batch]:
        """``records`` in batches of ``size`` messages (the last may be smaller)."""
        batch: list[Message] = []
        issues: list[dict[str, str]] = []
        count = read = 0
        for item in records:
            read += 1
            if isinstance(item, Message):
                batch.append(item)
                if len(batch) >= size:
                    yield self.prepare(batch), issues, count, read
                    batch, issues, count = [], [], 0
            else:
                count += 1
                if self._listed < MAX_LISTED_ISSUES:
                    self._listed += 1
                    issues.append({"file": item.file, "where": item.where, "reason": item.reason})
        if batch or issues or count:
            yield self.prepare(batch), issues, count, read

    def checks(self, msg: Message) -> bool:
        """Whether ``msg`` is looked at for flags: a text message whose sender is the other
        person or not yet known. The person's own messages and other people's are skipped
        (flags are shown on the other person's messages only); if who-is-who changes later,
        ``flag_recheck`` checks the skipped ones."""
        sender = msg.sender
        if msg.kind is not MessageKind.TEXT or sender is None:
            return False
        chat = msg.conversation or self._default_chat
        known = self._checked.get((chat, sender))
        if known is None:
            me, partner = self._remembered.get(chat, (None, None))
            role = role_for(sender, self._me or me, self._partner or partner)
            known = self._checked[(chat, sender)] = role in CHECKED_ROLES
        return known

    def prepare(self, batch: list[Message]) -> list[Prepared]:
        """The batch's rows, its flags found first (all at once: ``flag_texts``).

        One loop with everything it needs at hand (the hot loop of the keyless half): a
        chat's and a sender's JSON are written once, the time's ISO text is reused for the
        next record of the same minute, and a record without attachment, call, flag or
        warning gets its body written directly from its JSON parts (``_plain_body``)."""
        texts: list[str | None] = []
        checked, default = self._checked, self._default_chat
        for m in batch:
            sender = m.sender
            if m.kind is not _TEXT or sender is None:
                texts.append(None)
                continue
            known = checked.get((m.conversation or default, sender))
            if known is None:
                known = self.checks(m)
            texts.append(m.text if known else None)
        found = flag_texts(texts)
        names, senders, ordinals = self._names, self._senders, self._ordinals
        last = self._last_time
        rows: list[Prepared] = []
        append = rows.append
        for i, msg in enumerate(batch):
            name = msg.conversation or default
            name_json = names.get(name)
            if name_json is None:
                name_json = names[name] = json_str(name)
            sender, text, kind, when = msg.sender, msg.text, msg.kind, msg.ts
            # Same zone object, same fold and equal wall-clock time give the same offset,
            # so the same Unix time and ISO text (most exports give minutes).
            if when != last[0] or when.tzinfo is not last[1] or when.fold != last[2]:
                last = (when, when.tzinfo, when.fold, int(when.timestamp()), when.isoformat())
            ts_iso = last[4]
            slot = (name, ts_iso)
            bucket = ordinals.get(slot)
            if bucket is None:
                if len(ordinals) >= ORDINAL_WINDOW:
                    del ordinals[next(iter(ordinals))]
                bucket = ordinals[slot] = {}
            key = (sender, text)
            ordinal = bucket.get(key, 0)
            bucket[key] = ordinal + 1
            sender_json = senders.get(sender)
            if sender_json is None:
                sender_json = senders[sender] = json_str(sender)
            text_json = _json(text)
            kind_value = _VALUE[kind]
            tail = f',"{ts_iso}",{sender_json},"{kind_value}",{text_json},{ordinal}]'.encode()
            flagged = found.get(i)
            bits = 0
            if _needs_doc(msg, flagged):
                flags: list[dict[str, Any]] = []
                for flag in flagged or ():
                    flags.append(flag_json(flag))
                    bits |= CATEGORY_BITS[flag.category]
                raw = _ENCODE(body_doc(msg, name, flags)).encode()
            else:
                raw = _plain_body(text_json, sender_json, name_json, msg.source_ref)
            append((name, sender, last[3], kind_value, _VALUE[msg.channel], tail, raw, bits))
        self._last_time = last
        return rows

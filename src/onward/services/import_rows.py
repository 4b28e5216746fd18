"""Turn parsed messages into encrypted timeline rows: dedupe keys, roles, flags, bodies.

The hot loop of an import. One ``RowBuilder`` per import holds everything that would
otherwise be recomputed per message (the keyed-hash key, the batch cipher, sender keys and
roles per conversation), so a message costs one HMAC, one JSON encoding and one AEAD. Its
flags are found before, by ``import_flags`` (in a helper process for large exports).

Dedupe rule: the key is the keyed hash of (conversation, time, sender, kind, text, ordinal)
behind the time in hex (``time_keyed``),
where ordinal counts identical (conversation, time, sender, text) records seen so far in
this file. Two overlapping exports list the same messages, so they produce the same keys and
nothing is stored twice; a person who really sent "ok" twice in the same minute keeps both
(ordinals 0 and 1). Ordinals are counted within a window of the ``ORDINAL_WINDOW`` most
recent distinct times, which holds every repeat of an export in time order and keeps memory
flat on a million messages.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from json.encoder import encode_basestring as _json
from pathlib import Path
from typing import Any, Final

from onward.analysis.flags import detect_flags
from onward.model import Channel, Flag, Message, MessageKind
from onward.services.contacts import (
    CATEGORY_BITS,
    ROLE_ME,
    ROLE_OTHER,
    ROLE_PARTNER,
    ROLE_UNKNOWN,
    Keys,
)
from onward.services.import_flags import IMPORT_CATEGORIES
from onward.services.import_seal import RowSealer, json_str
from onward.services.vault import Vault

ORDINAL_WINDOW: Final = 64
CHECKED_ROLES: Final = frozenset((ROLE_PARTNER, ROLE_UNKNOWN))  # see RowBuilder.checks
# A timeline row in imports_repo.ROW_COLUMNS order.
Row = tuple[str, str, str, str, int, str, str, int, str | None, int, int, str, bytes]
DEDUPE: Final = 11  # its place in Row (checked by the tests)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_VALUE: Final[dict[StrEnum, str]] = {m: m.value for e in (MessageKind, Channel) for m in e}


def conv_id_for(keys: Keys, source: str, name: str) -> str:
    """The opaque id of one chat: stable for the same source and chat name."""
    return keys.dedupe("conv", source, name)[:32]


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


def time_keyed(ts: int, digest: str) -> str:
    """A dedupe key that sorts by time: 12 hex digits of the Unix time, then 52 of the keyed
    hash. The time is already an index column of the row, so nothing new is revealed, and a
    time-ordered export inserts into the unique index in order instead of at random (a
    million random keys made the insert about twice as slow)."""
    return f"{ts:012x}{digest[:52]}"


def flag_json(flag: Flag) -> dict[str, Any]:
    span = [flag.span.start, flag.span.end] if flag.span is not None else None
    return {"category": flag.category, "reason": flag.reason, "span": span, "rule_id": flag.rule_id}


@dataclass(slots=True)
class ChatState:
    """One conversation as this import sees it."""

    conv_id: str
    name: str
    me: str | None
    partner: str | None
    existed: bool = False  # the chat had rows before this import (duplicates possible)
    senders: Counter[str] = field(default_factory=Counter)  # records read per sender
    added: Counter[str] = field(default_factory=Counter)  # records stored per sender
    # per sender: keyed hash, role, name as JSON
    _senders: dict[str | None, tuple[str | None, int, str]] = field(default_factory=dict)
    conv_json: str = field(init=False)  # conv_id and name as JSON, for the hot loop
    name_json: str = field(init=False)

    def __post_init__(self) -> None:
        self.conv_json = json_str(self.conv_id)
        self.name_json = json_str(self.name)


class _Ordinals:
    """How many identical records came before, within recent distinct times."""

    def __init__(self) -> None:
        self._by_time: dict[tuple[str, str], dict[tuple[str | None, str], int]] = {}

    def next(self, conv_id: str, ts_iso: str, sender: str | None, text: str) -> int:
        slot = (conv_id, ts_iso)
        bucket = self._by_time.get(slot)
        if bucket is None:
            if len(self._by_time) >= ORDINAL_WINDOW:
                del self._by_time[next(iter(self._by_time))]
            bucket = self._by_time[slot] = {}
        key = (sender, text)
        seen = bucket.get(key, 0)
        bucket[key] = seen + 1
        return seen


@dataclass(slots=True)
class Tally:
    """What was read: counts, first and last time, issues (never text)."""

    messages: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    flagged: int = 0
    first: int | None = None
    last: int | None = None


class RowBuilder:
    """Builds contacts rows for one import."""

    def __init__(
        self,
        vault: Vault,
        *,
        keys: Keys,
        sealer: RowSealer,
        import_id: str,
        source: str,
        default_chat: str,
        chats: dict[str, ChatState],
        me: str | None,
        partner: str | None,
    ) -> None:
        self._vault = vault
        self._keys = keys
        self._sealer = sealer
        self._vault_id = vault.vault_id
        self._import_id = import_id
        self._source = source
        self._default_chat = default_chat
        self.chats = chats  # by chat name; new chats are added as they appear
        self._me = me
        self._partner = partner
        self._ordinals = _Ordinals()
        epoch = datetime.fromtimestamp(0, UTC)
        self._last_time: tuple[datetime, tzinfo | None, int, int, str] = (
            epoch,
            UTC,
            0,
            0,
            epoch.isoformat(),
        )
        self.tally = Tally()
        # (chat, sender) of each row built since the last batch was stored, in order
        self.pending: list[tuple[ChatState, str | None]] = []

    def chat(self, name: str | None) -> ChatState:
        name = name or self._default_chat
        state = self.chats.get(name)
        if state is None:
            conv_id = conv_id_for(self._keys, self._source, name)
            state = ChatState(conv_id, name, None, None)
            self.chats[name] = state
        return state

    def _sender(self, chat: ChatState, sender: str | None) -> tuple[str | None, int, str]:
        """The sender's keyed hash, role and name as JSON, worked out once per chat."""
        known = chat._senders.get(sender)
        if known is None:
            me = self._me or chat.me
            partner = self._partner or chat.partner
            known = chat._senders[sender] = (
                self._keys.sender(chat.conv_id, sender),
                role_for(sender, me, partner),
                json_str(sender),
            )
        return known

    def checks(self, msg: Message) -> bool:
        """Whether ``msg`` is looked at for flags: a text message whose sender is the other
        person or not yet known. The person's own messages and other people's are skipped
        (flags are shown on the other person's messages only); if who-is-who changes later,
        ``flag_recheck`` checks the skipped ones."""
        if msg.kind is not MessageKind.TEXT or msg.sender is None:
            return False
        return self._sender(self.chat(msg.conversation), msg.sender)[1] in CHECKED_ROLES

    def row(self, msg: Message, found: list[Flag] | None = None) -> Row:
        """One encrypted row for ``msg``; ``found``: its flags (from ``import_flags``).

        The hot loop: each JSON part (chat, sender, time, kind, text) is written once and
        serves both the dedupe hash and the body."""
        chat = self.chat(msg.conversation)
        sender, text, kind = msg.sender, msg.text, msg.kind
        ts, ts_iso = self._time(msg.ts)
        sender_key, role, sender_json = self._sender(chat, sender)
        kind_value = _VALUE[kind]
        flags: list[dict[str, Any]] = []
        bits = 0
        if found:  # only for messages that ``checks`` accepted
            for flag in found:
                flags.append(flag_json(flag))
                bits |= CATEGORY_BITS[flag.category]
        if sender is not None:
            chat.senders[sender] += 1
        self.pending.append((chat, sender))
        ordinal = self._ordinals.next(chat.conv_id, ts_iso, sender, text)
        self._count(kind, ts, bits)
        text_json = _json(text)
        digest = self._sealer.dedupe_json(
            chat.conv_json, f'"{ts_iso}"', sender_json, f'"{kind_value}"', text_json, ordinal
        )
        if _needs_doc(msg, flags):
            raw = _ENCODE(body_doc(msg, chat.name, flags)).encode()
        else:
            raw = _plain_body(text_json, sender_json, chat.name_json, msg.source_ref)
        contact_id, sealed = self._sealer.seal(raw)
        return (  # imports_repo.ROW_COLUMNS: the row contacts.make_row would build
            contact_id,
            self._vault_id,
            self._import_id,
            chat.conv_id,
            ts,
            _VALUE[msg.channel],
            kind_value,
            role,
            sender_key,
            bits,
            0,  # dismissed
            time_keyed(ts, digest),
            sealed,
        )

    def _time(self, when: datetime) -> tuple[int, str]:
        """Unix time and ISO text of ``when``; the last answer is reused for the next record
        of the same minute (most exports give minutes). Same zone object, same fold and
        equal wall-clock time give the same offset, so the same text."""
        last = self._last_time
        if when != last[0] or when.tzinfo is not last[1] or when.fold != last[2]:
            self._last_time = last = (
                when,
                when.tzinfo,
                when.fold,
                int(when.timestamp()),
                when.isoformat(),
            )
        return last[3], last[4]

    def _count(self, kind: MessageKind, ts: int, bits: int) -> None:
        tally = self.tally
        tally.messages += 1
        tally.kinds[kind] += 1
        tally.flagged += bits != 0
        if tally.first is None or ts < tally.first:
            tally.first = ts
        if tally.last is None or ts > tally.last:
            tally.last = ts


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


def _needs_doc(msg: Message, flags: list[dict[str, Any]]) -> bool:
    return bool(flags or msg.attachments or msg.warnings or msg.kind is MessageKind.CALL)


def _plain_body(text: str, sender: str, conv: str, ref: str) -> bytes:
    """The body of a record without attachment, call, flag or warning, written directly
    from its parts already in JSON (but ``ref``): the same bytes the JSON encoder gives."""
    return f'{{"text":{text},"sender":{sender},"conv":{conv},"ref":{_json(ref)}}}'.encode()


def default_chat_name(path: Path) -> str:
    """The chat name used when a format does not name its conversation."""
    return path.stem


def check_text(text: str) -> list[Flag]:
    """The flags an imported message with this text would get (``onward check``)."""
    return detect_flags(text, categories=IMPORT_CATEGORIES)

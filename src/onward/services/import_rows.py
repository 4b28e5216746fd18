"""Turn parsed messages into encrypted timeline rows: dedupe keys, roles, flags, bodies.

The keyed half of an import's hot loop. ``import_prep`` parses, finds flags and writes each
row's JSON without any key (in a helper process for large exports); one ``RowBuilder`` per
import then holds everything that needs the keys (the keyed-hash key, the batch cipher,
sender keys and roles per conversation), so a message costs it one HMAC and one AEAD.

Dedupe rule: the key is the keyed hash of (conversation, time, sender, kind, text, ordinal)
behind the time in hex (``time_keyed``),
where ordinal counts identical (conversation, time, sender, text) records seen so far in
this file. Two overlapping exports list the same messages, so they produce the same keys and
nothing is stored twice; a person who really sent "ok" twice in the same minute keeps both
(ordinals 0 and 1). Ordinals are counted (``import_prep``) within a window of the 64 most
recent distinct times, which holds every repeat of an export in time order and keeps memory
flat on a million messages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from onward.services.contacts import Keys
from onward.services.import_prep import Prepared, json_str, role_for
from onward.services.import_seal import RowSealer
from onward.services.vault import Vault

# A timeline row in imports_repo.ROW_COLUMNS order.
Row = tuple[str, str, str, str, int, str, str, int, str | None, int, int, str, bytes]
DEDUPE: Final = 11  # its place in Row (checked by the tests)


def conv_id_for(keys: Keys, source: str, name: str) -> str:
    """The opaque id of one chat: stable for the same source and chat name."""
    return keys.dedupe("conv", source, name)[:32]


def time_keyed(ts: int, digest: str) -> str:
    """A dedupe key that sorts by time: 12 hex digits of the Unix time, then 52 of the keyed
    hash. The time is already an index column of the row, so nothing new is revealed, and a
    time-ordered export inserts into the unique index in order instead of at random (a
    million random keys made the insert about twice as slow)."""
    return f"{ts:012x}{digest[:52]}"


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
    # per sender: keyed hash, role
    _senders: dict[str | None, tuple[str | None, int]] = field(default_factory=dict)
    conv_head: bytes = field(init=False)  # the dedupe hash's input up to the time

    def __post_init__(self) -> None:
        self.conv_head = f"[{json_str(self.conv_id)}".encode()


@dataclass(slots=True)
class Tally:
    """What was read: counts, first and last time, issues (never text)."""

    messages: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    flagged: int = 0
    first: int | None = None
    last: int | None = None


class RowBuilder:
    """Finishes the rows of one import in the process that holds the keys: the keyed
    hashes of chat and sender, the dedupe hash and the sealed body of each ``Prepared``
    row (``import_prep`` made the rest)."""

    def __init__(
        self,
        vault: Vault,
        *,
        keys: Keys,
        sealer: RowSealer,
        import_id: str,
        source: str,
        chats: dict[str, ChatState],
        me: str | None,
        partner: str | None,
    ) -> None:
        self._keys = keys
        self._sealer = sealer
        self._vault_id = vault.vault_id
        self._import_id = import_id
        self._source = source
        self.chats = chats  # by chat name; new chats are added as they appear
        self._me = me
        self._partner = partner
        self.tally = Tally()
        # (chat, sender) of each row built since the last batch was stored, in order
        self.pending: list[tuple[ChatState, str | None]] = []

    def chat(self, name: str) -> ChatState:
        state = self.chats.get(name)
        if state is None:
            conv_id = conv_id_for(self._keys, self._source, name)
            state = ChatState(conv_id, name, None, None)
            self.chats[name] = state
        return state

    def _sender(self, chat: ChatState, sender: str | None) -> tuple[str | None, int]:
        """The sender's keyed hash and role, worked out once per chat."""
        known = chat._senders.get(sender)
        if known is None:
            me = self._me or chat.me
            partner = self._partner or chat.partner
            known = chat._senders[sender] = (
                self._keys.sender(chat.conv_id, sender),
                role_for(sender, me, partner),
            )
        return known

    def rows(self, batch: list[Prepared]) -> list[Row]:
        """The encrypted rows of a batch (the hot loop)."""
        return [self.row(p) for p in batch]

    def row(self, prepared: Prepared) -> Row:
        """One encrypted row in ``imports_repo.ROW_COLUMNS`` order: the row
        ``contacts.make_row`` would build."""
        name, sender, ts, kind, channel, tail, raw, bits = prepared
        chat = self.chats.get(name) or self.chat(name)
        sender_key, role = chat._senders.get(sender) or self._sender(chat, sender)
        if sender is not None:
            chat.senders[sender] += 1
        self.pending.append((chat, sender))
        tally = self.tally
        tally.messages += 1
        tally.kinds[kind] += 1
        if bits:
            tally.flagged += 1
        if tally.first is None or ts < tally.first:
            tally.first = ts
        if tally.last is None or ts > tally.last:
            tally.last = ts
        digest = self._sealer.dedupe_tail(chat.conv_head, tail)
        contact_id, sealed = self._sealer.seal(raw)
        return (
            contact_id,
            self._vault_id,
            self._import_id,
            chat.conv_id,
            ts,
            channel,
            kind,
            role,
            sender_key,
            bits,
            0,  # dismissed
            f"{ts:012x}{digest[:52]}",  # time_keyed(ts, digest)
            sealed,
        )


def default_chat_name(path: Path) -> str:
    """The chat name used when a format does not name its conversation."""
    return path.stem

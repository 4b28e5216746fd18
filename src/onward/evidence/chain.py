"""An append-only hash chain over evidence events (security.md R26, R28).

Each link is ``h_i = SHA-256(h_{i-1} || JCS(event_i))``: JCS is RFC 8785
canonical JSON. Events hold only ASCII keys, strings, integers, booleans,
null, lists and objects (no floats), so the standard library's
``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
produces the same bytes as JCS; that keeps the standalone ``verify_chain.py``
in an evidence bundle dependency-free. Every event carries a random 128-bit
salt, so a hash cannot be used to confirm a guessed short entry.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

GENESIS = "0" * 64
# Append-only. "revoke" ends a share (an "export" with what "share") before its end date.
EVENT_TYPES = ("create", "amend", "redact", "import", "export", "anchor", "revoke")
# A clock that moves back, or forward by more than this between two events
# written in one sitting, is flagged rather than silently reordered (R28).
CLOCK_BACK_TOLERANCE = timedelta(seconds=2)


def canonical(event: Mapping[str, Any]) -> bytes:
    """JCS bytes for events of the restricted shape described above."""
    _check_shape(event)
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _check_shape(value: Any) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise ValueError("event keys must be ASCII strings")
            _check_shape(item)
    elif isinstance(value, list):
        for item in value:
            _check_shape(item)
    elif isinstance(value, float):
        raise ValueError("events hold no floats (JCS number formatting)")
    elif value is not None and not isinstance(value, str | int | bool):
        raise ValueError(f"unsupported value in event: {type(value).__name__}")


def link_hash(prev: str, event: Mapping[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(prev) + canonical(event)).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def clock_flag(previous: datetime | None, now: datetime) -> str | None:
    """'clock_back' when time went backwards since the last event, else None."""
    if previous is not None and now < previous - CLOCK_BACK_TOLERANCE:
        return "clock_back"
    return None


@dataclass(frozen=True, slots=True)
class Link:
    seq: int
    prev: str
    hash: str
    event: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ChainCheck:
    ok: bool
    length: int
    head: str
    first_bad: int | None = None  # position (1-based) of the first link that fails
    reason: str | None = None


def verify(links: Iterable[Link], *, anchor: str | None = None) -> ChainCheck:
    """Check order, linkage and every hash; optionally that ``anchor`` is on the chain."""
    prev, expected_seq, count, seen_anchor = GENESIS, 1, 0, anchor is None
    for link in links:
        if link.seq != expected_seq:
            return ChainCheck(
                False, count, prev, expected_seq, "sequence numbers are not consecutive"
            )
        if link.prev != prev:
            return ChainCheck(
                False, count, prev, expected_seq, "link does not follow the previous one"
            )
        if link_hash(prev, link.event) != link.hash:
            return ChainCheck(False, count, prev, expected_seq, "event does not match its hash")
        prev, expected_seq, count = link.hash, expected_seq + 1, count + 1
        seen_anchor = seen_anchor or link.hash == anchor
    if not seen_anchor:
        return ChainCheck(False, count, prev, None, "the written-down code is not on this chain")
    return ChainCheck(True, count, prev)


def short_code(head: str) -> str:
    """The chain head as a short code to write down: 4 groups of 4 hex characters."""
    return "-".join(head[i : i + 4] for i in range(0, 16, 4)).upper()

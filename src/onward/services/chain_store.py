"""The vault's evidence chain: append events, read them back, verify, show the head.

The pure rules (link hash, canonical JSON, verification) are in
``onward.evidence.chain``; this module stores links in ``chain_links`` with each
event encrypted by the vault's record cipher. The associated data binds a
ciphertext to its vault and sequence number, so a body moved to another place,
or rows renumbered in SQL, no longer open and verification names the link.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection

from onward.errors import IntegrityError
from onward.evidence.chain import (
    EVENT_TYPES,
    GENESIS,
    ChainCheck,
    Link,
    canonical,
    clock_flag,
    link_hash,
    new_salt,
    short_code,
    verify,
)
from onward.services import items
from onward.services.vault import Vault
from onward.store import chain_repo
from onward.store.chain_repo import LinkRow
from onward.store.crypto import record_aad

TABLE = "chain_links"
ANCHOR_NOTES = ("written", "sent", "other")


class Head(NamedTuple):
    """The newest link: its full hash, the short code to write down, the chain length."""

    hash: str
    code: str
    length: int


def utc_iso(moment: datetime) -> str:
    """A UTC timestamp as ISO 8601 with its offset (microseconds kept for ordering)."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _aad(vault_id: str, seq: int) -> bytes:
    return record_aad(vault_id, TABLE, str(seq), "body")


def _decode(vault: Vault, row: LinkRow) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(
        vault.cipher.decrypt(row.body, _aad(vault.vault_id, row.seq))
    )
    return event


def _previous_at(vault: Vault, last: LinkRow | None) -> datetime | None:
    if last is None:
        return None
    try:
        return datetime.fromisoformat(str(_decode(vault, last)["at"]))
    except (IntegrityError, KeyError, ValueError):
        # A damaged last link must not stop anyone from logging; verify() names it.
        return None


def clock_check(conn: Connection, vault: Vault, *, now: datetime) -> str | None:
    """The clock flag an event written at ``now`` would get (R28)."""
    return clock_flag(_previous_at(vault, chain_repo.last_link(conn, vault_id=vault.vault_id)), now)


def append(
    conn: Connection, vault: Vault, event: dict[str, Any], *, now: datetime | None = None
) -> Link:
    """Add one event to the chain inside the caller's transaction.

    The event gets a random salt, its UTC time ``at`` and, when the clock went
    back since the previous event, ``clock: "clock_back"``.
    """
    if event.get("type") not in EVENT_TYPES:
        raise ValueError(f"unknown chain event type: {event.get('type')!r}")
    moment = now or datetime.now(UTC)
    chain_repo.lock_chain(conn, vault_id=vault.vault_id)
    last = chain_repo.last_link(conn, vault_id=vault.vault_id)
    prev, seq = (last.hash, last.seq + 1) if last else (GENESIS, 1)
    full = {**event, "salt": new_salt(), "at": utc_iso(moment)}
    flag = clock_flag(_previous_at(vault, last), moment)
    if flag:
        full["clock"] = flag
    digest = link_hash(prev, full)
    body = vault.cipher.encrypt(canonical(full), _aad(vault.vault_id, seq))
    chain_repo.insert_link(
        conn, vault_id=vault.vault_id, seq=seq, hash_=digest, prev=prev, body=body
    )
    return Link(seq, prev, digest, full)


def read_chain(vault: Vault) -> list[Link]:
    """Every link, decrypted, in order. Raises IntegrityError on a damaged body."""
    with items.reading(vault) as conn:
        rows = chain_repo.all_links(conn, vault_id=vault.vault_id)
    return [Link(r.seq, r.prev, r.hash, _decode(vault, r)) for r in rows]


def _matches_code(links: list[Link], code: str) -> bool:
    wanted = "".join(ch for ch in code.upper() if ch.isalnum())
    return any(short_code(link.hash).replace("-", "") == wanted for link in links)


def verify_vault_chain(vault: Vault, *, code: str | None = None) -> ChainCheck:
    """Check the stored chain; with ``code``, also that a written-down code is on it (R27)."""
    with items.reading(vault) as conn:
        rows = chain_repo.all_links(conn, vault_id=vault.vault_id)
    links: list[Link] = []
    for position, row in enumerate(rows, start=1):
        try:
            event = _decode(vault, row)
        except IntegrityError:
            check = verify(links)
            if not check.ok:
                return check
            reason = "the stored event was changed, moved or renumbered"
            return ChainCheck(False, len(links), check.head, position, reason)
        links.append(Link(row.seq, row.prev, row.hash, event))
    check = verify(links)
    if check.ok and code is not None and not _matches_code(links, code):
        return ChainCheck(False, check.length, check.head, None, "that code is not on this chain")
    return check


def head(vault: Vault) -> Head:
    """The newest link as (hash, short code, length); an empty chain has the zero hash."""
    with items.reading(vault) as conn:
        last = chain_repo.last_link(conn, vault_id=vault.vault_id)
    digest, length = (last.hash, last.seq) if last else (GENESIS, 0)
    return Head(digest, short_code(digest), length)


def record_anchor(vault: Vault, *, note: str = "written", now: datetime | None = None) -> Link:
    """Record that the person wrote the current head down or sent it to themselves (R27)."""
    if note not in ANCHOR_NOTES:
        raise ValueError(f"unknown anchor note: {note!r}")
    with items.transaction(vault) as conn:
        chain_repo.lock_chain(conn, vault_id=vault.vault_id)  # the head cannot move under us
        last = chain_repo.last_link(conn, vault_id=vault.vault_id)
        current = last.hash if last else GENESIS
        event = {"type": "anchor", "head": current, "code": short_code(current), "note": note}
        return append(conn, vault, event, now=now)


def anchors(links: list[Link]) -> list[Link]:
    """The anchor links of a chain, oldest first."""
    return [link for link in links if link.event.get("type") == "anchor"]

"""Queries on the hash chain, scoped by vault (R37). Bodies are ciphertext."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from onward.store.tables import chain_links


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One stored link: its place, its hashes and its encrypted event."""

    seq: int
    hash: str
    prev: str
    body: bytes


def lock_chain(conn: Connection, *, vault_id: str) -> None:
    """Serialise appends to one vault's chain for the rest of this transaction.

    SQLite transactions already start with BEGIN IMMEDIATE (one writer at a time).
    PostgreSQL gets a transaction-scoped advisory lock keyed by the vault, so two
    sessions cannot both read "last = n" and race for n + 1.
    """
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(b"chain|" + vault_id.encode()).digest()[:8], "big")
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key - (1 << 63)})


def last_link(conn: Connection, *, vault_id: str) -> LinkRow | None:
    row = conn.execute(
        select(chain_links.c.seq, chain_links.c.hash, chain_links.c.prev, chain_links.c.body)
        .where(chain_links.c.vault_id == vault_id)
        .order_by(chain_links.c.seq.desc())
        .limit(1)
    ).one_or_none()
    return LinkRow(row.seq, row.hash, row.prev, row.body) if row else None


def insert_link(
    conn: Connection, *, vault_id: str, seq: int, hash_: str, prev: str, body: bytes
) -> None:
    conn.execute(
        chain_links.insert().values(vault_id=vault_id, seq=seq, hash=hash_, prev=prev, body=body)
    )


def all_links(conn: Connection, *, vault_id: str) -> list[LinkRow]:
    """Every link of a vault in sequence order."""
    rows = conn.execute(
        select(chain_links.c.seq, chain_links.c.hash, chain_links.c.prev, chain_links.c.body)
        .where(chain_links.c.vault_id == vault_id)
        .order_by(chain_links.c.seq)
    ).all()
    return [LinkRow(r.seq, r.hash, r.prev, r.body) for r in rows]


def count_links(conn: Connection, *, vault_id: str) -> int:
    query = select(func.count()).where(chain_links.c.vault_id == vault_id)
    return int(conn.execute(query).scalar_one())

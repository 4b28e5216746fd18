"""Queries for the second check (model flags on imported messages), scoped by vault (R37).

The pass walks one import at a time in ``seq`` order from a high-water mark, through the
``(vault_id, seq)`` index. Bodies stay ciphertext here; the service decrypts and re-seals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select

from onward.store.contacts_repo import COLUMNS, ContactRow
from onward.store.tables import contacts, imports

TEXT_KIND = "text"


def import_ids(conn: Connection, *, vault_id: str) -> list[str]:
    """Every import of the vault (ids only; the order is stable, not meaningful)."""
    query = select(imports.c.id).where(imports.c.vault_id == vault_id).order_by(imports.c.id)
    return [str(r[0]) for r in conn.execute(query)]


def _texts(vault_id: str, import_id: str, after_seq: int) -> list[Any]:
    return [
        contacts.c.vault_id == vault_id,
        contacts.c.seq > after_seq,
        contacts.c.import_id == import_id,
        contacts.c.kind == TEXT_KIND,
        contacts.c.sender_key.is_not(None),
    ]


def batch(
    conn: Connection,
    *,
    vault_id: str,
    import_id: str,
    after_seq: int,
    roles: Sequence[int],
    limit: int,
) -> list[ContactRow]:
    """The next text messages with a sender of one import: those from ``roles``, and any
    other row with a flag (so flags of an older model can be taken off it)."""
    clauses = _texts(vault_id, import_id, after_seq)
    wanted = or_(contacts.c.role.in_(roles), contacts.c.flags != 0)
    query: Select[Any] = select(*COLUMNS).where(and_(*clauses, wanted))
    rows = conn.execute(query.order_by(contacts.c.seq).limit(limit)).all()
    return [ContactRow(*r) for r in rows]


def count_left(
    conn: Connection, *, vault_id: str, import_id: str, after_seq: int, roles: Sequence[int]
) -> int:
    """How many text messages from ``roles`` come after the mark in one import."""
    clauses = [*_texts(vault_id, import_id, after_seq), contacts.c.role.in_(roles)]
    query = select(func.count()).select_from(contacts).where(and_(*clauses))
    return int(conn.execute(query).scalar_one())


def rows_by_id(conn: Connection, *, vault_id: str, ids: Sequence[str]) -> list[ContactRow]:
    if not ids:
        return []
    query: Select[Any] = select(*COLUMNS).where(
        contacts.c.vault_id == vault_id, contacts.c.id.in_(list(ids))
    )
    return [ContactRow(*r) for r in conn.execute(query)]

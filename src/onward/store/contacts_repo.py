"""Queries on the contact timeline, scoped by vault (R37). Bodies are ciphertext."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from onward.store.tables import contacts


@dataclass(frozen=True, slots=True)
class ContactRow:
    seq: int
    id: str
    import_id: str | None
    conv_id: str
    ts: int
    channel: str
    kind: str
    role: int
    sender_key: str | None
    flags: int
    dismissed: int
    body: bytes


@dataclass(frozen=True, slots=True)
class ContactFilter:
    """Which contacts to show. ``categories`` is a bit mask; 0 means any."""

    start_ts: int | None = None
    end_ts: int | None = None
    channels: tuple[str, ...] = ()
    roles: tuple[int, ...] = ()
    categories: int = 0
    include_dismissed: bool = False
    conv_id: str | None = None


COLUMNS = (
    contacts.c.seq,
    contacts.c.id,
    contacts.c.import_id,
    contacts.c.conv_id,
    contacts.c.ts,
    contacts.c.channel,
    contacts.c.kind,
    contacts.c.role,
    contacts.c.sender_key,
    contacts.c.flags,
    contacts.c.dismissed,
    contacts.c.body,
)


def insert_many(conn: Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows, skipping any whose (vault, dedupe) already exists; returns rows added."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(contacts)
        .on_conflict_do_nothing(index_elements=["vault_id", "dedupe"])
        .returning(contacts.c.seq)
    )
    # executemany rowcounts are not reliable across drivers; RETURNING gives the
    # rows actually inserted (skipped duplicates return nothing).
    return len(conn.execute(stmt, list(rows)).all())


def filter_clauses(vault_id: str, f: ContactFilter) -> list[Any]:
    clauses: list[Any] = [contacts.c.vault_id == vault_id]
    if f.start_ts is not None:
        clauses.append(contacts.c.ts >= f.start_ts)
    if f.end_ts is not None:
        clauses.append(contacts.c.ts < f.end_ts)
    if f.channels:
        clauses.append(contacts.c.channel.in_(f.channels))
    if f.roles:
        clauses.append(contacts.c.role.in_(f.roles))
    if f.conv_id is not None:
        clauses.append(contacts.c.conv_id == f.conv_id)
    if f.categories:
        # "flags != 0" lets the planner use the partial index of flagged rows.
        clauses.append(contacts.c.flags != 0)
        live = contacts.c.flags if f.include_dismissed else live_flags()
        clauses.append(live.op("&")(f.categories) != 0)
    return clauses


def live_flags() -> ColumnElement[int]:
    """flags & ~dismissed, written with arithmetic SQLite and PostgreSQL share."""
    flags = contacts.c.flags
    return flags - flags.op("&")(contacts.c.dismissed)


def page(
    conn: Connection,
    *,
    vault_id: str,
    where: ContactFilter,
    limit: int,
    after: tuple[int, int] | None = None,
) -> list[ContactRow]:
    """Contacts in time order; ``after`` is the (ts, seq) of the last row already shown."""
    query: Select[Any] = select(*COLUMNS).where(and_(*filter_clauses(vault_id, where)))
    if after is not None:
        ts, seq = after
        query = query.where((contacts.c.ts > ts) | ((contacts.c.ts == ts) & (contacts.c.seq > seq)))
    rows = conn.execute(query.order_by(contacts.c.ts, contacts.c.seq).limit(limit)).all()
    return [ContactRow(*row) for row in rows]


def count(conn: Connection, *, vault_id: str, where: ContactFilter) -> int:
    query = select(func.count()).select_from(contacts).where(and_(*filter_clauses(vault_id, where)))
    return int(conn.execute(query).scalar_one())


def set_roles(conn: Connection, *, vault_id: str, conv_id: str, sender_key: str, role: int) -> int:
    result = conn.execute(
        update(contacts)
        .where(
            contacts.c.vault_id == vault_id,
            contacts.c.conv_id == conv_id,
            contacts.c.sender_key == sender_key,
        )
        .values(role=role)
    )
    return result.rowcount


def set_dismissed(conn: Connection, *, vault_id: str, contact_id: str, bits: int) -> bool:
    result = conn.execute(
        update(contacts)
        .where(contacts.c.vault_id == vault_id, contacts.c.id == contact_id)
        .values(dismissed=bits)
    )
    return result.rowcount == 1


def delete_by_dedupe(conn: Connection, *, vault_id: str, dedupe: str) -> int:
    """Remove the row with this keyed dedupe value (a logged entry's timeline row)."""
    result = conn.execute(
        delete(contacts).where(contacts.c.vault_id == vault_id, contacts.c.dedupe == dedupe)
    )
    return result.rowcount


def count_by_day(
    conn: Connection, *, vault_id: str, where: ContactFilter, offset_s: int = 0
) -> list[tuple[int, int]]:
    """(day number since the epoch, contacts) with days shifted by ``offset_s`` seconds."""
    day = (contacts.c.ts + offset_s) // 86400
    query = (
        select(day.label("day"), func.count())
        .where(and_(*filter_clauses(vault_id, where)))
        .group_by(day)
        .order_by(day)
    )
    return [(int(d), int(n)) for d, n in conn.execute(query).all()]


def count_by_channel(
    conn: Connection, *, vault_id: str, where: ContactFilter
) -> list[tuple[str, int]]:
    query = (
        select(contacts.c.channel, func.count())
        .where(and_(*filter_clauses(vault_id, where)))
        .group_by(contacts.c.channel)
        .order_by(contacts.c.channel)
    )
    return [(str(c), int(n)) for c, n in conn.execute(query).all()]


def imported_rows_of_sender(
    conn: Connection,
    *,
    vault_id: str,
    conv_id: str,
    sender_key: str,
    kind: str,
    roles: Sequence[int],
) -> list[ContactRow]:
    """One sender's imported rows of one kind in one chat, whose role is one of ``roles``."""
    query: Select[Any] = select(*COLUMNS).where(
        contacts.c.vault_id == vault_id,
        contacts.c.conv_id == conv_id,
        contacts.c.sender_key == sender_key,
        contacts.c.kind == kind,
        contacts.c.role.in_(roles),
        contacts.c.import_id.is_not(None),
    )
    rows = conn.execute(query.order_by(contacts.c.seq)).all()
    return [ContactRow(*row) for row in rows]


def set_body(conn: Connection, *, vault_id: str, contact_id: str, body: bytes, flags: int) -> bool:
    """Replace a row's sealed body and its category bits (``dismissed`` stays)."""
    result = conn.execute(
        update(contacts)
        .where(contacts.c.vault_id == vault_id, contacts.c.id == contact_id)
        .values(body=body, flags=flags)
    )
    return result.rowcount == 1

"""Timeline queries over the contacts index columns: pages newest first, and aggregates.

Every aggregate reads only the plaintext index columns (ts, channel, kind, role, flags,
dismissed), never a body, so a chart over a million rows costs one indexed scan and no
decryption. Local days and hours use a fixed UTC offset in seconds (``offset_s``); SQLite
and PostgreSQL both divide integers by truncation, and timestamps are never negative here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, select

from onward.store.contacts_repo import (
    COLUMNS,
    ContactFilter,
    ContactRow,
    filter_clauses,
    live_flags,
)
from onward.store.tables import contacts

SYSTEM_KIND = "system"
CALL_KIND = "call"
DAY_S = 86_400
WEEK_S = 7 * DAY_S
# 1970-01-01 was a Thursday: (days + 3) % 7 makes Monday 0, and (days + 3) // 7 counts
# weeks that start on Monday.
EPOCH_WEEKDAY_SHIFT = 3


def where(vault_id: str, f: ContactFilter, *, contacts_only: bool = False) -> list[Any]:
    """WHERE clauses for a filter; ``contacts_only`` leaves out system events."""
    clauses = filter_clauses(vault_id, f)
    if contacts_only:
        clauses.append(contacts.c.kind != SYSTEM_KIND)
    return clauses


def page_newest_first(
    conn: Connection,
    *,
    vault_id: str,
    where_: ContactFilter,
    limit: int,
    before: tuple[int, int] | None = None,
) -> list[ContactRow]:
    """Contacts newest first; ``before`` is the (ts, seq) of the last row already shown."""
    query: Select[Any] = select(*COLUMNS).where(and_(*where(vault_id, where_)))
    if before is not None:
        ts, seq = before
        query = query.where((contacts.c.ts < ts) | ((contacts.c.ts == ts) & (contacts.c.seq < seq)))
    order = (contacts.c.ts.desc(), contacts.c.seq.desc())
    return [ContactRow(*r) for r in conn.execute(query.order_by(*order).limit(limit)).all()]


def get_row(conn: Connection, *, vault_id: str, contact_id: str) -> ContactRow | None:
    query: Select[Any] = select(*COLUMNS).where(
        contacts.c.vault_id == vault_id, contacts.c.id == contact_id
    )
    row = conn.execute(query).one_or_none()
    return ContactRow(*row) if row else None


def newest_ts(
    conn: Connection, *, vault_id: str, roles: Sequence[int], not_after: int | None = None
) -> int | None:
    """The time of the newest contact (not a system event) from one of ``roles``, at or
    before ``not_after`` when given."""
    query = select(contacts.c.ts).where(
        contacts.c.vault_id == vault_id,
        contacts.c.role.in_(roles),
        contacts.c.kind != SYSTEM_KIND,
    )
    if not_after is not None:
        query = query.where(contacts.c.ts <= not_after)
    row = conn.execute(query.order_by(contacts.c.ts.desc()).limit(1)).one_or_none()
    return int(row.ts) if row else None


def event_rows(
    conn: Connection, *, vault_id: str, start_ts: int, end_ts: int, roles: Sequence[int], limit: int
) -> list[tuple[int, str, str, int, int]]:
    """(ts, channel, kind, role, live flags) of contacts in [start, end], newest ``limit``."""
    query = (
        select(contacts.c.ts, contacts.c.channel, contacts.c.kind, contacts.c.role, live_flags())
        .where(
            contacts.c.vault_id == vault_id,
            contacts.c.ts >= start_ts,
            contacts.c.ts <= end_ts,
            contacts.c.role.in_(roles),
            contacts.c.kind != SYSTEM_KIND,
        )
        .order_by(contacts.c.ts.desc())
        .limit(limit)
    )
    rows = [(int(a), str(b), str(c), int(d), int(e)) for a, b, c, d, e in conn.execute(query)]
    rows.reverse()
    return rows


def per_day_channel(
    conn: Connection, *, vault_id: str, where_: ContactFilter, offset_s: int
) -> list[tuple[int, str, int, int]]:
    """(local day number, channel, messages, calls) for contacts matching the filter."""
    day = (contacts.c.ts + offset_s) // DAY_S
    is_call = case((contacts.c.kind == CALL_KIND, 1), else_=0)
    query = (
        select(day, contacts.c.channel, func.count(), func.sum(is_call))
        .where(and_(*where(vault_id, where_, contacts_only=True)))
        .group_by(day, contacts.c.channel)
        .order_by(day, contacts.c.channel)
    )
    return [
        (int(d), str(ch), int(n) - int(c or 0), int(c or 0)) for d, ch, n, c in conn.execute(query)
    ]


def hour_weekday(
    conn: Connection, *, vault_id: str, where_: ContactFilter, offset_s: int
) -> list[tuple[int, int, int]]:
    """(weekday Monday=0, local hour, contacts) for contacts matching the filter."""
    local = contacts.c.ts + offset_s
    weekday = (local // DAY_S + EPOCH_WEEKDAY_SHIFT) % 7
    hour = (local // 3600) % 24
    query = (
        select(weekday, hour, func.count())
        .where(and_(*where(vault_id, where_, contacts_only=True)))
        .group_by(weekday, hour)
    )
    return [(int(w), int(h), int(n)) for w, h, n in conn.execute(query)]


def categories_per_week(
    conn: Connection,
    *,
    vault_id: str,
    where_: ContactFilter,
    offset_s: int,
    bits: Sequence[int],
) -> list[tuple[int, list[int]]]:
    """(week number, contacts with each live flag bit) for flagged contacts, by week."""
    week = ((contacts.c.ts + offset_s) // DAY_S + EPOCH_WEEKDAY_SHIFT) // 7
    live = live_flags()
    sums = [func.sum(case((live.op("&")(bit) != 0, 1), else_=0)) for bit in bits]
    flagged = ContactFilter(
        start_ts=where_.start_ts,
        end_ts=where_.end_ts,
        channels=where_.channels,
        roles=where_.roles,
        categories=where_.categories or sum(bits),
        conv_id=where_.conv_id,
    )
    query = (
        select(week, *sums)
        .where(and_(*where(vault_id, flagged, contacts_only=True)))
        .group_by(week)
        .order_by(week)
    )
    return [(int(row[0]), [int(v or 0) for v in row[1:]]) for row in conn.execute(query)]


def max_seq(conn: Connection, vault_id: str) -> int:
    """This vault's highest row number (changes whenever one of its rows is added).

    Scoped to the vault (index ix_contacts_vault_seq): a table-wide max had to check,
    one by one, the uncommitted rows of any import running in another account.
    """
    query = select(func.max(contacts.c.seq)).where(contacts.c.vault_id == vault_id)
    return int(conn.execute(query).scalar_one() or 0)

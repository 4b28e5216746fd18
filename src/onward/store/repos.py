"""Queries on encrypted items. Callers pass and get ciphertext; services encrypt.

Every function is scoped by ``vault_id`` (R37): a row of another vault is
never returned, changed or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, update

from onward.store.tables import items


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One stored item as the store sees it: opaque id, order and ciphertext."""

    seq: int
    id: str
    kind: str
    body: bytes


def insert_item(conn: Connection, *, vault_id: str, item_id: str, kind: str, body: bytes) -> int:
    result = conn.execute(
        items.insert().values(id=item_id, vault_id=vault_id, kind=kind, body=body)
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def get_item(conn: Connection, *, vault_id: str, kind: str, item_id: str) -> ItemRow | None:
    row = conn.execute(
        select(items.c.seq, items.c.id, items.c.kind, items.c.body).where(
            items.c.vault_id == vault_id, items.c.kind == kind, items.c.id == item_id
        )
    ).one_or_none()
    return ItemRow(row.seq, row.id, row.kind, row.body) if row else None


def get_items(
    conn: Connection, *, vault_id: str, kind: str, item_ids: list[str]
) -> dict[str, ItemRow]:
    """The items of ``item_ids`` that exist, by id (one query)."""
    if not item_ids:
        return {}
    rows = conn.execute(
        select(items.c.seq, items.c.id, items.c.kind, items.c.body).where(
            items.c.vault_id == vault_id, items.c.kind == kind, items.c.id.in_(item_ids)
        )
    ).all()
    return {r.id: ItemRow(r.seq, r.id, r.kind, r.body) for r in rows}


def list_items(
    conn: Connection,
    *,
    vault_id: str,
    kind: str,
    limit: int,
    before_seq: int | None = None,
    newest_first: bool = True,
    for_update: bool = False,
) -> list[ItemRow]:
    """``for_update`` locks the rows until the transaction ends (PostgreSQL; SQLite already
    lets one writer at a time)."""
    query = select(items.c.seq, items.c.id, items.c.kind, items.c.body).where(
        items.c.vault_id == vault_id, items.c.kind == kind
    )
    if for_update:
        query = query.with_for_update()
    if before_seq is not None:
        query = query.where(items.c.seq < before_seq if newest_first else items.c.seq > before_seq)
    order = items.c.seq.desc() if newest_first else items.c.seq.asc()
    rows = conn.execute(query.order_by(order).limit(limit)).all()
    return [ItemRow(r.seq, r.id, r.kind, r.body) for r in rows]


def count_items(conn: Connection, *, vault_id: str, kind: str) -> int:
    return int(
        conn.execute(
            select(func.count()).where(items.c.vault_id == vault_id, items.c.kind == kind)
        ).scalar_one()
    )


def kind_summary(conn: Connection, *, vault_id: str, kinds: tuple[str, ...]) -> dict[str, int]:
    """How many items of each kind, and the highest ``seq`` among them (key ``""``)."""
    rows = conn.execute(
        select(items.c.kind, func.count(), func.max(items.c.seq))
        .where(items.c.vault_id == vault_id, items.c.kind.in_(kinds))
        .group_by(items.c.kind)
    ).all()
    summary = dict.fromkeys(kinds, 0)
    summary[""] = 0
    for kind, n, top in rows:
        summary[kind] = int(n)
        summary[""] = max(summary[""], int(top))
    return summary


def update_item(conn: Connection, *, vault_id: str, kind: str, item_id: str, body: bytes) -> bool:
    result = conn.execute(
        update(items)
        .where(items.c.vault_id == vault_id, items.c.kind == kind, items.c.id == item_id)
        .values(body=body)
    )
    return result.rowcount == 1


def delete_item(conn: Connection, *, vault_id: str, kind: str, item_id: str) -> bool:
    result = conn.execute(
        delete(items).where(
            items.c.vault_id == vault_id, items.c.kind == kind, items.c.id == item_id
        )
    )
    return result.rowcount == 1


def all_rows(conn: Connection, *, vault_id: str) -> list[tuple[int, str, str, bytes]]:
    """Every item of a vault in order (for backups)."""
    rows = conn.execute(
        select(items.c.seq, items.c.id, items.c.kind, items.c.body)
        .where(items.c.vault_id == vault_id)
        .order_by(items.c.seq)
    ).all()
    return [(r.seq, r.id, r.kind, r.body) for r in rows]


def insert_rows(
    conn: Connection, *, vault_id: str, rows: list[tuple[int, str, str, bytes]]
) -> None:
    """Insert backed-up rows keeping their sequence numbers."""
    if rows:
        conn.execute(
            items.insert(),
            [
                {"seq": seq, "id": item_id, "vault_id": vault_id, "kind": kind, "body": body}
                for seq, item_id, kind, body in rows
            ],
        )

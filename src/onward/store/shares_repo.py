"""Queries for shares and their access log (R44). Every query is scoped: by the
owning vault for the client, by the recipient account for the advocate (R37)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, func, select, update

from onward.store.tables import accounts, share_accesses, shares


@dataclass(frozen=True, slots=True)
class ShareRow:
    id: str
    vault_id: str
    recipient_id: str
    body: bytes
    label: bytes
    created: datetime
    expires: datetime
    revoked: bool
    state: str = "pending"  # "pending", "accepted" or "declined" (R45)


PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"

_COLS = (
    shares.c.id,
    shares.c.vault_id,
    shares.c.recipient_id,
    shares.c.body,
    shares.c.label,
    shares.c.created,
    shares.c.expires,
    shares.c.revoked,
    shares.c.state,
)


def _row(r: object) -> ShareRow:
    values = list(r)  # type: ignore[call-overload]
    values[-2] = bool(values[-2])
    return ShareRow(*values)


def box_keys(conn: Connection, *, account_id: str) -> tuple[bytes | None, bytes | None]:
    row = conn.execute(
        select(accounts.c.box_public, accounts.c.box_secret).where(accounts.c.id == account_id)
    ).one_or_none()
    return (row.box_public, row.box_secret) if row else (None, None)


def set_box_keys(conn: Connection, *, account_id: str, public: bytes, wrapped: bytes) -> None:
    conn.execute(
        update(accounts)
        .where(accounts.c.id == account_id, accounts.c.box_public.is_(None))
        .values(box_public=public, box_secret=wrapped)
    )


def advocate_public_key(conn: Connection, *, account_id: str) -> bytes | None:
    row = conn.execute(
        select(accounts.c.box_public).where(
            accounts.c.id == account_id, accounts.c.role == "advocate", accounts.c.disabled == 0
        )
    ).one_or_none()
    return row.box_public if row else None


def insert_share(conn: Connection, *, row: ShareRow) -> None:
    conn.execute(
        shares.insert().values(
            id=row.id,
            vault_id=row.vault_id,
            recipient_id=row.recipient_id,
            body=row.body,
            label=row.label,
            created=row.created,
            expires=row.expires,
            revoked=int(row.revoked),
            state=row.state,
        )
    )


def shares_of_vault(conn: Connection, *, vault_id: str) -> list[ShareRow]:
    rows = conn.execute(
        select(*_COLS).where(shares.c.vault_id == vault_id).order_by(shares.c.created.desc())
    ).all()
    return [_row(r) for r in rows]


def share_for_recipient(
    conn: Connection, *, recipient_id: str, share_id: str, now: datetime
) -> ShareRow | None:
    """A live share this advocate has accepted; a pending or declined one is None."""
    row = conn.execute(
        select(*_COLS).where(
            shares.c.id == share_id,
            shares.c.recipient_id == recipient_id,
            shares.c.revoked == 0,
            shares.c.expires > now,
            shares.c.state == ACCEPTED,
        )
    ).one_or_none()
    return _row(row) if row else None


def shares_for_recipient(
    conn: Connection, *, recipient_id: str, now: datetime
) -> list[tuple[str, datetime, datetime, str]]:
    """(id, created, expires, state) of the live pending and accepted shares for this
    advocate, newest first (declined ones are gone from her side)."""
    rows = conn.execute(
        select(shares.c.id, shares.c.created, shares.c.expires, shares.c.state)
        .where(
            shares.c.recipient_id == recipient_id,
            shares.c.revoked == 0,
            shares.c.expires > now,
            shares.c.state.in_((PENDING, ACCEPTED)),
        )
        .order_by(shares.c.created.desc())
    ).all()
    return [(r.id, r.created, r.expires, r.state) for r in rows]


def share_state_for_recipient(
    conn: Connection, *, recipient_id: str, share_id: str, now: datetime
) -> tuple[str, str] | None:
    """(vault_id, state) of a live share sealed to this advocate, or None."""
    row = conn.execute(
        select(shares.c.vault_id, shares.c.state).where(
            shares.c.id == share_id,
            shares.c.recipient_id == recipient_id,
            shares.c.revoked == 0,
            shares.c.expires > now,
        )
    ).one_or_none()
    return (row.vault_id, row.state) if row else None


def decide(
    conn: Connection, *, recipient_id: str, share_id: str, now: datetime, state: str
) -> bool:
    """Move a live pending share to ``state`` (accepted or declined); declining drops
    the sealed copy in the same statement. False when it was not pending any more."""
    values: dict[str, object] = {"state": state}
    if state == DECLINED:
        values["body"] = b""
    result = conn.execute(
        update(shares)
        .where(
            shares.c.id == share_id,
            shares.c.recipient_id == recipient_id,
            shares.c.revoked == 0,
            shares.c.expires > now,
            shares.c.state == PENDING,
        )
        .values(**values)
    )
    return bool(result.rowcount)


def drop_expired_bodies(conn: Connection, *, now: datetime) -> int:
    """Delete the sealed copy of every share past its end date (it can never be opened)."""
    result = conn.execute(
        update(shares)
        .where(shares.c.expires <= now, func.length(shares.c.body) > 0)
        .values(body=b"")
    )
    return int(result.rowcount or 0)


def revoke(
    conn: Connection, *, vault_id: str, share_id: str
) -> Literal["revoked", "already"] | None:
    """Mark revoked and drop the sealed copy at once. "already" when it was revoked
    before (nothing changes), None when this vault has no such share."""
    result = conn.execute(
        update(shares)
        .where(shares.c.id == share_id, shares.c.vault_id == vault_id, shares.c.revoked == 0)
        .values(revoked=1, body=b"")
    )
    if result.rowcount:
        return "revoked"
    found = conn.execute(
        select(shares.c.id).where(shares.c.id == share_id, shares.c.vault_id == vault_id)
    ).one_or_none()
    return "already" if found else None


def log_access(
    conn: Connection, *, share_id: str, vault_id: str, at: datetime, what: str = "view"
) -> None:
    conn.execute(
        share_accesses.insert().values(share_id=share_id, vault_id=vault_id, at=at, what=what)
    )


def accesses_of_vault(conn: Connection, *, vault_id: str) -> list[tuple[str, datetime, str]]:
    rows = conn.execute(
        select(share_accesses.c.share_id, share_accesses.c.at, share_accesses.c.what)
        .where(share_accesses.c.vault_id == vault_id)
        .order_by(share_accesses.c.at.desc(), share_accesses.c.id.desc())
    ).all()
    return [(r.share_id, r.at, r.what) for r in rows]


def count_shares(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(shares)).scalar_one())

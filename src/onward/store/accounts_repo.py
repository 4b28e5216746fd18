"""Queries for hosted mode: accounts, invitations, login throttles and sessions.

Callers pass keyed hashes and ciphertext; nothing here sees a name or a key.
Session queries are scoped by ``account_id`` (R37).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, update

from onward.store.tables import (
    accounts,
    hosted_sessions,
    invitations,
    login_throttles,
    shares,
    vault_headers,
)


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: str
    vault_id: str
    verifier: str
    role: str
    disabled: bool


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: str
    account_id: str
    wrapped_dek: bytes
    created: datetime
    last_seen: datetime
    agent: str


def _account(row: object) -> AccountRow:
    return AccountRow(
        id=row.id,  # type: ignore[attr-defined]
        vault_id=row.vault_id,  # type: ignore[attr-defined]
        verifier=row.verifier,  # type: ignore[attr-defined]
        role=row.role,  # type: ignore[attr-defined]
        disabled=bool(row.disabled),  # type: ignore[attr-defined]
    )


_ACCOUNT_COLS = (
    accounts.c.id,
    accounts.c.vault_id,
    accounts.c.verifier,
    accounts.c.role,
    accounts.c.disabled,
)


def find_account(conn: Connection, *, name_key: str) -> AccountRow | None:
    row = conn.execute(select(*_ACCOUNT_COLS).where(accounts.c.name_key == name_key)).one_or_none()
    return _account(row) if row else None


def get_account(conn: Connection, *, account_id: str) -> AccountRow | None:
    row = conn.execute(select(*_ACCOUNT_COLS).where(accounts.c.id == account_id)).one_or_none()
    return _account(row) if row else None


def insert_account(
    conn: Connection,
    *,
    account_id: str,
    name_key: str,
    vault_id: str,
    verifier: str,
    role: str,
    created: datetime,
) -> None:
    conn.execute(
        accounts.insert().values(
            id=account_id,
            name_key=name_key,
            vault_id=vault_id,
            verifier=verifier,
            role=role,
            created=created,
            disabled=0,
        )
    )


def count_accounts_by_role(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(accounts.c.role, func.count()).group_by(accounts.c.role)).all()
    return {role: int(n) for role, n in rows}


def count_sessions_and_shares(conn: Connection) -> dict[str, int]:
    sessions = conn.execute(select(func.count()).select_from(hosted_sessions)).scalar_one()
    live = conn.execute(
        select(func.count()).select_from(shares).where(shares.c.revoked == 0)
    ).scalar_one()
    return {"sessions": int(sessions), "shares": int(live)}


# --- invitations --------------------------------------------------------------------


def insert_invitation(
    conn: Connection, *, code_hash: str, role: str, created: datetime, expires: datetime
) -> None:
    conn.execute(
        invitations.insert().values(
            code_hash=code_hash, role=role, created=created, expires=expires, used=0
        )
    )


def use_invitation(conn: Connection, *, code_hash: str, now: datetime) -> str | None:
    """Mark an unused, unexpired invitation used; return its role, or None."""
    row = conn.execute(
        select(invitations.c.role)
        .where(
            invitations.c.code_hash == code_hash,
            invitations.c.used == 0,
            invitations.c.expires > now,
        )
        .with_for_update()
    ).one_or_none()
    if row is None:
        return None
    conn.execute(update(invitations).where(invitations.c.code_hash == code_hash).values(used=1))
    return str(row.role)


# --- login throttles ----------------------------------------------------------------


def throttle_state(conn: Connection, *, key: str) -> tuple[int, datetime | None]:
    row = conn.execute(
        select(login_throttles.c.failures, login_throttles.c.next_at).where(
            login_throttles.c.key == key
        )
    ).one_or_none()
    return (int(row.failures), row.next_at) if row else (0, None)


def throttle_row(conn: Connection, *, key: str) -> tuple[int, datetime | None, datetime | None]:
    """Failures, the time before which the next try must wait, and the last update."""
    row = conn.execute(
        select(
            login_throttles.c.failures, login_throttles.c.next_at, login_throttles.c.updated
        ).where(login_throttles.c.key == key)
    ).one_or_none()
    return (int(row.failures), row.next_at, row.updated) if row else (0, None, None)


def save_throttle(
    conn: Connection, *, key: str, failures: int, next_at: datetime | None, now: datetime
) -> None:
    changed = conn.execute(
        update(login_throttles)
        .where(login_throttles.c.key == key)
        .values(failures=failures, next_at=next_at, updated=now)
    ).rowcount
    if not changed:
        conn.execute(
            login_throttles.insert().values(
                key=key, failures=failures, next_at=next_at, updated=now
            )
        )


def clear_throttle(conn: Connection, *, key: str) -> None:
    conn.execute(delete(login_throttles).where(login_throttles.c.key == key))


# --- sessions -----------------------------------------------------------------------

_SESSION_COLS = (
    hosted_sessions.c.id,
    hosted_sessions.c.account_id,
    hosted_sessions.c.wrapped_dek,
    hosted_sessions.c.created,
    hosted_sessions.c.last_seen,
    hosted_sessions.c.agent,
)


def _session(row: object) -> SessionRow:
    return SessionRow(*row)  # type: ignore[misc]


def insert_session(
    conn: Connection,
    *,
    session_id: str,
    account_id: str,
    wrapped_dek: bytes,
    now: datetime,
    agent: str,
) -> None:
    conn.execute(
        hosted_sessions.insert().values(
            id=session_id,
            account_id=account_id,
            wrapped_dek=wrapped_dek,
            created=now,
            last_seen=now,
            agent=agent,
        )
    )


def get_session(conn: Connection, *, session_id: str) -> SessionRow | None:
    row = conn.execute(
        select(*_SESSION_COLS).where(hosted_sessions.c.id == session_id)
    ).one_or_none()
    return _session(row) if row else None


def get_session_and_account(
    conn: Connection, *, session_id: str
) -> tuple[SessionRow, AccountRow] | None:
    """A session and its account in one query (one round trip per request)."""
    row = conn.execute(
        select(*_SESSION_COLS, *_ACCOUNT_COLS[1:])
        .join_from(hosted_sessions, accounts, accounts.c.id == hosted_sessions.c.account_id)
        .where(hosted_sessions.c.id == session_id)
    ).one_or_none()
    if row is None:
        return None
    session = _session(tuple(row[: len(_SESSION_COLS)]))
    vault_id, verifier, role, disabled = row[len(_SESSION_COLS) :]
    return session, AccountRow(session.account_id, vault_id, verifier, role, bool(disabled))


def list_sessions(conn: Connection, *, account_id: str) -> list[SessionRow]:
    rows = conn.execute(
        select(*_SESSION_COLS)
        .where(hosted_sessions.c.account_id == account_id)
        .order_by(hosted_sessions.c.last_seen.desc())
    ).all()
    return [_session(r) for r in rows]


def touch_session(conn: Connection, *, session_id: str, now: datetime) -> None:
    conn.execute(
        update(hosted_sessions).where(hosted_sessions.c.id == session_id).values(last_seen=now)
    )


def delete_session(conn: Connection, *, account_id: str, session_id: str) -> bool:
    result = conn.execute(
        delete(hosted_sessions).where(
            hosted_sessions.c.account_id == account_id, hosted_sessions.c.id == session_id
        )
    )
    return bool(result.rowcount)


def delete_other_sessions(conn: Connection, *, account_id: str, keep_id: str) -> int:
    result = conn.execute(
        delete(hosted_sessions).where(
            hosted_sessions.c.account_id == account_id, hosted_sessions.c.id != keep_id
        )
    )
    return int(result.rowcount)


def delete_expired_sessions(
    conn: Connection, *, idle_before: datetime, created_before: datetime
) -> int:
    result = conn.execute(
        delete(hosted_sessions).where(
            (hosted_sessions.c.last_seen < idle_before)
            | (hosted_sessions.c.created < created_before)
        )
    )
    return int(result.rowcount)


def update_login(
    conn: Connection, *, account_id: str, verifier: str, header: str, now: datetime
) -> None:
    """A new passphrase: the verifier and the header (new salt, re-wrapped DEK) together."""
    conn.execute(update(accounts).where(accounts.c.id == account_id).values(verifier=verifier))
    conn.execute(
        update(vault_headers)
        .where(vault_headers.c.slot == account_id)
        .values(header=header, updated=now)
    )


def delete_all_sessions(conn: Connection, *, account_id: str) -> int:
    result = conn.execute(delete(hosted_sessions).where(hosted_sessions.c.account_id == account_id))
    return int(result.rowcount or 0)

"""Hosted-mode sessions shared by every worker process (docs/hosting.md §1.1, R15).

The cookie token is 256 random bits. The database keeps a hash of it and the
vault key wrapped under a key derived from it, so any worker can open the vault
for a request that carries the cookie, and nothing usable rests in the database.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine

from onward.config import Settings
from onward.services import accounts
from onward.services.accounts import Account
from onward.store import accounts_repo as repo
from onward.store import crypto, db
from onward.store.crypto import SecretKey
from onward.store.db import SharedConnection as SharedConnection
from onward.store.login_keys import session_id, session_key

log = logging.getLogger("onward")

TOUCH_EVERY = timedelta(seconds=60)  # write last_seen at most once a minute
_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True, slots=True)
class SessionView:
    """One row of the session list: an opaque handle, a device label and times."""

    handle: str
    agent: str
    created: datetime
    last_seen: datetime
    current: bool


def summarise_agent(user_agent: str | None) -> str:
    """A coarse device label ("Firefox on Linux"); the raw header is never stored."""
    text = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in text), "Browser")
    system = next((name for mark, name in _SYSTEMS if mark in text), "")
    label = f"{browser} on {system}" if system else browser
    return re.sub(r"[^A-Za-z ]", "", label)[:32]


def _aad(account_id: str, sid: str) -> bytes:
    return crypto.record_aad(account_id, "hosted_sessions", sid, "dek")


def _handle(sid: str) -> str:
    return hashlib.sha256(b"onward/session-handle/" + sid.encode()).hexdigest()[:32]


def _engine(settings: Settings, account: Account | None = None) -> Engine:
    """Scoped to one account (R37), or the system scope for lookups by token hash."""
    if account is None:
        return accounts.system_engine(settings)
    return accounts.account_engine(settings, account)


def start_session(
    settings: Settings,
    *,
    account: Account,
    dek: SecretKey,
    user_agent: str | None,
    now: datetime | None = None,
) -> str:
    """Store a new session for ``account`` and return its cookie token."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    sid = session_id(token)
    key = session_key(token)
    try:
        wrapped = crypto.wrap_key(key, dek, _aad(account.id, sid))
    finally:
        key.wipe()
    with _engine(settings, account).begin() as conn:
        repo.insert_session(
            conn,
            session_id=sid,
            account_id=account.id,
            wrapped_dek=wrapped,
            now=now,
            agent=summarise_agent(user_agent),
        )
    log.info("session started")
    return token


def configure_pool(settings: Settings) -> None:
    """Size this process's PostgreSQL pool before its first request (docs/hosting.md §5)."""
    db.set_postgres_pool_size(settings.db_pool_size)


def request_connection(settings: Settings) -> SharedConnection:
    """A web request's one connection and transaction (taken from the pool on first use)."""
    return SharedConnection(_engine(settings))


def _expired(settings: Settings, row: repo.SessionRow, now: datetime) -> bool:
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_max_hours)
    return now - row.last_seen > idle or now - row.created > absolute


def open_session(
    settings: Settings,
    *,
    token: str | None,
    now: datetime | None = None,
    shared: SharedConnection | None = None,
    touch: bool = True,
) -> tuple[Account, SecretKey] | None:
    """The account and its DEK for a cookie token, or None (ended, expired, unknown).

    One query finds the session and its account. With ``shared`` (a web request's
    connection) no other connection is taken; ``last_seen`` is written at most once
    a minute (TOUCH_EVERY), so most requests write nothing here. ``touch=False`` (a
    status poll) never writes it: a poll must not keep an idle session open.
    """
    if not token:
        return None
    now = now or datetime.now(UTC)
    sid = session_id(token)
    with _transaction(settings, shared) as conn:
        found = repo.get_session_and_account(conn, session_id=sid)
        if found is None:
            return None
        row, account_row = found
        # From here on this transaction (with ``shared``, the whole request) sees and
        # writes only this account's rows and its vault's records (R37).
        db.set_scope(conn, db.Scope(account=row.account_id, vault=account_row.vault_id))
        if _expired(settings, row, now):
            repo.delete_session(conn, account_id=row.account_id, session_id=sid)
            log.info("session expired")
            return None
        if touch and now - row.last_seen > TOUCH_EVERY:
            repo.touch_session(conn, session_id=sid, now=now)
    if account_row.disabled:
        return None
    key = session_key(token)
    try:
        dek = crypto.unwrap_key(key, row.wrapped_dek, _aad(row.account_id, sid))
    except Exception:
        return None
    finally:
        key.wipe()
    return Account(account_row.id, account_row.vault_id, account_row.role), dek


@contextmanager
def _transaction(settings: Settings, shared: SharedConnection | None) -> Iterator[Connection]:
    if shared is not None:
        with shared.transaction() as conn:
            yield conn
        return
    with _engine(settings).begin() as conn:
        yield conn


def end_session(
    settings: Settings, *, token: str | None, shared: SharedConnection | None = None
) -> None:
    """Log out: delete the row, so the cookie opens nothing on any worker (R15).

    Pass the request's ``shared`` connection when the request may have opened the
    session: its transaction may hold the row (last_seen), and a second connection
    would wait for it forever.
    """
    if not token:
        return
    sid = session_id(token)
    with _transaction(settings, shared) as conn:
        row = repo.get_session(conn, session_id=sid)
        if row is not None:
            db.set_scope(conn, db.Scope(account=row.account_id))
            repo.delete_session(conn, account_id=row.account_id, session_id=sid)
    log.info("session ended")


def list_sessions(settings: Settings, *, account: Account, token: str) -> list[SessionView]:
    """This account's sessions, newest use first; the current one is marked."""
    current = session_id(token)
    with _engine(settings, account).connect() as conn:
        rows = repo.list_sessions(conn, account_id=account.id)
    return [
        SessionView(_handle(r.id), r.agent, r.created, r.last_seen, r.id == current) for r in rows
    ]


def end_session_by_handle(settings: Settings, *, account: Account, handle: str) -> bool:
    """End one of this account's sessions by its listed handle; False if none matches."""
    with _engine(settings, account).begin() as conn:
        for row in repo.list_sessions(conn, account_id=account.id):
            if secrets.compare_digest(_handle(row.id), handle):
                return repo.delete_session(conn, account_id=account.id, session_id=row.id)
    return False


def end_other_sessions(settings: Settings, *, account: Account, token: str) -> int:
    """End every session of this account except the current one (R15)."""
    with _engine(settings, account).begin() as conn:
        ended = repo.delete_other_sessions(conn, account_id=account.id, keep_id=session_id(token))
    log.info("other sessions ended")
    return ended


def purge_expired(settings: Settings, *, now: datetime | None = None) -> int:
    """Delete sessions past their idle or absolute limit (run periodically)."""
    now = now or datetime.now(UTC)
    with _engine(settings).begin() as conn:
        return repo.delete_expired_sessions(
            conn,
            idle_before=now - timedelta(minutes=settings.session_idle_minutes),
            created_before=now - timedelta(hours=settings.session_max_hours),
        )

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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from onward.config import Settings
from onward.services import accounts
from onward.services.accounts import Account
from onward.store import accounts_repo as repo
from onward.store import crypto, db
from onward.store.crypto import SecretKey
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


def _expired(settings: Settings, row: repo.SessionRow, now: datetime) -> bool:
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_max_hours)
    return now - row.last_seen > idle or now - row.created > absolute


def open_session(
    settings: Settings, *, token: str | None, now: datetime | None = None
) -> tuple[Account, SecretKey] | None:
    """The account and its DEK for a cookie token, or None (ended, expired, unknown)."""
    if not token:
        return None
    now = now or datetime.now(UTC)
    sid = session_id(token)
    with _engine(settings).begin() as conn:
        row = repo.get_session(conn, session_id=sid)
        if row is None:
            return None
        db.set_scope(conn, db.Scope(account=row.account_id))  # writes: own rows only
        if _expired(settings, row, now):
            repo.delete_session(conn, account_id=row.account_id, session_id=sid)
            log.info("session expired")
            return None
        if now - row.last_seen > TOUCH_EVERY:
            repo.touch_session(conn, session_id=sid, now=now)
    account = accounts.get_account(settings, account_id=row.account_id)
    if account is None:
        return None
    key = session_key(token)
    try:
        dek = crypto.unwrap_key(key, row.wrapped_dek, _aad(row.account_id, sid))
    except Exception:
        return None
    finally:
        key.wipe()
    return account, dek


def end_session(settings: Settings, *, token: str | None) -> None:
    """Log out: delete the row, so the cookie opens nothing on any worker (R15)."""
    if not token:
        return
    sid = session_id(token)
    with _engine(settings).begin() as conn:
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

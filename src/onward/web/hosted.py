"""Hosted mode in the web app: sessions that live in PostgreSQL (docs/hosting.md §1.1).

``HostedSessions`` has the interface of ``LocalSessions`` so the existing pages
work per account unchanged. The difference: a vault is opened per request from
the session row and the cookie, and wiped when the response has been sent
(``request_scope``). ``lock_all`` ends the session of the current request only.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.requests import Request

from onward.config import Settings
from onward.services import accounts, hosted_sessions
from onward.services.accounts import Account
from onward.services.hosted_sessions import SharedConnection
from onward.services.vault import UnlockReport, Vault
from onward.web.sessions import SessionInfo

log = logging.getLogger("onward.web")


@dataclass(slots=True)
class _RequestState:
    token: str | None
    opened: dict[str, tuple[Account, Vault]] = field(default_factory=dict)
    shared: SharedConnection | None = None  # made on first use, in a worker thread


class RequestScope:
    """One request's keys and its one database connection (see ``db.SharedConnection``).

    ``finish`` commits the request's saves (or rolls them back) and wipes every key it
    opened; it blocks on the database, so the async middleware runs it in a thread.
    """

    def __init__(self, token: str | None) -> None:
        self.state = _RequestState(token)
        self._reset: contextvars.Token[_RequestState | None] | None = None

    def __enter__(self) -> RequestScope:
        self._reset = _current.set(self.state)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._reset is not None:
            _current.reset(self._reset)

    def finish(self, *, commit: bool) -> bool:
        """True if the request's saves are committed (or there were none)."""
        ok = True
        try:
            if self.state.shared is not None:
                try:
                    self.state.shared.finish(commit=commit)
                except Exception:  # the commit failed: nothing of this request is saved
                    log.error("request transaction failed")
                    ok = False
        finally:
            for _, vault in self.state.opened.values():
                vault.lock()
            self.state.opened.clear()
        return ok


_current: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "onward_hosted_request", default=None
)


@contextmanager
def request_scope(token: str | None) -> Iterator[None]:
    """Around one request (tests, sync callers): commit and wipe afterwards."""
    scope = RequestScope(token)
    with scope:
        try:
            yield
        except BaseException:
            scope.finish(commit=False)
            raise
        scope.finish(commit=True)


class HostedSessions:
    """Sessions of many accounts, shared by every worker through the database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.idle_seconds = settings.session_idle_minutes * 60  # per-vault prefs are ignored

    def start(self, vault: Vault, *, report: UnlockReport | None = None) -> str:
        """Hosted sign-in goes through ``start_for``; a bare vault has no account."""
        raise NotImplementedError("use start_for(account, dek, user_agent)")

    def start_for(self, account: Account, vault: Vault, *, user_agent: str | None) -> str:
        token = hosted_sessions.start_session(
            self.settings, account=account, dek=vault.dek, user_agent=user_agent
        )
        vault.lock()
        return token

    def account_for(self, token: str | None) -> Account | None:
        opened = self._open(token)
        return opened[0] if opened else None

    def vault_for(self, token: str | None) -> Vault | None:
        opened = self._open(token)
        return opened[1] if opened else None

    def peek(self, token: str | None) -> Vault | None:
        """``vault_for`` for a status poll: the session's idle clock is not reset, so a
        page left open and polling does not keep an idle session signed in."""
        opened = self._open(token, touch=False)
        return opened[1] if opened else None

    def _open(self, token: str | None, *, touch: bool = True) -> tuple[Account, Vault] | None:
        if not token:
            return None
        state = _current.get()
        if state is not None and token in state.opened:
            return state.opened[token]
        if state is None:  # outside a request (tests, CLI): the caller locks it
            found = hosted_sessions.open_session(self.settings, token=token, touch=touch)
            if found is None:
                return None
            account, dek = found
            return account, accounts.open_vault(self.settings, account=account, dek=dek)
        if state.shared is None:
            state.shared = hosted_sessions.request_connection(self.settings)
        found = hosted_sessions.open_session(
            self.settings, token=token, shared=state.shared, touch=touch
        )
        if found is None:
            return None
        account, dek = found
        vault = accounts.open_vault(self.settings, account=account, dek=dek)
        vault.shared = state.shared
        state.opened[token] = (account, vault)
        return account, vault

    def info(self, token: str | None) -> SessionInfo | None:
        account = self.account_for(token)
        return SessionInfo(created=0.0, last_seen=0.0) if account else None

    def touch(self, token: str | None) -> bool:
        return self.vault_for(token) is not None

    def expire_idle(self) -> bool:
        return hosted_sessions.purge_expired(self.settings) > 0

    def lock_all(self) -> None:
        """End the session of the current request (lock, quick exit, logout)."""
        state = _current.get()
        if state is not None:
            hosted_sessions.end_session(self.settings, token=state.token, shared=state.shared)

    @property
    def unlocked(self) -> bool:
        state = _current.get()
        return state is not None and self.vault_for(state.token) is not None


def client_address(request: Request, settings: Settings) -> str | None:
    """The client's address for the per-address throttles.

    ``X-Forwarded-For`` is believed only when the request comes straight from a
    configured trusted proxy (``ONWARD_TRUSTED_PROXIES``); then the nearest address
    the proxies did not add is the client. Without that setting the header is
    ignored, so a client cannot pick an address to dodge the throttle.
    """
    peer = request.client.host if request.client else None
    trusted = set(settings.trusted_proxies)
    if peer is None or peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in trusted:
            return hop[:64]
    return peer

"""Hosted mode in the web app: sessions that live in PostgreSQL (docs/hosting.md §1.1).

``HostedSessions`` has the interface of ``LocalSessions`` so the existing pages
work per account unchanged. The difference: a vault is opened per request from
the session row and the cookie, and wiped when the response has been sent
(``request_scope``). ``lock_all`` ends the session of the current request only.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.requests import Request

from onward.config import Settings
from onward.services import accounts, hosted_sessions
from onward.services.accounts import Account
from onward.services.vault import UnlockReport, Vault
from onward.web.sessions import SessionInfo


@dataclass(slots=True)
class _RequestState:
    token: str | None
    opened: dict[str, tuple[Account, Vault]] = field(default_factory=dict)


_current: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "onward_hosted_request", default=None
)


@contextmanager
def request_scope(token: str | None) -> Iterator[None]:
    """Around one request: remember its token; afterwards wipe every key it opened."""
    state = _RequestState(token)
    reset = _current.set(state)
    try:
        yield
    finally:
        _current.reset(reset)
        for _, vault in state.opened.values():
            vault.lock()


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

    def _open(self, token: str | None) -> tuple[Account, Vault] | None:
        if not token:
            return None
        state = _current.get()
        if state is not None and token in state.opened:
            return state.opened[token]
        found = hosted_sessions.open_session(self.settings, token=token)
        if found is None:
            return None
        account, dek = found
        vault = accounts.open_vault(self.settings, account=account, dek=dek)
        if state is None:  # outside a request (tests, CLI): the caller locks it
            return account, vault
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
            hosted_sessions.end_session(self.settings, token=state.token)

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

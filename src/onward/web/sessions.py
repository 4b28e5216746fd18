"""The local server's sessions: one vault, unlocked in memory while in use.

A session token is 256 random bits in an ``HttpOnly; Secure; SameSite=Strict``
``__Host-`` cookie (R35). The vault key lives only here, and is wiped on lock,
quick exit, idle timeout and shutdown (R6).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from onward.services.vault import UnlockReport, Vault


@dataclass(slots=True)
class SessionInfo:
    created: float
    last_seen: float
    notices: list[str] = field(default_factory=list)
    unlock_report: UnlockReport | None = None


class LocalSessions:
    """Holds the unlocked vault and the tokens that may use it."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.RLock()
        self._clock = clock
        self._vault: Vault | None = None
        self._sessions: dict[str, SessionInfo] = {}
        self.idle_seconds = 5 * 60
        # Background work on the unlocked vault (the second check): started on unlock,
        # stopped before the key is wiped.
        self.on_unlock: list[Callable[[Vault], None]] = []
        self.on_lock: list[Callable[[], None]] = []

    def start(self, vault: Vault, *, report: UnlockReport | None = None) -> str:
        """Forget older sessions, keep this vault unlocked, return a new token."""
        with self._lock:
            self.lock_all()
            self._vault = vault
            token = secrets.token_urlsafe(32)
            now = self._clock()
            self._sessions[token] = SessionInfo(created=now, last_seen=now, unlock_report=report)
        for hook in self.on_unlock:
            hook(vault)
        return token

    def vault_for(self, token: str | None) -> Vault | None:
        """The unlocked vault for this token, or None (locking first if idle too long)."""
        with self._lock:
            self.expire_idle()
            if token is None or token not in self._sessions or self._vault is None:
                return None
            if self._vault.locked:
                self.lock_all()
                return None
            self._sessions[token].last_seen = self._clock()
            return self._vault

    def info(self, token: str | None) -> SessionInfo | None:
        with self._lock:
            return self._sessions.get(token or "")

    def touch(self, token: str | None) -> bool:
        return self.vault_for(token) is not None

    def expire_idle(self) -> bool:
        """Lock when every session has been idle past the limit. True if it locked."""
        with self._lock:
            if self._vault is None:
                return False
            now = self._clock()
            if all(now - s.last_seen > self.idle_seconds for s in self._sessions.values()):
                self.lock_all()
                return True
            return False

    def lock_all(self) -> None:
        with self._lock:
            if self._vault is not None:
                for hook in self.on_lock:
                    hook()
                self._vault.lock()
            self._vault = None
            self._sessions.clear()

    @property
    def unlocked(self) -> bool:
        with self._lock:
            return self._vault is not None and not self._vault.locked

"""The local app's background second check: one low-priority thread per unlocked vault.

The web app starts it when the vault is unlocked and after each import or who-is-who
change (``start``), and stops it on lock, quick exit, idle lock and shutdown (``stop``).
It checks a few messages at a time and pauses between batches so pages stay quick; each
batch is its own transaction, so stopping at any point loses nothing. Nothing about the
messages is logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from typing import Final

from onward.services import second_check
from onward.services.vault import Vault

log = logging.getLogger("onward.second_check")

WEB_BATCH: Final = 16  # about a third of a second of model work on a 2-core machine
PAUSE_SECONDS: Final = 0.2  # between batches: requests get the processor first
NICE: Final = 10
UNKNOWN: Final = -1  # running, the number of messages not counted yet


def _lower_priority() -> None:
    """Linux lets one thread have its own niceness; elsewhere this does nothing."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)


class SecondCheckRunner:
    """Runs ``second_check`` in the background for the one unlocked vault."""

    def __init__(self, *, batch: int = WEB_BATCH, pause: float = PAUSE_SECONDS) -> None:
        self._batch = batch
        self._pause = pause
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._vault: Vault | None = None
        self._stop = threading.Event()
        self._again = False
        self._left: int | None = None

    def start(self, vault: Vault) -> None:
        """Start (or, when running, look again for new work after the current pass)."""
        with self._lock:
            if self._thread is not None and self._vault is vault:
                self._again = True
                return
        self.stop()
        with self._lock:
            self._vault, self._stop, self._again = vault, threading.Event(), False
            self._left = UNKNOWN
            self._thread = threading.Thread(
                target=self._work, args=(vault, self._stop), name="onward-second-check", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current batch and wait for it (its import key is then wiped)."""
        with self._lock:
            thread = self._thread
            self._stop.set()
            self._thread, self._vault, self._left = None, None, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current pass to end; True when nothing runs any more."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not (thread is not None and thread.is_alive())

    def left(self, vault: Vault) -> int | None:
        """None when nothing runs for this vault; else messages left (``UNKNOWN``: counting)."""
        with self._lock:
            if self._thread is None or self._vault is not vault:
                return None
            return self._left

    def left_any(self) -> int | None:
        """``left`` for whichever vault it runs on (the local app has one at a time)."""
        with self._lock:
            return None if self._thread is None else self._left

    def _set_left(self, stop: threading.Event, value: int | None) -> None:
        with self._lock:
            if not stop.is_set():
                self._left = value

    def _work(self, vault: Vault, stop: threading.Event) -> None:
        _lower_priority()
        try:
            self._set_left(stop, second_check.pending(vault))
            while not stop.is_set():
                done = second_check.run_batch(vault, limit=self._batch)
                if done is None:
                    if not self._more(stop):
                        return
                    self._set_left(stop, second_check.pending(vault))
                    continue
                with self._lock:
                    if not stop.is_set() and self._left is not None and self._left > 0:
                        self._left = max(0, self._left - done.checked)
                stop.wait(self._pause)
        except Exception as exc:  # a background pass must never crash the app
            if not stop.is_set():
                log.warning("second check stopped: %s", type(exc).__name__)  # no content (R39)
        finally:
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread, self._vault, self._left = None, None, None

    def _more(self, stop: threading.Event) -> bool:
        """At the end of the work: go on if ``start`` asked meanwhile, else finish."""
        with self._lock:
            if self._again and not stop.is_set():
                self._again = False
                return True
            if self._thread is threading.current_thread():
                self._thread, self._vault, self._left = None, None, None
            return False

"""The second check in hosted mode: a job of the import worker, a turn at a time.

Design (docs/hosting.md §1.11). A vault's second check (``second_check``) is a job of kind
``check`` in the import worker's queue (``import_jobs``, migration 0010), at most one
unfinished per vault. Its row holds the vault key (DEK) sealed to the live worker's
ephemeral public key, exactly as an import's does (§1.9), and ``progress`` is the number of
messages it still has to read (a count, no content).

- **Who queues it.** The worker, when an import it ran brought messages to check (it holds
  the DEK then), seals one to its own key; and a client's request (which has the DEK)
  queues one when the vault has messages left and no live check job: on the import result
  page, the timeline, and after who-is-who changes (``ensure``).
- **The worker** takes a check job only when no import waits, runs batches of the check for
  at most ``TURN_S`` seconds, saves (the progress item moves with the rows, so a pass stopped
  anywhere resumes where it was), and puts the job back at the end of the queue, so vaults'
  checks take turns. When nothing is left it finishes the job and deletes its sealed keys.
- **If the worker goes**, its key goes with it: its unfinished check jobs fail like its
  imports (and lose nothing, the check is resumable); the client's next visit queues a new
  one sealed to the live worker (``ensure`` also ends a job whose worker is silent).

Nothing about the messages is logged (R39).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Engine

from onward.config import Settings
from onward.services import accounts, items, second_check
from onward.services.accounts import Account
from onward.services.vault import Vault
from onward.store import box
from onward.store import import_jobs_repo as repo
from onward.store.crypto import SecretKey
from onward.store.ids import new_id

log = logging.getLogger("onward")

TURN_S: Final = 3.0  # model work per turn before the job goes back in the queue
TURN_BATCH: Final = 16  # messages per batch (about a third of a second on 2 cores)


def _seal(public_key: bytes, account_id: str, vault: Vault) -> bytes:
    payload = {"account_id": account_id, "vault_id": vault.vault_id, "dek": vault.dek.raw().hex()}
    return box.seal_to(public_key, json.dumps(payload).encode())


def queue(
    vault: Vault, *, account_id: str, worker: tuple[str, bytes], left: int, now: datetime
) -> bool:
    """Queue a check job sealed to ``worker`` (id, public key); False if one exists."""
    worker_id, public_key = worker
    sealed = _seal(public_key, account_id, vault)
    with items.transaction(vault) as conn:
        queued = repo.insert_check(
            conn,
            job_id=new_id(),
            vault_id=vault.vault_id,
            worker_id=worker_id,
            sealed_keys=sealed,
            left=left,
            now=now,
        )
    if queued:
        log.info("second check queued")
    return queued


def _live_left(vault: Vault, now: datetime) -> tuple[bool, int | None]:
    """(a job exists, messages it has left); a job whose worker is gone is ended here."""
    with items.transaction(vault) as conn:
        job = repo.live_check(conn, vault_id=vault.vault_id)
        if job is None:
            return False, None
        since = now - repo.WORKER_STALE
        if repo.worker_alive(conn, worker_id=job.worker_id, since=since):
            return True, job.progress
        repo.drop_check(conn, vault_id=vault.vault_id, job_id=job.id, now=now)
    log.info("second check job of a stopped worker ended")
    return False, None


def ensure(
    settings: Settings, vault: Vault, account: Account, *, now: datetime | None = None
) -> int | None:
    """Messages the vault's second check has left, queueing its job if none is live.

    None when there is nothing to check, or no worker runs (the next visit tries again).
    Costs one indexed read when a job is live; otherwise the count of ``pending``.
    """
    if not settings.hosted:
        return None
    now = now or datetime.now(UTC)
    live, left = _live_left(vault, now)
    if live:
        return left
    left = second_check.pending(vault)
    if left == 0:
        return None
    with items.reading(vault) as conn:
        worker = repo.live_worker(conn, since=now - repo.WORKER_STALE)
    if worker is None:
        return None
    queue(vault, account_id=account.id, worker=worker, left=left, now=now)
    return left


def left(vault: Vault, *, now: datetime | None = None) -> int | None:
    """What the polled status line shows: the live job's count, or None (never queues)."""
    now = now or datetime.now(UTC)
    with items.reading(vault) as conn:
        job = repo.live_check(conn, vault_id=vault.vault_id)
        if job is None or not repo.worker_alive(
            conn, worker_id=job.worker_id, since=now - repo.WORKER_STALE
        ):
            return None
    return job.progress


# --- the worker ------------------------------------------------------------------------


def run_turn(
    settings: Settings,
    engine: Engine,
    job: repo.JobRow,
    private_key: SecretKey,
    stop: threading.Event,
) -> str:
    """One turn of a claimed check job; returns ``queued`` (back in line), ``done`` or
    ``failed``. The vault key is wiped before this returns."""
    vault: Vault | None = None
    state, left = "failed", 0
    try:
        keys = json.loads(box.open_box(private_key, job.sealed_keys or b""))
        dek = SecretKey(bytes.fromhex(keys.pop("dek")))
        account = Account(keys["account_id"], keys["vault_id"], "client")
        vault = accounts.open_vault(settings, account=account, dek=dek)
        start = time.monotonic()
        state = "queued"
        while True:
            if second_check.run_batch(vault, limit=TURN_BATCH) is None:
                state = "done"
                break
            if stop.is_set() or time.monotonic() - start >= TURN_S:
                break
        if state == "queued":
            left = second_check.pending(vault)
    except Exception as exc:  # a bug or the database away: end the job; the next visit retries
        log.error("second check job failed: %s", type(exc).__name__)
        state = "failed"
    finally:
        if vault is not None:
            vault.lock()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        if state == "queued":
            repo.requeue(conn, job_id=job.id, left=left, now=now)
        else:
            repo.finish_job(conn, job_id=job.id, state=state, result=None, now=now)
    return state

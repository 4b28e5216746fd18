"""Hosted imports outside the request: upload, queue, a worker process, progress, result.

Design (docs/hosting.md §1.9). The upload is written to the data folder encrypted in
1 MiB AEAD chunks under a random file key. The job row holds the vault key (DEK) and
that file key sealed (X25519 sealed box) to the public key of a running worker, whose
private key exists only in that worker's memory: a database dump, a backup or the
upload folder alone opens nothing, and a worker restart makes every unfinished job
unopenable (it fails cleanly and can be uploaded again). The sealed keys are deleted
with the write that finishes the job. The import itself is ``imports.run_import``: one
transaction, so a failed or killed job leaves nothing visible. The result (import id,
or the error message) is sealed under the DEK, readable only in the client's session.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import struct
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Final

from sqlalchemy import Engine

from onward.config import Settings
from onward.errors import (
    DateOrderUndecidedError,
    ImportFileError,
    NotFoundError,
    OnwardError,
)
from onward.i18n import gettext as _
from onward.importers.base import DateOrder, ParseOptions
from onward.services import accounts, import_upload, items, second_check, second_check_jobs
from onward.services.accounts import Account
from onward.services.imports import run_import
from onward.services.log_files import clean_name
from onward.services.vault import Vault
from onward.store import box, crypto, db
from onward.store import import_jobs_repo as repo
from onward.store.crypto import SecretKey
from onward.store.ids import is_id, new_id

log = logging.getLogger("onward")

JOBS_DIR: Final = "import-jobs"
CHUNK: Final = 1024 * 1024
WORKER_STALE: Final = repo.WORKER_STALE  # no heartbeat for this long: worker is gone
BEAT_EVERY_S: Final = 5.0
POLL_S: Final = 1.0
PROGRESS_EVERY_S: Final = 1.0
KEEP_FINISHED: Final = timedelta(days=1)
_LEN = struct.Struct(">I")

INTERRUPTED = (
    "The import stopped before it finished. Nothing from it was saved.",
    "Please choose the file and import it again.",
)
STOPPED = "You stopped this import. Nothing from it was saved."


@dataclass(frozen=True, slots=True)
class JobView:
    """What the progress page shows about one job."""

    job_id: str
    state: str  # queued, running, stopping, done, failed
    progress: int
    import_id: str | None = None
    duplicate: bool = False
    error: str | None = None
    hint: str | None = None
    examples: list[str] = field(default_factory=list)  # dates as written, when asking order
    fmt: str = ""
    stopped: bool = False  # the client stopped it (the error says so)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


# --- the upload, encrypted at rest -----------------------------------------------------


def _jobs_dir(settings: Settings) -> Path:
    folder = settings.data_dir / JOBS_DIR
    db.ensure_private_dir(folder)
    return folder


def _private_dir() -> Path:
    """A private temporary folder, in RAM where the system has one (as web uploads use)."""
    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="tmp", dir=base))


def _chunk_aad(job_id: str, index: int, last: bool) -> bytes:
    return f"onward/v1/import-job/{job_id}/{index}/{int(last)}".encode()


def _write_encrypted(stream: BinaryIO, target: Path, key: SecretKey, job_id: str) -> int:
    """Copy the upload into ``target`` as sealed chunks; the last one is marked (no cut-off)."""
    size = 0
    index = 0
    with target.open("xb") as out:
        os.chmod(target, 0o600)
        chunk = stream.read(CHUNK)
        while True:
            size += len(chunk)
            if size > import_upload.MAX_UPLOAD_BYTES:
                raise ImportFileError(
                    _("That file is too large to import here."),
                    hint=_("Files up to 1 GB can be imported on this page."),
                )
            following = stream.read(CHUNK) if chunk else b""
            last = not following
            sealed = crypto.seal(key, chunk, _chunk_aad(job_id, index, last))
            out.write(_LEN.pack(len(sealed)) + sealed)
            if last:
                break
            chunk, index = following, index + 1
        out.flush()
        os.fsync(out.fileno())
    if size == 0:
        raise ImportFileError(_("That file is empty."), hint=_("Choose the export file again."))
    return size


def _decrypt_to(source: Path, target: Path, key: SecretKey, job_id: str) -> None:
    with source.open("rb") as src, target.open("xb") as out:
        os.chmod(target, 0o600)
        index = 0
        while True:
            head = src.read(_LEN.size)
            if len(head) < _LEN.size:
                raise ImportFileError(_("The uploaded file was cut short."), hint=INTERRUPTED[1])
            sealed = src.read(_LEN.unpack(head)[0])
            try:
                out.write(crypto.open_sealed(key, sealed, _chunk_aad(job_id, index, False)))
            except OnwardError:
                out.write(crypto.open_sealed(key, sealed, _chunk_aad(job_id, index, True)))
                return
            index += 1


# --- the web side ----------------------------------------------------------------------


def _engine(settings: Settings) -> Engine:
    """The worker's engine: it serves every account, so it works in the system scope,
    which row security lets touch job rows only (migration 0008), never records."""
    return accounts.system_engine(settings)


def enqueue(
    settings: Settings,
    vault: Vault,
    account: Account,
    stream: BinaryIO,
    filename: str,
    *,
    fmt: str | None = None,
    date_order: DateOrder | None = None,
    now: datetime | None = None,
) -> str:
    """Save the upload encrypted and queue it for the worker; returns the job id."""
    if fmt is not None and fmt not in import_upload.formats():
        raise ImportFileError(
            _("We do not know that import format."), hint=", ".join(import_upload.formats())
        )
    now = now or datetime.now(UTC)
    engine = accounts.account_engine(settings, account)  # row security: this vault only
    with engine.connect() as conn:
        worker = repo.live_worker(conn, since=now - WORKER_STALE)
    if worker is None:
        raise ImportFileError(
            _("Imports are not running on this server right now."),
            hint=_("Nothing was saved. Try again in a few minutes, or tell the service's team."),
        )
    worker_id, public_key = worker
    job_id = new_id()
    path = _jobs_dir(settings) / f"{job_id}.upload"
    file_key = SecretKey.generate()
    try:
        _write_encrypted(stream, path, file_key, job_id)
        payload = {
            "account_id": account.id,
            "vault_id": vault.vault_id,
            "dek": vault.dek.raw().hex(),
            "file_key": file_key.raw().hex(),
            "file_name": clean_name(filename or "export"),
            "fmt": fmt,
            "date_order": date_order,
        }
        sealed = box.seal_to(public_key, json.dumps(payload).encode())
        with engine.begin() as conn:
            repo.insert_job(
                conn,
                job_id=job_id,
                vault_id=vault.vault_id,
                worker_id=worker_id,
                sealed_keys=sealed,
                now=now,
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        file_key.wipe()
    log.info("import queued")
    return job_id


def _missing() -> NotFoundError:
    return NotFoundError(_("That import is not here."), hint=_("It may have been removed."))


def job_view(vault: Vault, job_id: str) -> JobView:
    """The state of one of this vault's jobs; another vault's job is 'not here' (R37)."""
    missing = _missing()
    if not is_id(job_id):
        raise missing
    with items.transaction(vault) as conn:
        row = repo.get_job(conn, vault_id=vault.vault_id, job_id=job_id)
        alive = row is not None and repo.worker_alive(
            conn, worker_id=row.worker_id, since=datetime.now(UTC) - WORKER_STALE
        )
    if row is None:
        raise missing
    if row.state in repo.UNFINISHED and not alive:
        return JobView(
            row.id, "failed", row.progress, error=_(INTERRUPTED[0]), hint=_(INTERRUPTED[1])
        )
    if row.state in repo.UNFINISHED:
        return JobView(row.id, row.state, row.progress)
    if row.result is None:
        return JobView(
            row.id, row.state, row.progress, error=_(INTERRUPTED[0]), hint=_(INTERRUPTED[1])
        )
    doc: dict[str, Any] = json.loads(
        vault.cipher.decrypt(row.result, _result_aad(vault.vault_id, row.id))
    )
    if doc.get("stopped"):
        return JobView(row.id, row.state, row.progress, error=_(STOPPED), stopped=True)
    return JobView(
        row.id,
        row.state,
        row.progress,
        import_id=doc.get("import_id"),
        duplicate=bool(doc.get("duplicate")),
        error=doc.get("error"),
        hint=doc.get("hint"),
        examples=list(doc.get("examples") or []),
        fmt=str(doc.get("fmt") or ""),
    )


def _result_aad(vault_id: str, job_id: str) -> bytes:
    return crypto.record_aad(vault_id, "import_jobs", job_id, "result")


def _stopped_doc() -> dict[str, Any]:
    return {"stopped": True, "error": _(STOPPED)}


def cancel(vault: Vault, job_id: str, *, now: datetime | None = None) -> str:
    """Stop one of this vault's jobs. Returns what happened:

    - ``stopped``: it was still waiting; it ends now (failed, its sealed keys deleted,
      its encrypted upload removed, the "you stopped it" result sealed under the DEK);
    - ``stopping``: a worker is running it; the worker sees the mark at its next
      progress write (about a second), rolls the import back and ends the job;
    - ``finished``: it had already ended; nothing changes.

    Another vault's job, or no such job, is 'not here' (R37).
    """
    if not is_id(job_id):
        raise _missing()
    now = now or datetime.now(UTC)
    result = vault.cipher.encrypt(
        json.dumps(_stopped_doc()).encode(), _result_aad(vault.vault_id, job_id)
    )
    with items.transaction(vault) as conn:
        if repo.stop_queued(conn, vault_id=vault.vault_id, job_id=job_id, result=result, now=now):
            outcome = "stopped"
        elif repo.ask_to_stop(conn, vault_id=vault.vault_id, job_id=job_id, now=now):
            outcome = "stopping"
        else:
            row = repo.get_job(conn, vault_id=vault.vault_id, job_id=job_id)
            if row is None:
                raise _missing()
            outcome = "stopping" if row.state == "stopping" else "finished"
    if outcome == "stopped":
        (vault.backend.data_dir / JOBS_DIR / f"{job_id}.upload").unlink(missing_ok=True)
    log.info("import job %s by its client", outcome)
    return outcome


# --- the worker ------------------------------------------------------------------------


class _Stopped(Exception):
    """The worker is stopping: the import's transaction rolls back, the job fails cleanly."""


class _Cancelled(Exception):
    """The client asked to stop this job: the import rolls back, the job says so."""


class _Progress:
    """Called after each batch: writes the count read (at most once a second) and rests.

    The rest keeps the import to ``share`` of the wall time. Lowering the worker's CPU
    priority alone is not enough: half of an import's work is done by its PostgreSQL
    backend, which runs at normal priority beside the web workers' queries.
    """

    def __init__(self, engine: Engine, job_id: str, share: float, stop: threading.Event) -> None:
        self.engine = engine
        self.stop = stop
        self.job_id = job_id
        self.rest = 1.0 / share - 1.0
        self.last = 0.0
        self.since = time.monotonic()

    def __call__(self, read: int) -> None:
        clock = time.monotonic()
        if self.stop.is_set():
            raise _Stopped
        self._write(read)
        if self.rest > 0:
            # Rest in slices of a second, writing progress between them, so a client's
            # "stop" is seen within about a second even during a long rest.
            until = clock + min((clock - self.since) * self.rest, 5.0)
            while (left := until - time.monotonic()) > 0:
                if self.stop.wait(min(left, PROGRESS_EVERY_S)):
                    raise _Stopped
                self._write(read)
        self.since = time.monotonic()

    def _write(self, read: int) -> None:
        """Write the count (at most once a second); the write returns the job's state."""
        clock = time.monotonic()
        if clock - self.last < PROGRESS_EVERY_S:
            return
        self.last = clock
        with self.engine.begin() as conn:
            now = datetime.now(UTC)
            state = repo.set_progress(conn, job_id=self.job_id, progress=read, now=now)
        if state == "stopping":
            raise _Cancelled


class ImportWorker:
    """Runs queued imports one at a time; its private key lives only in this object."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = _engine(settings)
        self.worker_id = new_id()
        self._public, self._private = box.new_keypair()
        self._last_beat = 0.0
        self._last_sweep = 0.0
        self._stop = threading.Event()
        self._rest = 0.0  # seconds owed after a second-check turn (ONWARD_IMPORT_SHARE)

    def register(self) -> None:
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            repo.add_worker(conn, worker_id=self.worker_id, public_key=self._public, now=now)
        self._last_beat = time.monotonic()
        self.sweep()
        log.info("import worker started")

    def close(self) -> None:
        """Leave: unfinished jobs of this worker fail cleanly; the private key is wiped."""
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                repo.remove_worker(conn, worker_id=self.worker_id)
                gone = repo.fail_orphans(conn, before=now - WORKER_STALE, now=now)
            self._remove_uploads(gone)
        finally:
            self._private.wipe()
        log.info("import worker stopped")

    def beat(self, *, force: bool = False) -> None:
        if not force and time.monotonic() - self._last_beat < BEAT_EVERY_S:
            return
        self._last_beat = time.monotonic()
        with self.engine.begin() as conn:
            repo.beat(conn, worker_id=self.worker_id, now=datetime.now(UTC))

    def _heart(self, stop: threading.Event) -> None:
        """Beat from a thread of its own, so a long import never looks like a dead worker."""
        while not stop.wait(BEAT_EVERY_S):
            try:
                self.beat(force=True)
                if time.monotonic() - self._last_sweep > WORKER_STALE.total_seconds():
                    self.sweep()
            except Exception as exc:  # the database is away: try again at the next beat
                log.error("import worker heartbeat failed: %s", type(exc).__name__)

    def sweep(self) -> None:
        """Fail jobs whose worker is gone, and delete old finished ones."""
        self._last_sweep = time.monotonic()
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            gone = repo.fail_orphans(conn, before=now - WORKER_STALE, now=now)
            repo.delete_old_jobs(conn, before=now - KEEP_FINISHED)
        self._remove_uploads(gone)

    def _remove_uploads(self, job_ids: list[str]) -> None:
        for job_id in job_ids:
            (_jobs_dir(self.settings) / f"{job_id}.upload").unlink(missing_ok=True)

    def run_once(self) -> bool:
        """Run the next queued job of this worker, if any: an import to its end, or one
        turn of a second check (imports first). True if one ran."""
        self.beat()
        with self.engine.begin() as conn:
            job = repo.claim_next(conn, worker_id=self.worker_id, now=datetime.now(UTC))
        if job is None:
            return False
        if job.kind == repo.CHECK:
            started = time.monotonic()
            state = second_check_jobs.run_turn(
                self.settings, self.engine, job, self._private, self._stop
            )
            # Rest like an import does, so the model's work stays within the share.
            spent = time.monotonic() - started
            self._rest = min(spent * (1.0 / self.settings.import_share - 1.0), 5.0)
            log.info("second check turn: %s", state)
            return True
        self._run(job)
        return True

    def serve(self, stop: threading.Event) -> None:
        """Run jobs until ``stop`` is set (a running import is then rolled back and fails
        cleanly); a thread keeps the heartbeat going meanwhile."""
        self._stop = stop
        heart = threading.Thread(target=self._heart, args=(stop,), daemon=True)
        heart.start()
        try:
            while not stop.is_set():
                if not self.run_once():
                    stop.wait(POLL_S)
                elif self._rest > 0:
                    rest, self._rest = self._rest, 0.0
                    stop.wait(rest)
        finally:
            stop.set()
            heart.join(timeout=BEAT_EVERY_S * 2)

    def _run(self, job: repo.JobRow) -> None:
        upload = _jobs_dir(self.settings) / f"{job.id}.upload"
        folder = _private_dir()
        keys: dict[str, Any] = {}
        vault: Vault | None = None
        file_key: SecretKey | None = None
        try:
            keys = json.loads(box.open_box(self._private, job.sealed_keys or b""))
            dek = SecretKey(bytes.fromhex(keys.pop("dek")))
            file_key = SecretKey(bytes.fromhex(keys.pop("file_key")))
            account = Account(keys["account_id"], keys["vault_id"], "client")
            vault = accounts.open_vault(self.settings, account=account, dek=dek)
            path = folder / clean_name(keys["file_name"])
            _decrypt_to(upload, path, file_key, job.id)
            upload.unlink(missing_ok=True)  # the plain copy is in private memory now
            state, doc = self._import(vault, job.id, path, keys)
            result = vault.cipher.encrypt(
                json.dumps(doc).encode(), _result_aad(vault.vault_id, job.id)
            )
            if state == "done":
                self._queue_check(vault, account)
        except Exception as exc:  # keys unreadable, file damaged: fail, say so, keep nothing
            log.error("import job failed: %s", type(exc).__name__)
            state, result = "failed", None
        finally:
            if file_key is not None:
                file_key.wipe()
            shutil.rmtree(folder, ignore_errors=True)
            upload.unlink(missing_ok=True)
        try:
            with self.engine.begin() as conn:
                repo.finish_job(
                    conn, job_id=job.id, state=state, result=result, now=datetime.now(UTC)
                )
        finally:
            if vault is not None:
                vault.lock()
        log.info("import job %s", state)

    def _queue_check(self, vault: Vault, account: Account) -> None:
        """The import brought messages for the second check: queue it, sealed to this
        worker's own key (docs/hosting.md §1.11). A failure here never fails the import:
        the client's next visit queues it."""
        try:
            left = second_check.pending(vault)
            if left > 0:
                second_check_jobs.queue(
                    vault,
                    account_id=account.id,
                    worker=(self.worker_id, self._public),
                    left=left,
                    now=datetime.now(UTC),
                )
        except Exception as exc:
            log.error("second check not queued: %s", type(exc).__name__)

    def _import(
        self, vault: Vault, job_id: str, path: Path, keys: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        fmt = keys.get("fmt")
        try:
            result = run_import(
                vault,
                path,
                fmt=fmt,
                options=ParseOptions(date_order=keys.get("date_order")),
                file_name=path.name,
                progress=_Progress(self.engine, job_id, self.settings.import_share, self._stop),
            )
        except _Stopped:
            return "failed", {"error": _(INTERRUPTED[0]), "hint": _(INTERRUPTED[1])}
        except _Cancelled:
            return "failed", _stopped_doc()
        except DateOrderUndecidedError as exc:
            examples = import_upload.date_examples(path)
            return "failed", {"error": exc.user_message, "hint": exc.hint,
                              "examples": examples, "fmt": fmt or ""}  # fmt: skip
        except OnwardError as exc:
            return "failed", {"error": exc.user_message, "hint": exc.hint, "fmt": fmt or ""}
        except Exception as exc:  # a bug: the transaction rolled back; say so plainly
            log.error("import job crashed: %s", type(exc).__name__)
            return "failed", {
                "error": _("Something went wrong on our side. Nothing from this import was saved."),
                "hint": _("Try again. If it happens again, tell the service's team."),
                "fmt": fmt or "",
            }
        return "done", {"import_id": result.import_id, "duplicate": result.duplicate}

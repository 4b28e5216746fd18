"""Rows of hosted import jobs and of the workers that run them (docs/hosting.md §1.9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, select, text, update

from onward.store.tables import import_jobs, import_workers

UNFINISHED = ("queued", "running", "stopping")  # stopping: the client asked, the worker will


@dataclass(frozen=True, slots=True)
class JobRow:
    id: str
    vault_id: str
    worker_id: str
    state: str
    progress: int
    created: datetime
    updated: datetime
    sealed_keys: bytes | None
    result: bytes | None


_COLS = (
    import_jobs.c.id,
    import_jobs.c.vault_id,
    import_jobs.c.worker_id,
    import_jobs.c.state,
    import_jobs.c.progress,
    import_jobs.c.created,
    import_jobs.c.updated,
    import_jobs.c.sealed_keys,
    import_jobs.c.result,
)


def _job(row: object) -> JobRow:
    return JobRow(*row)  # type: ignore[misc]


def add_worker(conn: Connection, *, worker_id: str, public_key: bytes, now: datetime) -> None:
    conn.execute(
        import_workers.insert().values(
            id=worker_id, public_key=public_key, started=now, heartbeat=now
        )
    )


def beat(conn: Connection, *, worker_id: str, now: datetime) -> None:
    conn.execute(
        update(import_workers).where(import_workers.c.id == worker_id).values(heartbeat=now)
    )


def remove_worker(conn: Connection, *, worker_id: str) -> None:
    conn.execute(delete(import_workers).where(import_workers.c.id == worker_id))


def live_worker(conn: Connection, *, since: datetime) -> tuple[str, bytes] | None:
    """The most recently started worker that has beaten since ``since``."""
    row = conn.execute(
        select(import_workers.c.id, import_workers.c.public_key)
        .where(import_workers.c.heartbeat >= since)
        .order_by(import_workers.c.started.desc())
        .limit(1)
    ).one_or_none()
    return (row.id, bytes(row.public_key)) if row else None


def worker_alive(conn: Connection, *, worker_id: str, since: datetime) -> bool:
    row = conn.execute(
        select(import_workers.c.id).where(
            import_workers.c.id == worker_id, import_workers.c.heartbeat >= since
        )
    ).one_or_none()
    return row is not None


def insert_job(
    conn: Connection,
    *,
    job_id: str,
    vault_id: str,
    worker_id: str,
    sealed_keys: bytes,
    now: datetime,
) -> None:
    conn.execute(
        import_jobs.insert().values(
            id=job_id,
            vault_id=vault_id,
            worker_id=worker_id,
            state="queued",
            progress=0,
            created=now,
            updated=now,
            sealed_keys=sealed_keys,
        )
    )


def get_job(conn: Connection, *, vault_id: str, job_id: str) -> JobRow | None:
    row = conn.execute(
        select(*_COLS).where(import_jobs.c.id == job_id, import_jobs.c.vault_id == vault_id)
    ).one_or_none()
    return _job(row) if row else None


def claim_next(conn: Connection, *, worker_id: str, now: datetime) -> JobRow | None:
    """Mark this worker's oldest queued job running and return it (None if there is none)."""
    row = conn.execute(
        select(*_COLS)
        .where(import_jobs.c.worker_id == worker_id, import_jobs.c.state == "queued")
        .order_by(import_jobs.c.created)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).one_or_none()
    if row is None:
        return None
    conn.execute(
        update(import_jobs).where(import_jobs.c.id == row.id).values(state="running", updated=now)
    )
    return _job(row)


def set_progress(conn: Connection, *, job_id: str, progress: int, now: datetime) -> str | None:
    """Write the count read; returns the job's state (``stopping`` when the client asked
    to stop it), or None if the row is gone."""
    return conn.execute(
        update(import_jobs)
        .where(import_jobs.c.id == job_id)
        .values(progress=progress, updated=now)
        .returning(import_jobs.c.state)
    ).scalar_one_or_none()


def stop_queued(
    conn: Connection, *, vault_id: str, job_id: str, result: bytes, now: datetime
) -> bool:
    """End a job no worker has started: failed, with ``result``, its sealed keys deleted.
    False if it is not queued (the worker claimed it meanwhile, or it has ended)."""
    row = conn.execute(
        update(import_jobs)
        .where(
            import_jobs.c.id == job_id,
            import_jobs.c.vault_id == vault_id,
            import_jobs.c.state == "queued",
        )
        .values(state="failed", result=result, sealed_keys=None, updated=now)
        .returning(import_jobs.c.id)
    ).one_or_none()
    return row is not None


def ask_to_stop(conn: Connection, *, vault_id: str, job_id: str, now: datetime) -> bool:
    """Mark a running job ``stopping``; its worker rolls it back at its next progress
    write. False if it is not running."""
    row = conn.execute(
        update(import_jobs)
        .where(
            import_jobs.c.id == job_id,
            import_jobs.c.vault_id == vault_id,
            import_jobs.c.state == "running",
        )
        .values(state="stopping", updated=now)
        .returning(import_jobs.c.id)
    ).one_or_none()
    return row is not None


def finish_job(
    conn: Connection, *, job_id: str, state: str, result: bytes | None, now: datetime
) -> None:
    """Done or failed: the sealed keys are deleted with the same write."""
    conn.execute(
        update(import_jobs)
        .where(import_jobs.c.id == job_id)
        .values(state=state, result=result, sealed_keys=None, updated=now)
    )


def fail_orphans(conn: Connection, *, before: datetime, now: datetime) -> list[str]:
    """Jobs of workers silent since ``before`` fail; those workers' rows go. Returns job ids."""
    dead = select(import_workers.c.id).where(import_workers.c.heartbeat < before)
    rows = conn.execute(
        update(import_jobs)
        .where(
            import_jobs.c.state.in_(UNFINISHED),
            import_jobs.c.worker_id.in_(dead)
            | import_jobs.c.worker_id.not_in(select(import_workers.c.id)),
        )
        .values(state="failed", sealed_keys=None, result=None, updated=now)
        .returning(import_jobs.c.id)
    ).all()
    conn.execute(delete(import_workers).where(import_workers.c.heartbeat < before))
    return [r.id for r in rows]


def delete_old_jobs(conn: Connection, *, before: datetime) -> None:
    """Finished jobs are kept a day for their result page, then deleted."""
    conn.execute(
        delete(import_jobs).where(
            import_jobs.c.state.in_(("done", "failed")), import_jobs.c.updated < before
        )
    )


def lock_timeout(conn: Connection) -> None:
    """Never wait long on a row lock from the worker's side."""
    conn.execute(text("SET LOCAL lock_timeout = '5s'"))

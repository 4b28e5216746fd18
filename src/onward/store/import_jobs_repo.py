"""Rows of hosted import jobs and of the workers that run them (docs/hosting.md §1.9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from onward.store.tables import import_jobs, import_workers

UNFINISHED = ("queued", "running", "stopping")  # stopping: the client asked, the worker will
IMPORT = "import"
CHECK = "check"  # the second check of one vault, a turn at a time (migration 0010)
WORKER_STALE = timedelta(seconds=60)  # no heartbeat for this long: the worker is gone


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
    kind: str = IMPORT


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
    import_jobs.c.kind,
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


def insert_check(
    conn: Connection,
    *,
    job_id: str,
    vault_id: str,
    worker_id: str,
    sealed_keys: bytes,
    left: int,
    now: datetime,
) -> bool:
    """Queue a check job; False (nothing written) when the vault has an unfinished one
    already (the partial unique index of migration 0010 decides a race)."""
    row = conn.execute(
        pg_insert(import_jobs)
        .values(
            id=job_id,
            vault_id=vault_id,
            worker_id=worker_id,
            kind=CHECK,
            state="queued",
            progress=left,
            created=now,
            updated=now,
            sealed_keys=sealed_keys,
        )
        .on_conflict_do_nothing()
        .returning(import_jobs.c.id)
    ).one_or_none()
    return row is not None


def live_check(conn: Connection, *, vault_id: str) -> JobRow | None:
    """The vault's unfinished check job, if any (there is at most one)."""
    row = conn.execute(
        select(*_COLS).where(
            import_jobs.c.vault_id == vault_id,
            import_jobs.c.kind == CHECK,
            import_jobs.c.state.in_(UNFINISHED),
        )
    ).one_or_none()
    return _job(row) if row else None


def drop_check(conn: Connection, *, vault_id: str, job_id: str, now: datetime) -> None:
    """End a check job whose worker is gone (its key with it): failed, keys deleted."""
    conn.execute(
        update(import_jobs)
        .where(
            import_jobs.c.id == job_id,
            import_jobs.c.vault_id == vault_id,
            import_jobs.c.kind == CHECK,
        )
        .values(state="failed", sealed_keys=None, updated=now)
    )


def requeue(conn: Connection, *, job_id: str, left: int, now: datetime) -> None:
    """After one turn: back to the end of the queue, with the messages still to read."""
    conn.execute(
        update(import_jobs)
        .where(import_jobs.c.id == job_id, import_jobs.c.state == "running")
        .values(state="queued", progress=left, updated=now)
    )


def get_job(conn: Connection, *, vault_id: str, job_id: str) -> JobRow | None:
    """One of the vault's import jobs (a check job has no page of its own)."""
    row = conn.execute(
        select(*_COLS).where(
            import_jobs.c.id == job_id,
            import_jobs.c.vault_id == vault_id,
            import_jobs.c.kind == IMPORT,
        )
    ).one_or_none()
    return _job(row) if row else None


def claim_next(conn: Connection, *, worker_id: str, now: datetime) -> JobRow | None:
    """Mark this worker's next queued job running and return it (None if there is none).

    Imports come first, oldest first. Only when none waits is a check job taken: the one
    put back longest ago (``updated``), so vaults' checks take turns (round robin)."""
    row = None
    for kind, order in ((IMPORT, import_jobs.c.created), (CHECK, import_jobs.c.updated)):
        row = conn.execute(
            select(*_COLS)
            .where(
                import_jobs.c.worker_id == worker_id,
                import_jobs.c.state == "queued",
                import_jobs.c.kind == kind,
            )
            .order_by(order)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).one_or_none()
        if row is not None:
            break
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
            import_jobs.c.kind == IMPORT,
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
            import_jobs.c.kind == IMPORT,
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

"""Stopping a hosted import from its page: queued, running (rolled back by the worker),
finished (nothing changes), another account's (404), on real PostgreSQL
(docs/hosting.md §1.9)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.web.test_hosted import csrf, sign_up
from tests.web.test_import_jobs import CHAT, SENTINEL, _client, _row, _upload

from onward.config import Settings
from onward.services import accounts, import_jobs
from onward.store import import_jobs_repo as repo

pytestmark = pytest.mark.pg
STOPPED = "You stopped this import. Nothing from it was saved."
BIG_SENTINEL = "zq-bigsentinel-7730"


def _big_chat(messages: int) -> str:
    lines = [f"14/03/2021, 08:00 - Sam: {BIG_SENTINEL}\n"]
    for i in range(messages):
        who = "Sam" if i % 2 else "Alex"
        lines.append(f"14/03/2021, {8 + i // 3600 % 12:02d}:{i // 60 % 60:02d} - {who}: line {i}\n")
    lines.append(f"14/03/2021, 23:59 - Alex: {BIG_SENTINEL}\n")  # first and last: on any page
    return "".join(lines)


def _stop(client: TestClient, job_id: str) -> TestClient:
    r = client.post(
        f"/job/{job_id}/stop", data={"csrf": csrf(client, f"/job/{job_id}")}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/job/{job_id}"
    return client


def _progress(settings: Settings, job_id: str) -> int:
    with accounts.prepare(settings).connect() as conn:
        return int(
            conn.execute(
                text("SELECT progress FROM import_jobs WHERE id = :i"), {"i": job_id}
            ).scalar_one()
        )


def _wait(check: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.05)


def _upload_path(settings: Settings, job_id: str) -> Path:
    return settings.data_dir / import_jobs.JOBS_DIR / f"{job_id}.upload"


def test_stopping_a_queued_import_ends_it_at_once(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "stop-alice")
        job_id = _upload(c, CHAT)
        page = c.get(f"/job/{job_id}")
        assert "Stop this import" in page.text and f'action="/job/{job_id}/stop"' in page.text
        # The form is protected like every other form.
        assert c.post(f"/job/{job_id}/stop", data={}).status_code == 403
        assert _row(jobs_settings, job_id)[0] == "queued"

        _stop(c, job_id)
        assert _row(jobs_settings, job_id) == ("failed", None)  # sealed keys deleted
        assert not _upload_path(jobs_settings, job_id).exists()
        page = c.get(f"/job/{job_id}")
        assert STOPPED in page.text and 'href="/import"' in page.text
        assert "Stop this import" not in page.text and "hx-trigger" not in page.text
        assert not jobs_worker.run_once()  # nothing left for the worker
        assert SENTINEL not in c.get("/timeline").text
        # Stopping it again changes nothing and says so.
        again = c.post(f"/job/{job_id}/stop", data={"csrf": csrf(c, f"/job/{job_id}")})
        assert again.status_code == 200
        assert "already finished, so there was nothing to stop" in again.text
        assert STOPPED in again.text


def test_stopping_a_claimed_import_shows_stopping_then_the_worker_rolls_it_back(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "stop-bob")
        job_id = _upload(c, CHAT)
        with jobs_worker.engine.begin() as conn:  # the worker has claimed it, not yet imported
            job = repo.claim_next(conn, worker_id=jobs_worker.worker_id, now=datetime.now(UTC))
        assert job is not None and job.id == job_id
        assert "Stop this import" in c.get(f"/job/{job_id}").text

        page = _stop(c, job_id).get(f"/job/{job_id}")
        assert "Stopping…" in page.text and 'data-job-state="stopping"' in page.text
        assert "Stop this import" not in page.text and 'hx-trigger="every 2s"' in page.text
        assert _row(jobs_settings, job_id)[0] == "stopping"

        jobs_worker._run(job)  # its first progress write sees the mark and rolls the import back
        assert _row(jobs_settings, job_id) == ("failed", None)
        assert not _upload_path(jobs_settings, job_id).exists()
        status = c.get(f"/job/{job_id}/status", headers={"HX-Request": "true"})
        assert "HX-Redirect" not in status.headers
        assert STOPPED in status.text and 'href="/import"' in status.text
        assert SENTINEL not in c.get("/timeline").text


def test_stopping_a_running_import_keeps_nothing_and_the_file_can_come_again(
    jobs_settings: Settings,
) -> None:
    # A worker that works 5% of the time: the import is surely still running when stopped.
    slow = import_jobs.ImportWorker(jobs_settings.model_copy(update={"import_share": 0.05}))
    slow.register()
    stop = threading.Event()
    loop = threading.Thread(target=slow.serve, args=(stop,))
    body = _big_chat(12_000)
    with _client(jobs_settings) as c:
        sign_up(c, "stop-carol")
        job_id = _upload(c, body)
        loop.start()
        try:
            # Running, with at least one batch written inside its transaction.
            _wait(lambda: _progress(jobs_settings, job_id) > 0)
            assert _row(jobs_settings, job_id)[0] == "running"
            assert "Stop this import" in c.get(f"/job/{job_id}").text
            _stop(c, job_id)
            assert _row(jobs_settings, job_id)[0] in ("stopping", "failed")
            _wait(lambda: _row(jobs_settings, job_id)[0] == "failed")
            assert loop.is_alive()  # the worker goes on serving
        finally:
            stop.set()
            loop.join(timeout=60)
            slow.close()
        assert not loop.is_alive()
        assert _row(jobs_settings, job_id) == ("failed", None)
        assert not _upload_path(jobs_settings, job_id).exists()
        page = c.get(f"/job/{job_id}")
        assert STOPPED in page.text
        timeline = c.get("/timeline").text
        assert BIG_SENTINEL not in timeline and "line 1" not in timeline

        # The same file again, with a worker at full speed: a fresh import, not a repeat.
        fast = import_jobs.ImportWorker(jobs_settings)
        fast.register()
        try:
            again = _upload(c, body)
            assert fast.run_once()
        finally:
            fast.close()
        view = c.get(f"/job/{again}/status", headers={"HX-Request": "true"})
        target = view.headers["HX-Redirect"]
        assert "again=1" not in target  # not taken for a file already imported
        assert BIG_SENTINEL in c.get("/timeline").text


def test_another_account_cannot_stop_a_job(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as a, _client(jobs_settings) as b:
        sign_up(a, "stop-dana")
        sign_up(b, "stop-erin")
        job_id = _upload(a, CHAT)
        r = b.post(f"/job/{job_id}/stop", data={"csrf": csrf(b, "/import")})
        assert r.status_code == 404
        assert _row(jobs_settings, job_id)[0] == "queued"
        assert _upload_path(jobs_settings, job_id).exists()
        assert b.post("/job/not-an-id/stop", data={"csrf": csrf(b, "/import")}).status_code == 404
        assert jobs_worker.run_once()
        assert _row(jobs_settings, job_id) == ("done", None)
        assert SENTINEL in a.get("/timeline").text


def test_stopping_a_finished_import_changes_nothing(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "stop-fay")
        job_id = _upload(c, CHAT)
        assert jobs_worker.run_once()
        r = c.post(f"/job/{job_id}/stop", data={"csrf": csrf(c, f"/job/{job_id}")})
        assert r.status_code == 200
        assert "This import had already finished, so there was nothing to stop." in r.text
        assert "The import is finished." in r.text
        assert _row(jobs_settings, job_id) == ("done", None)
        assert SENTINEL in c.get("/timeline").text

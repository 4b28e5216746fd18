"""Hosted imports run by the import worker: upload, queue, progress, result, failure,
interruption and isolation, on real PostgreSQL (docs/hosting.md §1.9)."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.web.test_hosted import csrf, sign_up

from onward.config import Settings
from onward.services import accounts, import_jobs
from onward.web.app import create_app

pytestmark = pytest.mark.pg
SENTINEL = "zq-jobsentinel-5521"
NAME = "WhatsApp Chat with Sam.txt"
CHAT = (
    "14/03/2021, 08:00 - Sam: I will kill you if you leave\n"
    f"14/03/2021, 08:01 - Sam: {SENTINEL}\n"
    "14/03/2021, 08:02 - Alex: please stop\n"
)
UNDECIDABLE = "3/4/21, 10:00 - Sam: hi there\n3/4/21, 10:05 - Alex: hello\n"


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="https://testserver")


def _upload(client: TestClient, body: str) -> str:
    r = client.post(
        "/import",
        data={"csrf": csrf(client, "/import")},
        files={"upload": (NAME, body.encode(), "text/plain")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    location = str(r.headers["location"])
    assert location.startswith("/job/")
    return location.rsplit("/", 1)[1]


def _row(settings: Settings, job_id: str) -> tuple[str, bytes | None]:
    with accounts.prepare(settings).connect() as conn:
        row = conn.execute(
            text("SELECT state, sealed_keys FROM import_jobs WHERE id = :i"), {"i": job_id}
        ).one()
    return row.state, row.sealed_keys


def test_upload_is_queued_encrypted_then_imported_by_the_worker(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "jobs-alice")
        job_id = _upload(c, CHAT)
        # At rest: the upload is ciphertext; the job row holds only sealed keys.
        upload = jobs_settings.data_dir / import_jobs.JOBS_DIR / f"{job_id}.upload"
        assert upload.exists() and SENTINEL.encode() not in upload.read_bytes()
        state, sealed = _row(jobs_settings, job_id)
        assert state == "queued" and sealed and SENTINEL.encode() not in sealed
        page = c.get(f"/job/{job_id}")
        assert page.status_code == 200
        assert (
            'hx-trigger="every 2s"' in page.text
            and "<script>" not in page.text.split("</header>")[-1]
        )
        assert SENTINEL not in c.get("/timeline").text  # nothing visible before the job runs

        assert jobs_worker.run_once()
        state, sealed = _row(jobs_settings, job_id)
        assert state == "done" and sealed is None  # the keys are gone with the job
        assert not upload.exists()
        status = c.get(f"/job/{job_id}/status", headers={"HX-Request": "true"})
        target = status.headers["HX-Redirect"]
        assert target.startswith("/import/")
        assert c.get(target).status_code == 200
        assert SENTINEL in c.get("/timeline").text


def test_a_bad_file_fails_cleanly_and_can_be_tried_again(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "jobs-bob")
        job_id = _upload(c, UNDECIDABLE)
        assert jobs_worker.run_once()
        status = c.get(f"/job/{job_id}/status", headers={"HX-Request": "true"})
        assert "HX-Redirect" not in status.headers
        assert 'data-job-state="failed"' in status.text
        assert "hx-trigger" not in status.text  # polling stops
        assert "<code>3/4/21</code>" in status.text  # the date-order question, with examples
        assert 'href="/import?ask=1"' in status.text
        assert "How does your phone write dates?" in c.get("/import?ask=1").text
        assert "hi there" not in c.get("/timeline").text
        # Retry with the order chosen: it goes through.
        r = c.post(
            "/import",
            data={"csrf": csrf(c, "/import"), "order": "DMY"},
            files={"upload": (NAME, UNDECIDABLE.encode(), "text/plain")},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert jobs_worker.run_once()
        again = c.get(str(r.headers["location"]))
        assert 'data-job-state="done"' in again.text


def test_a_worker_that_goes_away_fails_its_jobs_and_uploads_say_so(jobs_settings: Settings) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "jobs-carol")
        r = c.post(
            "/import",
            data={"csrf": csrf(c, "/import")},
            files={"upload": (NAME, CHAT.encode(), "text/plain")},
        )
        assert "Imports are not running on this server right now." in r.text  # no worker yet
        first = import_jobs.ImportWorker(jobs_settings)
        first.register()
        job_id = _upload(c, CHAT)
        first.close()  # stopped before it ran the job: its private key is gone
        page = c.get(f"/job/{job_id}")
        assert "The import stopped before it finished. Nothing from it was saved." in page.text
        assert _row(jobs_settings, job_id) == ("failed", None)
        assert not (jobs_settings.data_dir / import_jobs.JOBS_DIR / f"{job_id}.upload").exists()
        assert SENTINEL not in c.get("/timeline").text


def test_another_account_cannot_see_a_job(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as a, _client(jobs_settings) as b:
        sign_up(a, "jobs-dana")
        sign_up(b, "jobs-erin")
        job_id = _upload(a, CHAT)
        assert b.get(f"/job/{job_id}").status_code == 404
        assert b.get(f"/job/{job_id}/status").status_code == 404
        assert jobs_worker.run_once()
        assert b.get(f"/job/{job_id}").status_code == 404
        assert SENTINEL not in b.get("/timeline").text


def test_the_serving_loop_runs_a_job_and_stops_cleanly(jobs_settings: Settings) -> None:
    w = import_jobs.ImportWorker(jobs_settings)
    w.register()
    stop = threading.Event()
    with _client(jobs_settings) as c:
        sign_up(c, "jobs-fay")
        job_id = _upload(c, CHAT)
        loop = threading.Thread(target=w.serve, args=(stop,))
        loop.start()
        try:
            for _ in range(600):
                if _row(jobs_settings, job_id)[0] == "done":
                    break
                time.sleep(0.1)
        finally:
            stop.set()
            loop.join(timeout=30)
        w.close()
        assert not loop.is_alive()
        assert _row(jobs_settings, job_id) == ("done", None)
        assert SENTINEL in c.get("/timeline").text


def test_stopping_the_worker_mid_import_rolls_it_back_and_says_so(
    jobs_settings: Settings, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "jobs-gil")
        job_id = _upload(c, CHAT)
        stop = threading.Event()
        stop.set()  # as SIGTERM does while an import runs
        jobs_worker._stop = stop
        assert jobs_worker.run_once()
        page = c.get(f"/job/{job_id}")
        assert "The import stopped before it finished. Nothing from it was saved." in page.text
        assert _row(jobs_settings, job_id) == ("failed", None)
        assert SENTINEL not in c.get("/timeline").text
        assert "Choose the file and try again" in page.text

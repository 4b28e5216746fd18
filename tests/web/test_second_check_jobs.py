"""The second check in hosted mode: a job of the import worker, a turn at a time, on real
PostgreSQL (docs/hosting.md §1.11): model flags after an import, imports first, vaults
take turns, a killed worker's job queued again on the next visit without duplicate flags,
isolation between accounts (R37), keys deleted when done."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from tests.services.test_second_check import EXPORT, LETTERS, MISSED, stored
from tests.web.test_hosted import csrf, sign_up
from tests.web.test_import_jobs import _client, _upload

from onward.analysis.flags import PARTNER_CATEGORIES
from onward.analysis.model_flags import model_flags
from onward.config import Settings
from onward.services import accounts, import_jobs, second_check_jobs
from onward.services.vault import Vault
from onward.web import security
from onward.web.hosted import HostedSessions

pytestmark = pytest.mark.pg


def _expected(message: str) -> list[str]:
    """The model's own flags for one message (what the worker must have stored)."""
    [found] = model_flags([message], categories=PARTNER_CATEGORIES, rule_flags=[[]])
    return [f.rule_id for f in found]


def _many(prefix: str, count: int) -> str:
    """A chat whose other person writes ``count`` plain messages (a few turns of work)."""
    lines = [
        f"14/03/2021, {8 + i // 60:02d}:{i % 60:02d} - Sam: {prefix} note number {i} about lunch"
        for i in range(count)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def jobs_settings(hosted: Settings) -> Settings:
    """As in production: the app (web and worker) connects as a role that owns no table,
    so row security is in force for every test here (R37)."""
    return hosted


@pytest.fixture
def short_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    """One batch of 16 messages per turn, so a few dozen messages make several turns."""
    monkeypatch.setattr(second_check_jobs, "TURN_S", 0.0)


def _checks(superuser: Engine) -> list[tuple[str, str, str, int, bytes | None, str]]:
    """Every check job: (id, vault, state, messages left, sealed keys, worker)."""
    with superuser.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, vault_id, state, progress, sealed_keys, worker_id FROM import_jobs"
                " WHERE kind = 'check' ORDER BY created"
            )
        ).all()
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _vault(settings: Settings, client: TestClient) -> Iterator[Vault]:
    vault = HostedSessions(settings).vault_for(client.cookies.get(security.SESSION_COOKIE))
    assert vault is not None
    try:
        yield vault
    finally:
        vault.lock()


def _all_model_flags(settings: Settings, client: TestClient) -> list[tuple[str, list[str]]]:
    """(text, rule ids of its model flags) for every stored message."""
    found: list[tuple[str, list[str]]] = []
    for vault in _vault(settings, client):
        for c in stored(vault):
            ids = [str(f["rule_id"]) for f in c.body.get("flags", [])]
            found.append((c.text, [i for i in ids if i.startswith("model.")]))
    return found


def _model_flags(settings: Settings, client: TestClient) -> dict[str, list[str]]:
    """Text -> rule ids of its model flags (the last message with that text)."""
    return dict(_all_model_flags(settings, client))


def _no_duplicates(settings: Settings, client: TestClient) -> None:
    for _, ids in _all_model_flags(settings, client):
        assert len(ids) == len(set(ids))


def _drain(worker: import_jobs.ImportWorker, limit: int = 50) -> int:
    turns = 0
    while worker.run_once():
        turns += 1
        assert turns < limit, "the worker never ran out of work"
    return turns


def test_an_import_is_followed_by_model_flags_and_the_keys_go(
    jobs_settings: Settings, superuser: Engine, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "check-alice")
        job_id = _upload(c, EXPORT + "\n")
        assert jobs_worker.run_once()  # the import; it queues the check, sealed to itself
        [(check_id, _, state, left, sealed, worker)] = _checks(superuser)
        assert (state, worker) == ("queued", jobs_worker.worker_id)
        assert left > 0 and sealed and MISSED.encode() not in sealed
        assert _model_flags(jobs_settings, c)[MISSED] == []  # rules alone miss it

        # The result page and the timeline show the local app's line, polled by htmx.
        result = c.get(f"/job/{job_id}/status", headers={"HX-Request": "true"})
        for page in (c.get(result.headers["HX-Redirect"]), c.get("/timeline")):
            assert 'hx-get="/recheck/status"' in page.text and "data-second-check" in page.text
            assert "<script>" not in page.text.split("</header>")[-1]
        assert "data-second-check" in c.get("/recheck/status").text
        assert len(_checks(superuser)) == 1  # a visit never queues a second one

        _drain(jobs_worker)
        [(done_id, _, state, _, sealed, _)] = _checks(superuser)
        assert (done_id, state, sealed) == (check_id, "done", None)  # keys deleted
        flags = _model_flags(jobs_settings, c)
        assert flags[MISSED] == _expected(MISSED) != []
        assert flags[LETTERS] == _expected(LETTERS) != []
        _no_duplicates(jobs_settings, c)
        assert "data-second-check" not in c.get("/recheck/status").text
        assert "data-second-check" not in c.get("/timeline").text
        assert len(_checks(superuser)) == 1  # nothing left: nothing queued again
        # A check job has no import page, for its own client either.
        assert c.get(f"/job/{check_id}").status_code == 404


def test_an_import_queued_meanwhile_goes_before_the_check(
    jobs_settings: Settings,
    superuser: Engine,
    jobs_worker: import_jobs.ImportWorker,
    short_turns: None,
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "check-bob")
        _upload(c, _many("first", 40))
        assert jobs_worker.run_once()  # the import
        assert jobs_worker.run_once()  # one turn of its check: back in the queue
        [(_, _, state, left, _, _)] = _checks(superuser)
        assert state == "queued" and 0 < left < 40
        second = _upload(c, EXPORT + "\n")
        assert jobs_worker.run_once()  # the new import, although the check waited longer
        page = c.get(f"/job/{second}")
        assert 'data-job-state="done"' in page.text
        assert _checks(superuser)[0][2:4] == ("queued", left)  # untouched meanwhile
        _drain(jobs_worker)
        assert [r[2] for r in _checks(superuser)] == ["done"]
        assert _model_flags(jobs_settings, c)[MISSED] == _expected(MISSED)


def test_two_vaults_checks_take_turns(
    jobs_settings: Settings,
    superuser: Engine,
    jobs_worker: import_jobs.ImportWorker,
    short_turns: None,
) -> None:
    with _client(jobs_settings) as a, _client(jobs_settings) as b:
        sign_up(a, "check-carol")
        sign_up(b, "check-dana")
        _upload(a, _many("alpha", 40))
        _upload(b, _many("beta", 40))
        assert jobs_worker.run_once() and jobs_worker.run_once()  # both imports first
        jobs = {r[0]: r[1] for r in _checks(superuser)}
        assert len(jobs) == 2
        order: list[str] = []
        before = {r[0]: r[3] for r in _checks(superuser)}
        while jobs_worker.run_once():
            after = {r[0]: (r[2], r[3]) for r in _checks(superuser)}
            moved = [j for j in jobs if after[j][1] != before.get(j) or after[j][0] == "done"]
            moved = [j for j in moved if before.get(j) is not None]
            assert len(moved) == 1
            order.append(jobs[moved[0]])
            if after[moved[0]][0] == "done":
                before.pop(moved[0])
            else:
                before[moved[0]] = after[moved[0]][1]
            assert len(order) < 20
        # 40 messages in batches of 16: three turns each, then one that finds nothing left.
        assert len(order) >= 6
        assert all(order[i] != order[i + 1] for i in range(5))  # strictly alternating
        assert [r[2] for r in _checks(superuser)] == ["done", "done"]


def test_a_killed_workers_check_is_queued_again_and_ends_without_duplicates(
    jobs_settings: Settings, superuser: Engine, short_turns: None
) -> None:
    first = import_jobs.ImportWorker(jobs_settings)
    first.register()
    with _client(jobs_settings) as c:
        sign_up(c, "check-erin")
        _upload(c, EXPORT + "\n" + _many("gamma", 30))
        assert first.run_once() and first.run_once()  # the import, one turn of the check
        [(old_id, _, state, left, _, _)] = _checks(superuser)
        assert state == "queued" and left > 0
        # Killed: no goodbye, its private key gone with its memory, its heartbeat stops.
        first._private.wipe()
        with superuser.begin() as conn:
            conn.execute(
                text(
                    "UPDATE import_workers SET heartbeat = heartbeat - interval '5 minutes'"
                    " WHERE id = :w"
                ),
                {"w": first.worker_id},
            )
        assert "data-second-check" not in c.get("/recheck/status").text  # no live job
        second = import_jobs.ImportWorker(jobs_settings)
        second.register()  # its sweep fails the dead worker's jobs and forgets it
        try:
            assert [r[2:] for r in _checks(superuser)] == [("failed", left, None, first.worker_id)]
            # The client's next visit queues the check again, sealed to the live worker.
            assert "data-second-check" in c.get("/timeline").text
            rows = _checks(superuser)
            assert [(r[0] == old_id, r[2], r[5]) for r in rows] == [
                (True, "failed", first.worker_id),
                (False, "queued", second.worker_id),
            ]
            assert rows[1][3] == left  # it resumes where the first worker was
            _drain(second)
            assert [r[2] for r in _checks(superuser)] == ["failed", "done"]
        finally:
            second.close()
        flags = _model_flags(jobs_settings, c)
        assert flags[MISSED] == _expected(MISSED) != []
        _no_duplicates(jobs_settings, c)  # nothing twice


def test_a_visit_ends_a_silent_workers_check_job_before_any_sweep(
    jobs_settings: Settings, superuser: Engine, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "check-fay")
        _upload(c, EXPORT + "\n")
        assert jobs_worker.run_once()
        [(old_id, *_)] = _checks(superuser)
        with superuser.begin() as conn:
            conn.execute(
                text(
                    "UPDATE import_workers SET heartbeat = heartbeat - interval '5 minutes'"
                    " WHERE id = :w"
                ),
                {"w": jobs_worker.worker_id},
            )
        c.get("/timeline")  # no live worker: the dead job ends, nothing can be queued yet
        assert [(r[0], r[2], r[4]) for r in _checks(superuser)] == [(old_id, "failed", None)]


def test_another_account_cannot_see_or_touch_a_check_job(
    jobs_settings: Settings, superuser: Engine, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as a, _client(jobs_settings) as b:
        sign_up(a, "check-gil")
        sign_up(b, "check-hal")
        _upload(a, EXPORT + "\n")
        assert jobs_worker.run_once()
        [(check_id, vault_a, *_)] = _checks(superuser)
        assert "data-second-check" in a.get("/recheck/status").text
        assert "data-second-check" not in b.get("/recheck/status").text
        assert "data-second-check" not in b.get("/timeline").text
        assert b.get(f"/job/{check_id}").status_code == 404
        assert b.get(f"/job/{check_id}/status").status_code == 404
        stop = b.post(f"/job/{check_id}/stop", data={"csrf": csrf(b, "/import")})
        assert stop.status_code == 404
        # Row security: B's own scope sees no job of A, and cannot end it.
        account_b = HostedSessions(jobs_settings).account_for(
            b.cookies.get(security.SESSION_COOKIE)
        )
        assert account_b is not None
        with accounts.account_engine(jobs_settings, account_b).begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM import_jobs")).scalar_one() == 0
            gone = conn.execute(
                text("UPDATE import_jobs SET state = 'failed' WHERE id = :i"), {"i": check_id}
            )
            assert gone.rowcount == 0
        assert _checks(superuser)[0][1:3] == (vault_a, "queued")
        _drain(jobs_worker)
        assert _model_flags(jobs_settings, a)[MISSED] == _expected(MISSED)
        assert Counter(r[2] for r in _checks(superuser)) == Counter({"done": 1})


def test_the_status_poll_does_not_keep_an_idle_session_open(
    jobs_settings: Settings, superuser: Engine, jobs_worker: import_jobs.ImportWorker
) -> None:
    with _client(jobs_settings) as c:
        sign_up(c, "check-ida")
        _upload(c, EXPORT + "\n")
        assert jobs_worker.run_once()
        with superuser.begin() as conn:
            conn.execute(
                text("UPDATE hosted_sessions SET last_seen = last_seen - interval '5 minutes'")
            )
            before = conn.execute(text("SELECT last_seen FROM hosted_sessions")).scalar_one()
        assert "data-second-check" in c.get("/recheck/status").text
        with superuser.connect() as conn:
            assert (
                conn.execute(text("SELECT last_seen FROM hosted_sessions")).scalar_one() == before
            )
        c.get("/timeline")  # a page view does count
        with superuser.connect() as conn:
            assert conn.execute(text("SELECT last_seen FROM hosted_sessions")).scalar_one() > before

"""Hosted requests on PostgreSQL: one pooled connection and one transaction per request,
a failed save leaves nothing, and ending a session the request has touched cannot hang."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from tests.conftest import fast_settings
from tests.web.test_hosted import csrf, sign_up

from onward.config import Settings
from onward.services import accounts
from onward.web.app import create_app
from onward.web.hosted import HostedSessions, request_scope
from onward.web.security import SESSION_COOKIE

pytestmark = pytest.mark.pg


@pytest.fixture
def hosted(pg_url: str, tmp_path: Path) -> Settings:
    return fast_settings(tmp_path / "data", pg_url, hosted=True, signup="open")


def test_a_page_uses_one_connection_and_one_transaction(hosted: Settings) -> None:
    with TestClient(create_app(hosted), base_url="https://testserver") as c:
        sign_up(c, "req-alice")
        engine = accounts.prepare(hosted)
        seen = {"checkout": 0, "begin": 0, "commit": 0}

        def on_checkout(*_: object) -> None:
            seen["checkout"] += 1

        def on_begin(*_: object) -> None:
            seen["begin"] += 1

        def on_commit(*_: object) -> None:
            seen["commit"] += 1

        event.listen(engine.pool, "checkout", on_checkout)
        event.listen(engine, "begin", on_begin)
        event.listen(engine, "commit", on_commit)
        try:
            for path in ("/home", "/timeline", "/log", "/today"):
                seen.update(checkout=0, begin=0, commit=0)
                assert c.get(path).status_code == 200
                assert seen == {"checkout": 1, "begin": 1, "commit": 1}, (path, seen)
            token = csrf(c, "/today")
            seen.update(checkout=0, begin=0, commit=0)
            r = c.post(
                "/today", data={"csrf": token, "mood": "3", "urge": "1"}, follow_redirects=False
            )
            assert r.status_code == 303
            assert seen == {"checkout": 1, "begin": 1, "commit": 1}
        finally:
            event.remove(engine.pool, "checkout", on_checkout)
            event.remove(engine, "begin", on_begin)
            event.remove(engine, "commit", on_commit)


def test_ending_a_session_the_request_touched_does_not_wait_on_itself(hosted: Settings) -> None:
    with TestClient(create_app(hosted), base_url="https://testserver") as c:
        sign_up(c, "req-bob")
        token = c.cookies.get(SESSION_COOKIE)
    with accounts.prepare(hosted).begin() as conn:  # last use 2 minutes ago: the next use writes
        conn.execute(
            text("UPDATE hosted_sessions SET last_seen = last_seen - interval '2 minutes'")
        )
    sessions = HostedSessions(hosted)
    finished = threading.Event()

    def lock() -> None:
        with request_scope(token):
            assert sessions.vault_for(token) is not None  # touches the row in the request's txn
            sessions.lock_all()
        finished.set()

    worker = threading.Thread(target=lock, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert finished.is_set(), "ending the session waited on the request's own row lock"
    with accounts.prepare(hosted).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM hosted_sessions")).scalar_one() == 0

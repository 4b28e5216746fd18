"""Hosted mode's settings page: each account's own quick-exit address, kept encrypted,
the server's idle time, and the passphrase changed where it also changes the sign-in.
Needs PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.conftest import PASSPHRASE
from tests.web.test_hosted import _client, csrf, log_in, sign_up

from onward.config import Settings
from onward.store import db

pytestmark = pytest.mark.pg
EXIT = "https://weather.example/zq-exit-7731"


def _save(client: TestClient, **fields: str) -> int:
    data = {"csrf": csrf(client, "/settings"), "display_name": "", **fields}
    return client.post("/settings", data=data, follow_redirects=False).status_code


def test_each_account_has_its_own_quick_exit_address(hosted: Settings) -> None:
    with _client(hosted) as robin, _client(hosted) as sam:
        sign_up(robin, "robin")
        sign_up(sam, "sam")
        assert _save(robin, exit_address=EXIT) == 303
        assert f'data-exit-url="{EXIT}"' in robin.get("/home").text
        assert f'value="{EXIT}"' in robin.get("/settings").text
        # The other account, and the sign-in page, keep the neutral page.
        assert 'data-exit-url="/n"' in sam.get("/home").text
        robin.post("/logout", data={"csrf": csrf(robin, "/home")})
        assert 'data-exit-url="/n"' in robin.get("/login").text
        # It belongs to the account, not to the browser: it is back after signing in again.
        assert log_in(robin, "robin") == 303
        assert f'data-exit-url="{EXIT}"' in robin.get("/home").text
        # An empty field goes back to the neutral page.
        assert _save(robin, exit_address="") == 303
        assert 'data-exit-url="/n"' in robin.get("/home").text


def test_the_address_is_stored_encrypted(hosted: Settings) -> None:
    with _client(hosted) as robin:
        sign_up(robin, "robin")
        assert _save(robin, exit_address=EXIT) == 303
    engine = db.postgres_engine(hosted.owner_database_url.get_secret_value())  # type: ignore[union-attr]
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema='public'")
            ).scalars()
            for table in tables:
                dump = conn.execute(text(f'SELECT * FROM "{table}"')).all()
                assert "zq-exit-7731" not in repr(dump), table
    finally:
        engine.dispose()


def test_a_bad_address_is_refused_and_nothing_is_saved(hosted: Settings) -> None:
    with _client(hosted) as robin:
        sign_up(robin, "robin")
        r = robin.post(
            "/settings",
            data={
                "csrf": csrf(robin, "/settings"),
                "display_name": "Robin",
                "exit_address": "javascript:alert(1)",
            },
        )
        assert r.status_code == 400
        assert "must start with https://" in r.text
        assert 'value="Robin"' not in robin.get("/settings").text


def test_settings_page_fits_hosted_mode(hosted: Settings) -> None:
    with _client(hosted) as robin:
        sign_up(robin, "robin")
        page = robin.get("/settings").text
        assert 'name="idle_minutes"' not in page
        assert f"{hosted.session_idle_minutes} quiet minutes" in page
        assert 'href="/passphrase"' in page
        assert 'action="/settings/passphrase"' not in page
        assert 'action="/restore"' not in page
        assert _save(robin, display_name="Robin") == 303
        assert 'value="Robin"' in robin.get("/settings").text
        # The local form's address would have failed on a header that hosted mode does
        # not have; it now sends the person to the page that changes the sign-in too.
        r = robin.post(
            "/settings/passphrase",
            data={
                "csrf": csrf(robin, "/settings"),
                "old": PASSPHRASE,
                "new": "x" * 20,
                "confirm": "x" * 20,
            },
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/passphrase"
        robin.post("/logout", data={"csrf": csrf(robin, "/home")})
        assert log_in(robin, "robin") == 303  # the passphrase did not change

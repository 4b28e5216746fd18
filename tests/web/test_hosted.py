"""Hosted mode in the web app: sign-up, login, sessions, enumeration (R16) and
tenant isolation over every route (R37). Needs PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.conftest import PASSPHRASE, fast_settings
from tests.web.conftest import CSRF_RE

from onward.config import Settings
from onward.services import accounts
from onward.store import db
from onward.web.app import create_app, route_inventory
from onward.web.security import SESSION_COOKIE

pytestmark = pytest.mark.pg
SENTINEL = "zq-sentinel-7731"


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="https://testserver")


@pytest.fixture
def app_client(hosted: Settings) -> Iterator[TestClient]:
    with _client(hosted) as c:
        yield c


def csrf(client: TestClient, page: str = "/login") -> str:
    match = CSRF_RE.search(client.get(page).text)
    assert match
    return match.group(1)


def sign_up(client: TestClient, name: str) -> str:
    token = csrf(client)
    r = client.post(
        "/signup",
        data={"csrf": token, "name": name, "passphrase": PASSPHRASE, "confirm": PASSPHRASE},
    )
    assert r.status_code == 200, r.text
    assert client.cookies.get(SESSION_COOKIE)
    return token


def log_in(client: TestClient, name: str, passphrase: str = PASSPHRASE) -> int:
    r = client.post(
        "/login",
        data={"csrf": csrf(client), "name": name, "passphrase": passphrase},
        follow_redirects=False,
    )
    return r.status_code


def test_hosted_sign_up_home_logout(app_client: TestClient) -> None:
    token = sign_up(app_client, "robin")
    assert app_client.get("/home").status_code == 200
    r = app_client.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "cookies" in r.headers["clear-site-data"]
    app_client.cookies.delete(SESSION_COOKIE)
    assert app_client.get("/home", follow_redirects=False).status_code == 303
    assert log_in(app_client, "robin") == 303
    assert app_client.get("/home").status_code == 200


def test_hosted_local_pages_go_to_login(app_client: TestClient) -> None:
    for path in ("/", "/unlock", "/setup"):
        r = app_client.get(path, follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"] in {"/login", "/signup"}
    assert app_client.post("/setup", data={}, follow_redirects=False).status_code == 303


def test_hosted_login_does_not_reveal_whether_a_name_exists(hosted: Settings) -> None:
    with _client(hosted) as first:
        sign_up(first, "robin")
    with _client(hosted) as probe:
        token = csrf(probe)
        answers = []
        for name, passphrase in (("robin", "not the passphrase"), ("nobody", PASSPHRASE)):
            r = probe.post("/login", data={"csrf": token, "name": name, "passphrase": passphrase})
            answers.append((r.status_code, r.text, r.headers.get("retry-after")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400


def test_hosted_login_storm_gets_429_with_retry_after(hosted: Settings) -> None:
    with _client(hosted) as c:
        sign_up(c, "robin")
        c.cookies.delete(SESSION_COOKIE)
        codes = [log_in(c, "robin", "not the passphrase") for _ in range(7)]
        assert codes[-1] == 429
        r = c.post("/login", data={"csrf": csrf(c), "name": "robin", "passphrase": PASSPHRASE})
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) >= 1


def test_hosted_sessions_page_lists_and_ends_others(hosted: Settings) -> None:
    with _client(hosted) as one, _client(hosted) as two:
        sign_up(one, "robin")
        assert log_in(two, "robin") == 303
        page = two.get("/sessions")
        assert page.status_code == 200
        assert page.text.count('name="handle"') == 1  # the other one
        r = two.post("/sessions/others", data={"csrf": csrf(two, "/sessions")})
        assert r.status_code == 200
        assert one.get("/home", follow_redirects=False).status_code == 303
        assert two.get("/home").status_code == 200


def _ids_of(settings: Settings, vault_id: str) -> list[str]:
    engine = db.postgres_engine(settings.database_url.get_secret_value())  # type: ignore[union-attr]
    with db.scoped(engine, vault=vault_id).connect() as conn:
        found: list[str] = []
        for table in ("items", "contacts", "imports"):
            found += conn.execute(
                text(f"SELECT id FROM {table} WHERE vault_id = :v"), {"v": vault_id}
            ).scalars()
    return found


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[a-z_]+\}", value, path)


def test_hosted_second_account_gets_404_for_every_route_with_an_id(hosted: Settings) -> None:
    with _client(hosted) as alice, _client(hosted) as bob:
        token_a = sign_up(alice, "alice")
        alice.post("/notes", data={"csrf": token_a, "text": SENTINEL})
        alice.post("/log", data={"csrf": token_a, "what": SENTINEL, "channel": "other"})
        account, dek = accounts.log_in(
            hosted, name="alice", passphrase=PASSPHRASE, address="10.9.9.9"
        )
        dek.wipe()
        ids = _ids_of(hosted, account.vault_id)
        assert ids, "alice should own some objects"
        token_b = sign_up(bob, "bob")
        routes = [(p, m) for p, m in route_inventory(alice.app) if "{" in p]  # type: ignore[arg-type]
        assert routes
        leaks = []
        for path, methods in routes:
            for object_id in ids:
                url = _fill(path, object_id)
                for method in sorted(methods - {"HEAD"}):
                    data = {"csrf": token_b} if method != "GET" else None
                    r = bob.request(method, url, data=data, follow_redirects=False)
                    # A form that fails validation before the lookup may answer 400, but
                    # then exactly as it does for an id that exists nowhere (no oracle).
                    missing = bob.request(
                        method, _fill(path, "0" * 32), data=data, follow_redirects=False
                    )
                    expected = 404 if method == "GET" else missing.status_code
                    if r.status_code != expected or r.status_code < 400 or SENTINEL in r.text:
                        leaks.append((method, path, r.status_code))
        assert leaks == [], sorted(set(leaks))
        # Alice's data is untouched by all of that.
        assert SENTINEL in alice.get("/notes").text


def test_hosted_routes_follow_the_route_grammar(app_client: TestClient) -> None:
    from tests.web.test_security import ROUTE_GRAMMAR

    for path, _ in route_inventory(app_client.app):  # type: ignore[arg-type]
        assert ROUTE_GRAMMAR.match(path), path


def test_api_me_entries_and_errors(hosted: Settings) -> None:
    with _client(hosted) as alice, _client(hosted) as bob:
        token = sign_up(alice, "alice")
        head = {"x-csrf-token": token}
        assert alice.get("/api/v1/me").json()["role"] == "client"
        r = alice.post("/api/v1/entries", json={"text": SENTINEL}, headers=head)
        assert r.status_code == 201
        entry_id = r.json()["id"]
        assert alice.get("/api/v1/entries").json()["total"] == 1
        assert alice.get(f"/api/v1/entries/{entry_id}").json()["text"] == SENTINEL
        assert alice.post("/api/v1/entries", json={"text": "x"}).status_code == 403  # no CSRF
        assert len(alice.get("/api/v1/sessions").json()) == 1
        sign_up(bob, "bob")
        r = bob.get(f"/api/v1/entries/{entry_id}")
        assert r.status_code == 404
        assert SENTINEL not in r.text
        assert set(r.json()["error"]) == {"message", "hint"}
    with _client(hosted) as stranger:
        r = stranger.get("/api/v1/me")
        assert r.status_code == 401
        assert "error" in r.json()


def test_api_openapi_only_in_hosted_mode(hosted: Settings, tmp_path: Path) -> None:
    with _client(hosted) as c:
        doc = c.get("/api/v1/openapi.json").json()
        assert "/api/v1/entries/{entry_id}" in doc["paths"]
        assert all(p.startswith("/api/v1/") for p in doc["paths"])
    local = fast_settings(tmp_path / "local")
    with _client(local) as c:
        assert c.get("/api/v1/openapi.json").status_code == 404
        assert c.get("/login").status_code == 404


def test_hosted_admin_sees_counts_only_and_others_get_404(hosted: Settings) -> None:
    code = accounts.create_invitation(hosted, role="admin")
    with _client(hosted) as admin, _client(hosted) as client:
        sign_up(client, "robin")
        client.post("/notes", data={"csrf": csrf(client, "/home"), "text": SENTINEL})
        assert client.get("/admin").status_code == 404
        token = csrf(admin)
        r = admin.post(
            "/signup",
            data={
                "csrf": token,
                "name": "boss",
                "passphrase": PASSPHRASE,
                "confirm": PASSPHRASE,
                "code": code,
            },
        )
        assert r.status_code == 200
        page = admin.get("/admin")
        assert page.status_code == 200
        assert SENTINEL not in page.text
    assert accounts.organisation_counts(hosted) == {
        "client": 1,
        "advocate": 0,
        "admin": 1,
        "sessions": 2,
        "shares": 0,
    }


def test_hosted_a_session_works_on_any_worker(hosted: Settings) -> None:
    """Two app instances stand for two worker processes: same cookie, same vault."""
    with _client(hosted) as worker1, _client(hosted) as worker2:
        token = sign_up(worker1, "robin")
        worker2.cookies.update(worker1.cookies)
        r = worker2.post("/notes", data={"csrf": token, "text": SENTINEL})  # CSRF shared too
        assert r.status_code == 200
        assert SENTINEL in worker1.get("/notes").text
        worker2.post("/logout", data={"csrf": token})
        assert worker1.get("/home", follow_redirects=False).status_code == 303

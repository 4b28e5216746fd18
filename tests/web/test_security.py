"""Web baseline over the whole route inventory (R1–R4, R7, R34–R36)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import csrf, setup_vault

from onward.config import Settings
from onward.web.app import create_app, route_inventory

DENY = re.compile(
    r"abuse|violence|violent|safety plan|evidence|incident|stalk|protection order|breakup|"
    r"break-up|divorce|domestic|victim",
    re.I,
)
ROUTE_GRAMMAR = re.compile(
    r"^/([a-z]{1,12}(/\{[a-z_]+\})?(/[a-z]{1,12})?)?$|^/api/v1(/[a-z]{1,12}(/\{[a-z_]+\})?)*$"
)
PUBLIC_GETS = ["/", "/intro", "/setup", "/unlock", "/recover", "/n", "/static/app.css"]


class _Route:
    def __init__(self, path: str, methods: frozenset[str]) -> None:
        self.path, self.methods = path, methods


def _routes(client: TestClient) -> list[_Route]:
    routes = [_Route(p, m) for p, m in route_inventory(client.app)]  # type: ignore[arg-type]
    assert len(routes) >= 20
    return routes


def _concrete(path: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "0" * 32, path)


def test_route_patterns_are_short_neutral_and_use_opaque_ids(client: TestClient) -> None:
    for route in _routes(client):
        assert ROUTE_GRAMMAR.match(route.path), route.path
        assert not DENY.search(route.path), route.path


def test_every_response_carries_the_security_headers(ready: tuple[TestClient, str]) -> None:
    client, _ = ready
    paths = [*PUBLIC_GETS, "/home", "/notes", "/settings", "/notes/" + "0" * 32, "/nope"]
    for path in paths:
        r = client.get(path, follow_redirects=False)
        assert r.headers["cache-control"] == "no-store", path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert "script-src 'self'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "no-referrer", path
        assert "server" not in r.headers, path


def test_unknown_page_is_404_with_headers(client: TestClient) -> None:
    r = client.get("/does-not-exist")
    assert r.status_code == 404
    assert r.headers["cache-control"] == "no-store"


def test_server_error_is_generic_and_has_headers(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("SENTINEL-secret-detail")

    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert "SENTINEL" not in r.text
    assert r.headers["cache-control"] == "no-store"


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    for host in ["evil.example", "evil.example:8765", "127.0.0.1.evil.example"]:
        assert client.get("/intro", headers={"host": host}).status_code == 403


def test_loopback_hosts_with_port_are_allowed(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"extra_hosts": ()}))
    with TestClient(app, base_url="https://127.0.0.1:8765") as c:
        assert c.get("/intro").status_code == 200
        assert c.get("/intro", headers={"host": "localhost:8765"}).status_code == 200
        assert c.get("/intro", headers={"host": "localhost:9999"}).status_code == 403


def test_every_state_change_needs_a_csrf_token(ready: tuple[TestClient, str]) -> None:
    client, _ = ready
    posts = [r for r in _routes(client) if r.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert len(posts) >= 10
    for route in posts:
        r = client.post(_concrete(route.path), data={"text": "x"}, follow_redirects=False)
        assert r.status_code == 403, route.path
        r = client.post(_concrete(route.path), data={"csrf": "forged"}, follow_redirects=False)
        assert r.status_code == 403, route.path


def test_cross_site_requests_are_refused(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post(
        "/notes", data={"csrf": token, "text": "x"}, headers={"origin": "https://evil.example"}
    )
    assert r.status_code == 403
    r = client.post(
        "/notes", data={"csrf": token, "text": "x"}, headers={"sec-fetch-site": "cross-site"}
    )
    assert r.status_code == 403


def test_data_pages_need_a_session(client: TestClient) -> None:
    setup_vault(client)
    client.cookies.clear()
    for path in ["/home", "/notes", "/settings", "/notes/new"]:
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/unlock", path
    assert client.get("/notes", headers={"hx-request": "true"}).status_code == 401


def test_session_cookie_flags(client: TestClient) -> None:
    token = csrf(client)
    r = client.post(
        "/setup",
        data={
            "csrf": token,
            "passphrase": "violet harbour lantern",
            "confirm": "violet harbour lantern",
        },
    )
    cookies = r.headers.get_list("set-cookie")
    session = [c for c in cookies if c.startswith("__Host-s=")]
    assert session, cookies
    flags = session[0].lower()
    for flag in ["httponly", "secure", "samesite=strict", "path=/"]:
        assert flag in flags
    assert "domain=" not in flags


def test_gets_do_not_change_state(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    client.post("/notes", data={"csrf": token, "text": "one"})
    before = client.get("/notes").text.count("<li>")
    for path in ["/notes/new", "/settings", "/home", "/notes", "/intro", "/n"]:
        client.get(path)
    assert client.get("/notes").text.count("<li>") == before


def test_pages_before_unlock_reveal_nothing(client: TestClient) -> None:
    for path in PUBLIC_GETS[:-1]:
        r = client.get(path)
        title = re.search(r"<title>(.*?)</title>", r.text, re.S)
        assert title and not DENY.search(title.group(1)), path
        for name in r.cookies:
            assert not DENY.search(name)
    for route in _routes(client):
        assert not DENY.search(route.path)


def test_quick_exit_locks_and_clears_site_data(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post("/x", data={"csrf": token})
    assert r.status_code == 204
    assert "cookies" in r.headers["clear-site-data"]
    assert client.get("/notes", follow_redirects=False).headers["location"] == "/unlock"
    assert not client.app.state.sessions.unlocked  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", ["/intro", "/unlock", "/home", "/notes", "/settings"])
def test_quick_exit_is_the_first_focusable_control(
    ready: tuple[TestClient, str], page: str
) -> None:
    client, _ = ready
    body = client.get(page).text.split("<body", 1)[1]
    first = re.search(r"<(a|button|input|textarea|select)\b[^>]*>", body)
    assert first and "data-quick-exit" in first.group(0), page


def test_no_inline_scripts_or_handlers(ready: tuple[TestClient, str]) -> None:
    client, _ = ready
    for page in ["/intro", "/unlock", "/home", "/notes", "/settings", "/notes/new"]:
        html = client.get(page).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert not re.search(r"\son[a-z]+=", html), page


def test_forms_do_not_autofill(ready: tuple[TestClient, str]) -> None:
    client, _ = ready
    for page in ["/setup", "/unlock", "/recover", "/notes/new", "/settings"]:
        html = client.get(page).text
        for form in re.findall(r"<form\b[^>]*>", html):
            if 'method="post"' in form and "/lock" not in form and "/backup" not in form:
                assert 'autocomplete="off"' in form, (page, form)


@pytest.mark.parametrize(
    ("origin", "fetch_site", "allowed"),
    [
        ("null", "same-origin", True),  # what Chromium sends under Referrer-Policy: no-referrer
        ("null", None, False),
        ("null", "cross-site", False),
        ("https://testserver", "same-origin", True),
        ("https://evil.example", "same-origin", False),
        (None, "same-site", False),
    ],
)
def test_origin_rules_for_state_changes(
    ready: tuple[TestClient, str], origin: str | None, fetch_site: str | None, allowed: bool
) -> None:
    client, token = ready
    headers = {k: v for k, v in {"origin": origin, "sec-fetch-site": fetch_site}.items() if v}
    r = client.post(
        "/notes", data={"csrf": token, "text": "x"}, headers=headers, follow_redirects=False
    )
    assert (r.status_code == 303) is allowed, r.status_code

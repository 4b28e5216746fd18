"""Hosted sharing pages and API (R44, R37, R45), hosted passphrase change and
recovery (R15-R17, R51), and session timeouts over HTTP. Needs PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.conftest import PASSPHRASE
from tests.web.test_hosted import _client, csrf, log_in, sign_up

from onward.config import Settings
from onward.services import accounts
from onward.store import db
from onward.web.app import route_inventory
from onward.web.security import SESSION_COOKIE

pytestmark = pytest.mark.pg
SENTINEL = "zq-packet-6604"
PLACE = "zq-place-3318"
NEW = "copper meadow whistle dune"
CODE_RE = re.compile(r"data-advocate-code>([0-9a-f-]+)<")
SHARE_RE = re.compile(r'href="/shared/([0-9a-f]{32})"')
PENDING_RE = re.compile(r'data-pending="([0-9a-f]{32})"')
KEY_RE = re.compile(r"data-recovery-key>([A-Z0-9-]+)<")


def sign_up_advocate(settings: Settings, client: TestClient, name: str) -> str:
    """Sign up with an advocate invitation; returns her code from /shared."""
    code = accounts.create_invitation(settings, role="advocate")
    r = client.post(
        "/signup",
        data={
            "csrf": csrf(client),
            "name": name,
            "passphrase": PASSPHRASE,
            "confirm": PASSPHRASE,
            "code": code,
        },
    )
    assert r.status_code == 200, r.text
    page = client.get("/shared")
    assert page.status_code == 200
    match = CODE_RE.search(page.text)
    assert match
    return match.group(1)


def client_with_data(client: TestClient) -> tuple[str, str]:
    """Sign up a client with a log entry and a safety plan; (csrf token, entry id)."""
    token = sign_up(client, "alice")
    r = client.post("/log", data={"csrf": token, "what": SENTINEL, "channel": "phone"})
    assert r.status_code == 200, r.text
    r = client.post("/plan/care", data={"csrf": token, "place_1": PLACE})
    assert r.status_code == 200, r.text
    page = client.get("/shares")
    assert page.status_code == 200
    entry = re.search(r'name="entries" value="([0-9a-f]{32})"', page.text)
    assert entry
    return token, entry.group(1)


def _engine(pg_url: str):  # type: ignore[no-untyped-def]
    """The test database as its superuser, which row security does not bind: for
    looking at what the server really stored."""
    return db.postgres_engine(pg_url)


@pytest.fixture
def four(hosted: Settings) -> Iterator[dict[str, TestClient]]:
    with (
        _client(hosted) as alice,
        _client(hosted) as adv,
        _client(hosted) as other,
        _client(hosted) as adv2,
    ):
        yield {"alice": alice, "adv": adv, "other": other, "adv2": adv2}


def test_sharing_pages_end_to_end(
    hosted: Settings,
    four: dict[str, TestClient],
    pg_url: str,
) -> None:
    alice, adv = four["alice"], four["adv"]
    token, entry_id = client_with_data(alice)
    code = sign_up_advocate(hosted, adv, "sam")
    r = alice.post(
        "/shares",
        data={
            "csrf": token,
            "advocate": code.upper().replace("-", " "),
            "label": "Sam at the helpline",
            "note": "see you Tuesday",
            "days": "7",
            "plan": "1",
            "report": "1",
            "entries": [entry_id],
        },
    )
    assert r.status_code == 200, r.text
    assert "Sam at the helpline" in r.text and "Not opened yet." in r.text
    assert 'data-state="pending"' in r.text
    listing = adv.get("/shared")
    (share_id,) = PENDING_RE.findall(listing.text)
    assert SHARE_RE.findall(listing.text) == []  # no link to read it yet
    assert "alice" not in listing.text  # no names on the advocate's list
    assert "Sam at the helpline" not in listing.text  # nor the client's own label
    assert f"{share_id[:4]}-{share_id[4:8]}" in listing.text  # the reference and the date
    assert SENTINEL not in listing.text and "see you Tuesday" not in listing.text
    # Pending: nothing opens it (R45).
    assert adv.get(f"/shared/{share_id}").status_code == 404
    assert adv.get(f"/shared/{share_id}/report").status_code == 404
    adv_token = csrf(adv, "/shared")
    r = adv.post(f"/shared/{share_id}/accept", data={"csrf": adv_token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/shared"
    assert SHARE_RE.findall(adv.get("/shared").text) == [share_id]
    page = alice.get("/shares").text
    assert 'data-state="accepted"' in page and "accepted the share" in page
    view = adv.get(f"/shared/{share_id}")
    assert view.status_code == 200
    assert SENTINEL in view.text and PLACE in view.text and "see you Tuesday" in view.text
    assert 'method="post"' not in view.text.split("<main", 1)[1].split("</main>")[0]  # read only
    pdf = adv.get(f"/shared/{share_id}/report")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    page = alice.get("/shares").text
    assert "read what you shared" in page and "downloaded the report" in page
    r = alice.post(f"/shares/{share_id}/revoke", data={"csrf": token})
    assert r.status_code == 200 and "ended by you" in r.text
    assert adv.get(f"/shared/{share_id}").status_code == 404
    assert adv.get(f"/shared/{share_id}/report").status_code == 404
    assert share_id not in adv.get("/shared").text
    with _engine(pg_url).connect() as conn:
        assert bytes(conn.execute(text("SELECT body FROM shares")).scalar_one()) == b""
    # A second share, declined from the page: the client sees it ended.
    r = alice.post(
        "/shares", data={"csrf": token, "advocate": code, "entries": [entry_id], "days": "7"}
    )
    (second,) = PENDING_RE.findall(adv.get("/shared").text)
    r = adv.post(f"/shared/{second}/decline", data={"csrf": adv_token})
    assert r.status_code == 200 and second not in r.text
    assert adv.get(f"/shared/{second}").status_code == 404
    page = alice.get("/shares").text
    assert 'data-state="declined"' in page and "declined the share" in page


def test_sharing_bad_code_and_nothing_chosen_are_explained(
    hosted: Settings,
    four: dict[str, TestClient],
) -> None:
    alice, other = four["alice"], four["other"]
    token, entry_id = client_with_data(alice)
    sign_up(other, "bob")
    bob_id = accounts.log_in(hosted, name="bob", passphrase=PASSPHRASE, address="10.3.3.3")
    bob_id[1].wipe()
    answers = []
    for code in ("0" * 32, bob_id[0].id, "not a code"):  # a client's id is no advocate code
        r = alice.post(
            "/shares", data={"csrf": token, "advocate": code, "entries": [entry_id], "days": "7"}
        )
        answers.append((r.status_code, "No advocate has that code" in r.text))
    assert answers == [(400, True)] * 3
    r = alice.post("/shares", data={"csrf": token, "advocate": "0" * 32, "days": "7"})
    assert r.status_code == 400 and "Choose at least one thing to share." in r.text


def _share_routes(app: object) -> list[tuple[str, frozenset[str]]]:
    routes = [(p, m) for p, m in route_inventory(app) if "{share_id}" in p]  # type: ignore[arg-type]
    assert len(routes) >= 10, routes  # pages and API: view, report, revoke, accept, decline
    return routes


def _probe(client: TestClient, path: str, method: str, token: str, share_id: str) -> int:
    url = path.replace("{share_id}", share_id)
    if path.startswith("/api/"):
        return client.request(method, url, headers={"x-csrf-token": token}).status_code
    data = {"csrf": token} if method != "GET" else None
    return client.request(method, url, data=data, follow_redirects=False).status_code


def test_sharing_every_share_route_is_404_for_everyone_else_and_after_it_ends(
    hosted: Settings,
    four: dict[str, TestClient],
    pg_url: str,
) -> None:
    alice, adv, other, adv2 = four["alice"], four["adv"], four["other"], four["adv2"]
    token, entry_id = client_with_data(alice)
    code = sign_up_advocate(hosted, adv, "sam")
    sign_up_advocate(hosted, adv2, "kim")
    token_other = sign_up(other, "bob")
    token_adv2 = csrf(adv2, "/shared")
    token_adv = csrf(adv, "/shared")

    def share() -> str:
        r = alice.post(
            "/api/v1/shares",
            json={"advocate_code": code, "entries": [entry_id], "report": True, "days": 7},
            headers={"x-csrf-token": token},
        )
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    share_id = share()
    routes = _share_routes(alice.app)
    leaks = []
    for path, methods in routes:
        for method in sorted(methods - {"HEAD"}):
            for name, client, tok in (("other", other, token_other), ("adv2", adv2, token_adv2)):
                status = _probe(client, path, method, tok, share_id)
                if status != 404:
                    leaks.append((name, method, path, status))
            if method == "GET":  # alice is not the advocate: her own share's reader is 404
                status = _probe(alice, path, method, token, share_id)
                if status != 404:
                    leaks.append(("alice", method, path, status))
    assert leaks == []
    readers = [(p, "GET") for p, m in routes if "GET" in m]
    # Pending: even its own advocate reads nothing until she accepts (R45).
    assert [_probe(adv, p, m, token_adv, share_id) for p, m in readers] == [404] * len(readers)
    assert _probe(adv, "/shared/{share_id}/accept", "POST", token_adv, share_id) == 303
    assert all(_probe(adv, p, m, token_adv, share_id) == 200 for p, m in readers)
    # Revoked: 404 on every route, immediately.
    assert _probe(alice, "/shares/{share_id}/revoke", "POST", token, share_id) == 303
    assert [_probe(adv, p, m, token_adv, share_id) for p, m in readers] == [404] * len(readers)
    # Expired: 404 too (the end date is moved into the past in the database).
    share_id = share()
    assert _probe(adv, "/api/v1/shared/{share_id}/accept", "POST", token_adv, share_id) == 200
    with _engine(pg_url).begin() as conn:
        conn.execute(
            text("UPDATE shares SET expires = :t WHERE id = :i"),
            {"t": datetime.now(UTC) - timedelta(seconds=1), "i": share_id},
        )
    assert [_probe(adv, p, m, token_adv, share_id) for p, m in readers] == [404] * len(readers)
    # Nothing was opened by anyone but the advocate while it was live; the two
    # acceptances are logged too.
    with _engine(pg_url).connect() as conn:
        whats = conn.execute(text("SELECT what FROM share_accesses")).scalars().all()
    assert sorted(whats) == sorted(["accept"] * 2 + ["view", "report"] * (len(readers) // 2))


def test_sharing_api_same_operations(
    hosted: Settings,
    four: dict[str, TestClient],
    pg_url: str,
) -> None:
    alice, adv = four["alice"], four["adv"]
    token, entry_id = client_with_data(alice)
    code = sign_up_advocate(hosted, adv, "sam")
    head = {"x-csrf-token": token}
    assert alice.post("/api/v1/shares", json={"advocate_code": code, "plan": True}).status_code == (
        403
    )  # no CSRF header
    r = alice.post(
        "/api/v1/shares",
        json={"advocate_code": code, "plan": True, "entries": [entry_id], "label": "Sam"},
        headers=head,
    )
    assert r.status_code == 201, r.text
    share = r.json()
    assert share["live"] and share["advocate_code"] == code and share["accesses"] == []
    assert share["state"] == "pending"
    adv_head = {"x-csrf-token": csrf(adv, "/shared")}
    mine = adv.get("/api/v1/shared").json()
    assert mine["advocate_code"] == code and [s["id"] for s in mine["shares"]] == [share["id"]]
    assert mine["shares"][0]["state"] == "pending" and "label" not in mine["shares"][0]
    assert mine["shares"][0]["reference"] == share["reference"]
    assert adv.get(f"/api/v1/shared/{share['id']}").status_code == 404  # not accepted yet
    assert adv.post(f"/api/v1/shared/{share['id']}/accept").status_code == 403  # no CSRF
    r = adv.post(f"/api/v1/shared/{share['id']}/accept", headers=adv_head)
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    again = adv.post(f"/api/v1/shared/{share['id']}/accept", headers=adv_head)
    assert again.status_code == 200 and again.json() == r.json()
    assert alice.post(f"/api/v1/shared/{share['id']}/accept", headers=head).status_code == 404
    packet = adv.get(f"/api/v1/shared/{share['id']}").json()
    assert PLACE in packet["plan"] and packet["entries"][0]["what"] == SENTINEL
    assert packet["has_report"] is False
    assert adv.get(f"/api/v1/shared/{share['id']}/report").status_code == 404
    assert adv.get("/api/v1/shares").status_code == 404  # advocates have no /shares
    assert alice.get("/api/v1/shared").status_code == 404
    assert adv.post(f"/api/v1/shares/{share['id']}/revoke", headers=adv_head).status_code == 404
    [listed] = alice.get("/api/v1/shares").json()
    assert [a["what"] for a in listed["accesses"]] == ["view", "accept"]
    assert listed["state"] == "accepted"
    r = alice.post(f"/api/v1/shares/{share['id']}/revoke", headers=head)
    assert r.status_code == 200 and r.json()["revoked"] and not r.json()["live"]
    again = alice.post(f"/api/v1/shares/{share['id']}/revoke", headers=head)  # idempotent
    assert again.status_code == 200 and again.json() == r.json()
    assert adv.get(f"/api/v1/shared/{share['id']}").status_code == 404
    assert adv.get("/api/v1/shared").json()["shares"] == []
    # Declined: the copy is gone, the client sees it, the advocate reads nothing.
    r = alice.post(
        "/api/v1/shares", json={"advocate_code": code, "entries": [entry_id]}, headers=head
    )
    second = r.json()["id"]
    assert adv.post(f"/api/v1/shared/{second}/decline", headers=adv_head).status_code == 204
    assert adv.post(f"/api/v1/shared/{second}/accept", headers=adv_head).status_code == 404
    assert adv.get(f"/api/v1/shared/{second}").status_code == 404
    assert adv.get("/api/v1/shared").json()["shares"] == []
    declined = next(s for s in alice.get("/api/v1/shares").json() if s["id"] == second)
    assert declined["state"] == "declined" and not declined["live"]
    assert [a["what"] for a in declined["accesses"]] == ["decline"]
    with _engine(pg_url).connect() as conn:
        body = conn.execute(text("SELECT body FROM shares WHERE id = :i"), {"i": second})
        assert bytes(body.scalar_one()) == b""
    doc = alice.get("/api/v1/openapi.json").json()
    assert "/api/v1/shares/{share_id}/revoke" in doc["paths"]
    assert "/api/v1/shared/{share_id}/accept" in doc["paths"]
    assert not any("user" in p or "search" in p for p in doc["paths"])  # no directory (R45)


# --- passphrase change and recovery pages --------------------------------------------


def test_passphrase_page_changes_it_and_ends_other_sessions(hosted: Settings) -> None:
    with _client(hosted) as one, _client(hosted) as two:
        sign_up(one, "robin")
        assert log_in(two, "robin") == 303
        token = csrf(two, "/passphrase")
        r = two.post(
            "/passphrase", data={"csrf": token, "old": "wrong one here", "new": NEW, "confirm": NEW}
        )
        assert r.status_code == 400 and "not your current passphrase" in r.text
        r = two.post(
            "/passphrase", data={"csrf": token, "old": PASSPHRASE, "new": NEW, "confirm": NEW}
        )
        assert r.status_code == 200 and "1 other sign-in was ended." in r.text
        assert one.get("/home", follow_redirects=False).status_code == 303
        assert two.get("/home").status_code == 200
        two.cookies.delete(SESSION_COOKIE)
        assert log_in(two, "robin") == 400
        assert log_in(two, "robin", NEW) == 303
        r = two.post(
            "/api/v1/passphrase",
            json={"old": NEW, "new": PASSPHRASE},
            headers={"x-csrf-token": csrf(two, "/home")},
        )
        # the session left behind when the cookie was dropped (not signed out) is ended
        assert r.status_code == 200 and r.json() == {"other_sessions_ended": 1}


def test_reset_page_with_recovery_key(hosted: Settings) -> None:
    with _client(hosted) as one, _client(hosted) as two:
        token = csrf(one)
        r = one.post(
            "/signup",
            data={"csrf": token, "name": "robin", "passphrase": PASSPHRASE, "confirm": PASSPHRASE},
        )
        match = KEY_RE.search(r.text)
        assert match
        recovery = match.group(1)
        assert two.get("/recover", follow_redirects=False).headers["location"] == "/reset"
        token2 = csrf(two, "/reset")
        answers = []
        for name in ("robin", "nobody"):
            r = two.post(
                "/reset",
                data={
                    "csrf": token2,
                    "name": name,
                    "recovery_key": "-".join(["ABCD"] * 13),
                    "passphrase": NEW,
                    "confirm": NEW,
                },
            )
            answers.append((r.status_code, r.text))
        assert answers[0] == answers[1] and answers[0][0] == 400
        r = two.post(
            "/reset",
            data={
                "csrf": token2,
                "name": "robin",
                "recovery_key": recovery,
                "passphrase": NEW,
                "confirm": NEW,
            },
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/home"
        assert two.get("/home").status_code == 200
        assert one.get("/home", follow_redirects=False).status_code == 303  # signed out
        one.cookies.delete(SESSION_COOKIE)
        assert log_in(one, "robin", NEW) == 303
        # The API answers the same way and is throttled like login.
        head = {"x-csrf-token": csrf(one, "/home")}
        body = {"name": "nobody", "recovery_key": "ABCD", "new_passphrase": NEW}
        codes = [
            one.post("/api/v1/recover", json=body, headers=head).status_code
            for _ in range(accounts.NAME_FREE_ATTEMPTS + 2)
        ]
        assert codes[0] == 400 and codes[-1] == 429


# --- session timeouts over HTTP (R15) ------------------------------------------------


def test_sessions_end_after_idle_and_absolute_timeouts(hosted: Settings) -> None:
    start = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    idle = timedelta(minutes=hosted.session_idle_minutes)
    with time_machine.travel(start, tick=False) as clock, _client(hosted) as c:
        sign_up(c, "robin")
        clock.move_to(start + idle - timedelta(minutes=1))
        assert c.get("/home").status_code == 200
        clock.move_to(start + idle * 2)  # idle since the last request: ended
        assert c.get("/home", follow_redirects=False).status_code == 303
        assert c.get("/api/v1/me").status_code == 401
        c.cookies.delete(SESSION_COOKIE)
        assert log_in(c, "robin") == 303
        begun = start + idle * 2
        now = begun
        limit = begun + timedelta(hours=hosted.session_max_hours)
        while now + idle / 2 < limit:  # kept busy: never idle
            now += idle / 2
            clock.move_to(now)
            assert c.get("/home").status_code == 200
        clock.move_to(limit + timedelta(minutes=1))
        assert c.get("/home", follow_redirects=False).status_code == 303


def test_sharing_pages_without_a_session_send_to_sign_in(hosted: Settings) -> None:
    with _client(hosted) as stranger:
        for path in ("/shares", "/shared", f"/shared/{'0' * 32}", "/passphrase"):
            r = stranger.get(path)  # follows the redirects
            assert r.status_code == 200 and r.url.path == "/login", path
        assert stranger.get("/api/v1/shares").status_code == 401
        assert stranger.get("/api/v1/shared").status_code == 401

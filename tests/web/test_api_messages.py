"""The JSON API's messages and flags (``/api/v1/messages``): the same operations, answers
and field names as ``onward messages list|show|mark|dismiss --json``, on a hosted vault
with a synthetic WhatsApp export imported by the import worker. Needs PostgreSQL, like
every API test (the API exists in hosted mode only); the field check does not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_hosted import csrf, sign_up

from onward.config import Settings
from onward.services import import_jobs, timeline
from onward.web.api_messages import FlagOut, MessageDetail, MessageOut
from onward.web.app import create_app

ANDROID = (
    Path(__file__).parents[1]
    / "data"
    / "exports"
    / "whatsapp"
    / "android-24h-dmy"
    / "WhatsApp Chat with Sam Taylor.txt"
)
API = "/api/v1/messages"
LOGGED = "zq-logged-call-6620"  # the text of a logged call: never in an error
CHAT_ROWS = 13  # what `onward messages list` shows for this export (tests/cli)
PEOPLE = re.compile(r'<th scope="row" id="p(\d+)">([^<]+)</th>')


@dataclasses.dataclass
class Alice:
    client: TestClient
    head: dict[str, str]  # the CSRF header of her session

    def get(self, path: str, **params: Any) -> Any:
        r = self.client.get(path, params=params)
        assert r.status_code == 200, r.text
        return r.json()

    def listed(self, **params: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.get(API, **params)["messages"]
        return rows

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json=body, headers=self.head)


def _import_and_say_who_is_who(client: TestClient, worker: import_jobs.ImportWorker) -> None:
    r = client.post(
        "/import",
        data={"csrf": csrf(client, "/import")},
        files={"upload": (ANDROID.name, ANDROID.read_bytes(), "text/plain")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert worker.run_once()
    chat = re.search(r'href="/chats/([0-9a-f]{32})"', client.get("/chats").text)
    assert chat
    people = PEOPLE.findall(client.get(f"/chats/{chat[1]}").text)
    roles = {f"role{i}": ("partner" if name == "Sam Taylor" else "me") for i, name in people}
    token = csrf(client, f"/chats/{chat[1]}")
    r = client.post(f"/chats/{chat[1]}", data={"csrf": token, **roles}, follow_redirects=False)
    assert r.status_code == 303


@pytest.fixture
def alice(hosted: Settings) -> Iterator[Alice]:
    """Signed in, the Android export imported, Sam Taylor the other person, and one
    phone call logged by hand (a second channel, today)."""
    worker = import_jobs.ImportWorker(hosted)
    worker.register()
    try:
        with TestClient(create_app(hosted), base_url="https://testserver") as client:
            token = sign_up(client, "alice")
            _import_and_say_who_is_who(client, worker)
            r = client.post("/log", data={"csrf": token, "what": LOGGED, "channel": "phone"})
            assert r.status_code == 200
            yield Alice(client, {"x-csrf-token": token})
    finally:
        worker.close()


def _error(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "hint"}
    assert LOGGED not in r.text and "Please open the door" not in r.text
    return dict(body["error"])


def test_api_fields_are_the_cli_json_fields() -> None:
    """``onward messages list|show --json`` prints these dataclasses' fields (asdict)."""

    def names(cls: Any) -> set[str]:
        return {f.name for f in dataclasses.fields(cls)}

    assert set(MessageOut.model_fields) == names(timeline.Row)
    assert set(FlagOut.model_fields) == names(timeline.FlagView)
    assert set(MessageDetail.model_fields) == names(timeline.MessageView)


@pytest.mark.pg
def test_list_newest_first_with_each_filter_and_the_cursor(alice: Alice) -> None:
    page = alice.get(API)
    assert set(page) == {"messages", "next"} and page["next"] is None
    rows = page["messages"]
    assert len(rows) == CHAT_ROWS + 1
    assert set(rows[0]) == {"id", "at", "channel", "kind", "who", "sender", "text", "flags"}
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)
    assert rows[0]["text"] == LOGGED and rows[0]["channel"] == "Phone call"  # today
    ids = [r["id"] for r in rows]

    (meet,) = alice.listed(category="pressure_to_meet")
    assert meet["flags"] == ["Pressure to meet"] and meet["sender"] == "Sam Taylor"
    assert "Please open the door." in meet["text"] and meet["who"] == "the other person"
    assert alice.listed(category=["pressure_to_meet", "threat"]) == [meet]
    assert alice.listed(category="threat") == []

    assert [r["id"] for r in alice.listed(channel="phone")] == ids[:1]
    assert [r["id"] for r in alice.listed(channel="whatsapp")] == ids[1:]
    assert [r["id"] for r in alice.listed(channel=["whatsapp", "phone"])] == ids
    assert alice.listed(channel="sms") == []

    days = {d: alice.listed(**{"from": d, "to": d}) for d in ("2021-03-14", "2021-03-15")}
    for day, found in days.items():
        assert found and all(r["at"].startswith(day) for r in found)
    assert {r["at"][:10] for r in alice.listed(to="2021-03-15")} == set(days)
    after = alice.listed(**{"from": "2021-03-16"})
    assert [r["id"] for r in after] == ids[:2]  # the last message, and today's call
    everything = alice.listed(**{"from": "0001-01-01", "to": "9999-12-31"})
    assert [r["id"] for r in everything] == ids

    first = alice.get(API, limit=5)
    assert len(first["messages"]) == 5 and first["next"]
    second = alice.get(API, limit=5, after=first["next"])
    rest = alice.get(API, limit=500, after=second["next"])
    assert rest["next"] is None
    pages = first["messages"] + second["messages"] + rest["messages"]
    assert [r["id"] for r in pages] == ids
    (before,) = alice.listed(channel="phone", after=f"{2**63 - 1}.{2**63 - 1}")
    assert before["id"] == ids[0]
    longest = f"-{2**63}.{2**63 - 1}"  # the widest valid cursor: 40 characters, the limit
    assert alice.listed(after=longest) == []


@pytest.mark.pg
def test_list_refuses_bad_filters_with_the_api_error(alice: Alice) -> None:
    c = alice.client
    error = _error(c.get(API, params={"category": "nonsense"}), 400)
    assert error["message"] == "Unknown filter: nonsense" and "threat" in error["hint"]
    _error(c.get(API, params={"channel": "carrier-pigeon"}), 400)
    assert (
        "before the start"
        in _error(c.get(API, params={"from": "2021-03-16", "to": "2021-03-14"}), 400)["message"]
    )
    for cursor in ("12;drop", f"{2**63}.1", "\u00b2.1"):
        assert "not valid" in _error(c.get(API, params={"after": cursor}), 400)["message"]
    for bad in ({"limit": 0}, {"limit": 501}, {"from": "14/03/2021"}, {"after": "1" * 41}):
        _error(c.get(API, params=bad), 422)


@pytest.mark.pg
def test_show_one_message_with_its_flags_and_404(alice: Alice, hosted: Settings) -> None:
    (meet,) = alice.listed(category="pressure_to_meet")
    view = alice.get(f"{API}/{meet['id']}")
    assert set(view) == set(MessageDetail.model_fields)
    assert view["row"] == meet and view["partner"] is True and view["chat"]
    assert view["text"] == "I'm outside.\nPlease open the door.\n\nI'll wait."
    (flag,) = view["flags"]
    assert flag["category"] == "pressure_to_meet" and flag["label"] == "Pressure to meet"
    assert flag["reason"] and flag["words"] and flag["rule_id"] not in {"", "person"}
    assert (flag["dismissed"], flag["model"], flag["mine"]) == (False, False, False)
    assert ["pressure_to_meet", "Pressure to meet"] not in view["markable"]
    assert ["control", "Control"] in view["markable"]
    for missing in ("0" * 32, "nope", meet["id"].upper()):
        error = _error(alice.client.get(f"{API}/{missing}"), 404)
        assert error["message"] == "That message is not here."
    # Another account's message is a 404 like a missing one (R37).
    with TestClient(create_app(hosted), base_url="https://testserver") as bob:
        sign_up(bob, "bob")
        assert _error(bob.get(f"{API}/{meet['id']}"), 404)["message"] == (
            "That message is not here."
        )
        assert bob.get(API).json() == {"messages": [], "next": None}


@pytest.mark.pg
def test_mark_then_unmark_and_what_is_refused(alice: Alice) -> None:
    rows = alice.listed(channel="whatsapp")
    plain = next(r for r in rows if r["sender"] == "Sam Taylor" and not r["flags"])
    mine = next(r for r in rows if r["sender"] == "Alex Rivera")
    url = f"{API}/{plain['id']}/mark"

    r = alice.post(url, {"category": "control"})
    assert r.status_code == 200, r.text
    assert [(f["category"], f["rule_id"], f["mine"], f["words"]) for f in r.json()["flags"]] == [
        ("control", "person", True, "")
    ]
    (listed,) = alice.listed(category="control")
    assert listed["id"] == plain["id"] and listed["flags"] == ["Control"]
    shown = alice.get(f"{API}/{plain['id']}")["flags"]
    assert [(f["category"], f["rule_id"]) for f in shown] == [("control", "person")]
    assert alice.post(url, {"category": "control"}).json()["flags"] == shown  # once only

    r = alice.post(url, {"category": "control", "marked": False})
    assert r.status_code == 200 and r.json()["flags"] == []
    assert alice.listed(category="control") == []

    refused = alice.post(f"{API}/{mine['id']}/mark", {"category": "control"})
    error = _error(refused, 400)
    assert error["message"] == "Only the other person's messages can be marked."
    assert error["hint"] and mine["text"] not in refused.text
    error = _error(alice.post(url, {"category": "nonsense"}), 400)
    assert error["message"] == "Unknown flag type: nonsense" and "control" in error["hint"]
    _error(alice.post(f"{API}/{'0' * 32}/mark", {"category": "control"}), 404)
    _error(alice.post(url, {"marked": True}), 422)
    _error(alice.client.post(url, json={"category": "control"}), 403)  # no CSRF header
    assert alice.listed(category="control") == []


@pytest.mark.pg
def test_dismiss_then_restore_a_flag(alice: Alice) -> None:
    (meet,) = alice.listed(category="pressure_to_meet")
    url = f"{API}/{meet['id']}/dismiss"
    r = alice.post(url, {"category": "pressure_to_meet"})
    assert r.status_code == 200, r.text
    assert [(f["category"], f["dismissed"]) for f in r.json()["flags"]] == [
        ("pressure_to_meet", True)
    ]
    assert r.json()["row"]["flags"] == []  # set aside: it no longer counts
    assert alice.listed(category="pressure_to_meet") == []
    r = alice.post(url, {"category": "pressure_to_meet", "restore": True})
    assert r.status_code == 200 and not r.json()["flags"][0]["dismissed"]
    assert [m["id"] for m in alice.listed(category="pressure_to_meet")] == [meet["id"]]

    error = _error(alice.post(url, {"category": "nonsense"}), 400)
    assert error["message"] == "Unknown flag type: nonsense" and error["hint"]
    _error(alice.post(f"{API}/{'0' * 32}/dismiss", {"category": "threat"}), 404)
    _error(alice.client.post(url, json={"category": "pressure_to_meet"}), 403)


@pytest.mark.pg
def test_without_a_session_every_operation_is_refused(alice: Alice, hosted: Settings) -> None:
    some = alice.listed()[0]["id"]
    with TestClient(create_app(hosted), base_url="https://testserver") as stranger:
        _error(stranger.get(API), 401)
        _error(stranger.get(f"{API}/{some}"), 401)
        for action in ("mark", "dismiss"):
            body = {"category": "control"}
            _error(stranger.post(f"{API}/{some}/{action}", json=body), 403)  # no CSRF pair
            head = {"x-csrf-token": csrf(stranger)}
            _error(stranger.post(f"{API}/{some}/{action}", json=body, headers=head), 401)
    assert alice.get(f"{API}/{some}")["flags"] == []  # untouched


@pytest.mark.pg
def test_openapi_document_lists_the_message_operations(alice: Alice) -> None:
    doc = alice.get("/api/v1/openapi.json")
    paths = doc["paths"]
    assert set(paths[API]) == {"get"}
    assert set(paths[API + "/{message_id}"]) == {"get"}
    for action in ("mark", "dismiss"):
        operation = paths[f"{API}/{{message_id}}/{action}"]["post"]
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert answer == {"$ref": "#/components/schemas/MessageDetail"}
        assert {"400", "401", "403", "404", "422"} <= set(operation["responses"])
    listing = paths[API]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "category",
        "channel",
        "from",
        "to",
        "after",
        "limit",
    }
    assert {"MessageList", "MessageOut", "FlagOut", "MarkIn", "DismissIn"} <= set(
        doc["components"]["schemas"]
    )

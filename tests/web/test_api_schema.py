"""schemathesis against the API's OpenAPI document, signed in as client A (R37, R38).

Every operation is fuzzed from the schema (a bounded number of examples) with
schemathesis's default checks: no 5xx, status codes, content types and bodies that
conform to the document, auth that is not ignored. Then every operation that takes
an id is called by A with client B's ids: each answers 404 like a missing id and
reveals nothing. The app runs on real PostgreSQL as the non-owner role, so row
security is in force too. Needs PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from tests.conftest import PASSPHRASE, fast_settings
from tests.web.conftest import CSRF_RE
from tests.web.test_hosted_sharing import sign_up_advocate

from onward.config import Settings
from onward.web.app import create_app
from onward.web.security import CSRF_COOKIE, SESSION_COOKIE

pytestmark = pytest.mark.pg
SENTINEL = "zq-sentinel-5521"
MAX_EXAMPLES = 25


@pytest.fixture
def hosted(pg_roles: tuple[str, str], tmp_path: Path) -> Settings:
    owner_url, app_url = pg_roles
    return fast_settings(
        tmp_path / "data", app_url, hosted=True, signup="open", owner_database_url=owner_url
    )


def _sign_up(client: TestClient, name: str) -> dict[str, str]:
    """Sign up and return the headers that authenticate as this account."""
    match = CSRF_RE.search(client.get("/signup").text)
    assert match
    token = match.group(1)
    r = client.post(
        "/signup",
        data={"csrf": token, "name": name, "passphrase": PASSPHRASE, "confirm": PASSPHRASE},
    )
    assert r.status_code == 200
    cookies = "; ".join(f"{k}={client.cookies.get(k)}" for k in (SESSION_COOKIE, CSRF_COOKIE))
    assert client.cookies.get(SESSION_COOKIE)
    return {"cookie": cookies, "x-csrf-token": token}


def _valid_body(path: str) -> dict[str, Any]:
    """A body that passes validation, so an id is looked up (not a 422 before it)."""
    if path.endswith(("/mark", "/dismiss")):
        return {"body": {"category": "threat"}, "media_type": "application/json"}
    return {}


def test_api_conforms_to_its_schema_and_hides_other_accounts(hosted: Settings) -> None:
    app = create_app(hosted)
    with (
        TestClient(app, base_url="https://testserver") as alice,
        TestClient(app, base_url="https://testserver") as bob,
        TestClient(app, base_url="https://testserver") as sam,
    ):
        as_alice = _sign_up(alice, "alice")
        as_bob = _sign_up(bob, "bob")
        r = bob.post("/api/v1/entries", json={"text": SENTINEL}, headers=as_bob)
        assert r.status_code == 201
        entry_id = r.json()["id"]
        # Bob shares that entry with an advocate: a share id that is not Alice's.
        code = sign_up_advocate(hosted, sam, "sam")
        r = bob.post(
            "/log", data={"csrf": as_bob["x-csrf-token"], "what": SENTINEL, "channel": "phone"}
        )
        assert r.status_code == 200
        share = {"advocate_code": code, "report": True}
        r = bob.post("/api/v1/shares", json=share, headers=as_bob)
        assert r.status_code == 201, r.text
        # The logged call is on Bob's timeline: a message id that is not Alice's. Alice
        # logs one too, so her message list is not empty while it is fuzzed.
        [message] = bob.get("/api/v1/messages", headers=as_bob).json()["messages"]
        bob_ids = {"entry_id": entry_id, "share_id": r.json()["id"], "message_id": message["id"]}
        r = alice.post(
            "/log", data={"csrf": as_alice["x-csrf-token"], "what": "a call", "channel": "phone"}
        )
        assert r.status_code == 200

        schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert operations
        calls = 0
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case: Any) -> None:
                nonlocal calls
                calls += 1
                case.call_and_validate(
                    headers=as_alice,
                    base_url="https://testserver",
                    # A share needs something to share and entry ids of this account:
                    # rules the schema cannot state, answered with a documented 400.
                    excluded_checks=[positive_data_acceptance],
                )

            fuzz()

            # Object-level authorisation: B's ids are a 404 for A, like missing ids.
            names = {p.name for p in operation.path_parameters}
            if names:
                for ids in (bob_ids, dict.fromkeys(names, "0" * 32)):
                    case = operation.Case(
                        path_parameters={n: ids[n] for n in names},
                        **_valid_body(operation.path),
                    )
                    response = case.call(headers=as_alice, base_url="https://testserver")
                    assert response.status_code == 404, (operation.label, ids)
                    assert SENTINEL not in response.text
                    case.validate_response(response)
            # Without the session every operation is refused (401, or 403 for a
            # changing request without the CSRF pair), documented like the rest.
            case = operation.Case(path_parameters={n: bob_ids[n] for n in names} or None)
            response = case.call(base_url="https://testserver")
            assert response.status_code in {401, 403}, operation.label
            assert SENTINEL not in response.text
            case.validate_response(response)
        assert calls >= len(operations)
        # Bob's entry is untouched by all of that.
        r = bob.get(f"/api/v1/entries/{bob_ids['entry_id']}", headers=as_bob)
        assert r.json()["text"] == SENTINEL

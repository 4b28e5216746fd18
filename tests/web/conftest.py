"""A TestClient on a fresh app, with helpers to set up and unlock through the forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.web.app import create_app

CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')


def csrf(client: TestClient) -> str:
    match = CSRF_RE.search(client.get("/intro").text)
    assert match
    return match.group(1)


def setup_vault(client: TestClient, passphrase: str = PASSPHRASE) -> str:
    token = csrf(client)
    r = client.post("/setup", data={"csrf": token, "passphrase": passphrase, "confirm": passphrase})
    assert r.status_code == 200, r.text
    return token


def unlock(client: TestClient, passphrase: str = PASSPHRASE) -> int:
    return client.post(
        "/unlock", data={"csrf": csrf(client), "passphrase": passphrase}, follow_redirects=False
    ).status_code


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


@pytest.fixture
def ready(client: TestClient) -> tuple[TestClient, str]:
    """A client with a vault created and unlocked, and its CSRF token."""
    return client, setup_vault(client)

"""A TestClient on a fresh app, with helpers to set up and unlock through the forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.services import import_jobs
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


@pytest.fixture
def jobs_settings(pg_url: str, tmp_path: Path) -> Settings:
    """Hosted settings on the test PostgreSQL server, sign-up open (import job tests)."""
    return fast_settings(tmp_path / "data", pg_url, hosted=True, signup="open")


@pytest.fixture
def jobs_worker(jobs_settings: Settings) -> Iterator[import_jobs.ImportWorker]:
    """A registered import worker (its private key only in memory), closed afterwards."""
    w = import_jobs.ImportWorker(jobs_settings)
    w.register()
    yield w
    w.close()

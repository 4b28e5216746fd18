"""Sign-up throttling per client address (R16, R40), and which address counts.

X-Forwarded-For is believed only from a configured trusted proxy; otherwise a
client could name a fresh address on every try. Throttled answers are the same
whether the name is taken or free. Needs PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE
from tests.web.conftest import CSRF_RE

from onward.config import Settings
from onward.errors import TooManyAttemptsError
from onward.services import accounts
from onward.web.app import create_app

pytestmark = pytest.mark.pg
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def few_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two free sign-ups per address, so the tests need only a few Argon2id runs."""
    monkeypatch.setattr(accounts, "SIGNUP_FREE_ATTEMPTS", 2)


def _signup(client: TestClient, name: str, forwarded: str | None = None) -> tuple[int, str, str]:
    page = client.get("/signup")
    match = CSRF_RE.search(page.text)
    assert match
    token = match.group(1)
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    r = client.post(
        "/signup",
        data={"csrf": token, "name": name, "passphrase": PASSPHRASE, "confirm": PASSPHRASE},
        headers=headers,
    )
    client.cookies.clear()
    body = r.text.replace(token, "")
    return r.status_code, body, r.headers.get("retry-after", "")


def test_signup_throttle_per_address_then_free_again(hosted: Settings, few_free: None) -> None:
    with time_machine.travel(T0, tick=False):
        for name in ("robin", "wren"):
            accounts.sign_up(hosted, name=name, passphrase=PASSPHRASE, address="10.0.0.1")
        # The third try still runs (and sets a wait); the fourth must wait.
        accounts.sign_up(hosted, name="finch", passphrase=PASSPHRASE, address="10.0.0.1")
        with pytest.raises(TooManyAttemptsError) as waited:
            accounts.sign_up(hosted, name="heron", passphrase=PASSPHRASE, address="10.0.0.1")
        assert waited.value.retry_after_s >= 1
        # Another address is not slowed down by this one.
        accounts.sign_up(hosted, name="heron", passphrase=PASSPHRASE, address="10.0.0.2")
    with time_machine.travel(T0 + timedelta(seconds=2), tick=False):
        accounts.sign_up(hosted, name="lark", passphrase=PASSPHRASE, address="10.0.0.1")
    with time_machine.travel(T0 + timedelta(days=2), tick=False):  # a quiet day: count anew
        for name in ("swift", "tern"):
            accounts.sign_up(hosted, name=name, passphrase=PASSPHRASE, address="10.0.0.1")


def test_signup_throttled_answer_is_the_same_for_taken_and_free_names(
    hosted: Settings, few_free: None
) -> None:
    with (
        time_machine.travel(T0, tick=False),
        TestClient(create_app(hosted), base_url="https://testserver") as c,
    ):
        assert _signup(c, "robin")[0] == 200
        assert _signup(c, "robin")[0] == 400  # taken: refused like a bad code
        assert _signup(c, "wren")[0] == 200  # third: allowed, sets the wait
        taken, free = _signup(c, "robin"), _signup(c, "nobody")
    assert taken[0] == 429
    assert taken == free
    assert int(taken[2]) >= 1


def test_forwarded_address_counts_only_from_a_trusted_proxy(
    hosted: Settings, few_free: None
) -> None:
    proxied = hosted.model_copy(update={"trusted_proxies": ("testclient",)})
    with time_machine.travel(T0, tick=False):
        # Without a trusted proxy the header is ignored: every try is "testclient".
        with TestClient(create_app(hosted), base_url="https://testserver") as c:
            codes = [_signup(c, f"user{i}", forwarded=f"192.0.2.{i}")[0] for i in range(4)]
        assert codes == [200, 200, 200, 429]
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        # Behind a trusted proxy each client address has its own count ...
        with TestClient(create_app(proxied), base_url="https://testserver") as c:
            codes = [_signup(c, f"other{i}", forwarded=f"192.0.2.{i}")[0] for i in range(4)]
            assert codes == [200, 200, 200, 200]
            # ... the nearest hop the proxy saw is the client, not what it claimed first.
            hops = [
                _signup(c, f"spoof{i}", forwarded=f"6.6.6.{i}, 198.51.100.7")[0] for i in range(4)
            ]
        assert hops == [200, 200, 200, 429]

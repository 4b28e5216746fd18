"""Idle lock (R6): the page leaves and the server forgets the session after quiet minutes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Route, expect

from .conftest import Ui
from .helpers import (
    create_vault,
    expect_path,
    save_settings,
    session_cookie_header,
    wait_until,
)
from .test_quick_exit import assert_session_refused

pytestmark = pytest.mark.browser

IDLE_MINUTES = "1"  # the smallest the app allows
# The page checks every 5 s; the server expires a session on its next request.
REAL_WAIT_MS = 90_000


def test_idle_lock_page_leaves_after_quiet_minutes(ui: Ui) -> None:
    """The page's own timer, driven by a fake clock: locks the server and leaves."""
    page = ui.page
    ui.context.clock.install()
    create_vault(page)
    save_settings(page, idle_minutes=IDLE_MINUTES)
    page.goto("/home")
    expect(page.locator("body")).to_have_attribute("data-idle-seconds", "60")
    cookies = session_cookie_header(page)

    page.clock.fast_forward("00:50")
    page.wait_for_timeout(200)
    expect_path(page, "/home$")  # not yet

    page.clock.fast_forward("00:20")
    expect_path(page, "/unlock$")
    assert_session_refused(ui, cookies)  # the page's lock beacon reached the server


def test_idle_lock_typing_counts_as_activity(ui: Ui) -> None:
    page = ui.page
    ui.context.clock.install()
    create_vault(page)
    save_settings(page, idle_minutes=IDLE_MINUTES)
    page.goto("/notes/new")
    pings: list[int] = []
    page.on("response", lambda r: pings.append(r.status) if r.url.endswith("/alive") else None)
    for _ in range(3):
        page.clock.fast_forward("00:40")
        page.locator("#text").press_sequentially("word ")
    # 120 s since the page loaded, but never 60 s without a key press.
    page.wait_for_timeout(200)
    expect_path(page, "/notes/new$")
    expect(page.locator("#text")).to_have_value("word word word ")
    # Activity after a minute was reported to the server, which kept the session.
    wait_until(page, lambda: bool(pings))
    assert pings == [204]


@pytest.mark.slow
def test_idle_lock_server_expires_the_session_on_its_own(ui: Ui) -> None:
    """Real time: with the page's lock beacon blocked, the server still refuses the session."""
    page = ui.page
    create_vault(page)
    save_settings(page, idle_minutes=IDLE_MINUTES)
    lock_url = ui.server.url("/lock")
    ui.guard.expected_failures.add(lock_url)
    blocked: list[str] = []

    def block(route: Route) -> None:
        blocked.append(route.request.method)
        route.abort()

    page.route(lock_url, block)
    page.goto("/home")
    cookies = session_cookie_header(page)

    page.wait_for_url(re.compile(r"/unlock$"), timeout=REAL_WAIT_MS)
    assert blocked == ["POST"], "the page's lock beacon was not the one blocked"
    assert_session_refused(ui, cookies, timeout=15)

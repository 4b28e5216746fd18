"""Quick exit (R5): always reachable, leaves at once, locks the server, loses nothing saved."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, Route, expect

from .conftest import Ui
from .helpers import (
    PASSPHRASE,
    add_entry,
    create_vault,
    expect_path,
    first_tab_stop_is_quick_exit,
    lock,
    path_of,
    quick_exit_geometry,
    save_settings,
    sentinel,
    session_cookie_header,
    unlock,
    wait_until,
)

pytestmark = pytest.mark.browser

NEUTRAL_TITLE = "New page"
LONG_ENTRY_LINES = 120  # makes the entry page scroll
LIST_ENTRIES = 12  # and the journal list


def check_quick_exit_reachable(page: Page, path: str | None) -> bool:
    """Check quick exit on a fresh load of ``path`` (None: the page just loaded).

    It must be the first tab stop, and stay in view and on top when the page is
    scrolled to the bottom. Returns whether the page was tall enough to scroll, so callers can check
    that the sticky behaviour was really exercised somewhere.
    """
    if path is not None:
        page.goto(path)
    path = path or path_of(page)
    assert first_tab_stop_is_quick_exit(page), f"quick exit is not the first tab stop on {path}"
    where = quick_exit_geometry(page)
    assert where["inside"], f"quick exit is outside the viewport on {path}: {where}"
    assert where["onTop"], f"something covers quick exit on {path}: {where}"
    return bool(where["scrollable"])


def test_quick_exit_reachable_on_every_page(ui: Ui) -> None:
    page = ui.page
    scrolled = []
    for path in ("/intro", "/setup"):
        scrolled.append(check_quick_exit_reachable(page, path))
    # The recovery key page is the answer to the set-up form: a fresh load too.
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#confirm", PASSPHRASE)
    page.get_by_role("button", name="Create my private space").click()
    expect(page.locator("[data-recovery-key]")).to_be_visible()
    scrolled.append(check_quick_exit_reachable(page, None))
    long_text = "\n".join(f"line {n}" for n in range(LONG_ENTRY_LINES))
    entry_id = add_entry(page, long_text)
    for n in range(LIST_ENTRIES):
        add_entry(page, f"entry {n}")
    after_unlock = (
        "/home",
        "/notes",
        "/notes/new",
        f"/notes/{entry_id}",
        f"/notes/{entry_id}/edit",
        "/settings",
        "/no-such-page",
    )
    for path in after_unlock:
        scrolled.append(check_quick_exit_reachable(page, path))
    lock(page)
    for path in ("/unlock", "/recover", "/intro", "/no-such-page"):
        scrolled.append(check_quick_exit_reachable(page, path))
    assert sum(scrolled) >= 3, "too few pages scrolled for the sticky check to mean anything"


def test_quick_exit_click_leaves_and_locks(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    secret = sentinel()
    entry_id = add_entry(page, f"private {secret}")
    page.goto(f"/notes/{entry_id}")
    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text(secret)
    cookies = session_cookie_header(page)

    page.locator("[data-quick-exit]").click()
    expect_path(page, "/n$")
    expect(page).to_have_title(NEUTRAL_TITLE)
    assert secret not in page.content()

    # The server dropped the session: a replayed cookie gets no content.
    assert_session_refused(ui, cookies)
    # Clear-Site-Data on the lock beacon's answer removed the browser's cookies.
    wait_until(page, lambda: all(c["name"] != "__Host-s" for c in ui.context.cookies()))
    # Back does not bring the journal back (the list page was replaced, the
    # entry page before it is fetched again and needs an unlock).
    page.go_back()
    page.wait_for_load_state()
    assert secret not in page.content()
    assert path_of(page) in ("/unlock", "/n"), page.url
    # Saved before the exit means still saved.
    unlock(page)
    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text(secret)


def test_quick_exit_right_after_saving_keeps_the_entry(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    secret = sentinel()
    add_entry(page, secret)
    page.locator("[data-quick-exit]").click()
    expect_path(page, "/n$")
    unlock(page)
    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text(secret)


@pytest.mark.parametrize(
    ("key", "presses"), [pytest.param("Escape", 2, id="esc-twice"), ("Shift", 3)]
)
def test_quick_exit_keyboard_shortcut(ui: Ui, key: str, presses: int) -> None:
    page = ui.page
    create_vault(page)
    secret = sentinel()
    entry_id = add_entry(page, secret)
    cookies = session_cookie_header(page)
    # Presses too far apart do nothing.
    for _ in range(presses):
        page.keyboard.press(key)
        time.sleep(1.1)
    expect_path(page, rf"/notes/{entry_id}\?saved=1$")
    expect(page.locator(".entry-text")).to_have_text(secret)

    for _ in range(presses):
        page.keyboard.press(key)
    expect_path(page, "/n$")
    expect(page).to_have_title(NEUTRAL_TITLE)
    assert_session_refused(ui, cookies)
    page.go_back()
    page.wait_for_load_state()
    assert secret not in page.content()


def test_quick_exit_from_the_unlock_page(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    lock(page)
    page.fill("#passphrase", "half typed")
    page.locator("[data-quick-exit]").click()
    expect_path(page, "/n$")
    page.go_back()
    page.wait_for_load_state()
    values = page.evaluate("() => [...document.querySelectorAll('input')].map((i) => i.value)")
    assert "half typed" not in values


def test_quick_exit_goes_to_the_chosen_address_without_referrer(ui: Ui) -> None:
    page = ui.page
    exit_url = "https://weather.example/today"
    ui.guard.allowed_origins.add("https://weather.example")
    seen: list[dict[str, str]] = []

    def fake_site(route: Route) -> None:  # nothing leaves the machine
        seen.append(route.request.headers)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")

    ui.context.route("https://weather.example/**", fake_site)
    create_vault(page)
    save_settings(page, exit_address=exit_url)
    cookies = session_cookie_header(page)
    add_entry(page, sentinel())
    page.locator("[data-quick-exit]").click()
    expect(page).to_have_url(exit_url)
    expect(page).to_have_title("Weather")
    assert len(seen) == 1
    assert "referer" not in {name.lower() for name in seen[0]}
    assert_session_refused(ui, cookies)


def assert_session_refused(ui: Ui, cookie_header: str, timeout: float = 5.0) -> None:
    """The old session cookie no longer opens anything (the lock beacon may still be in flight)."""
    deadline = time.monotonic() + timeout
    while True:
        status, location = ui.replay("/notes", cookie_header)
        if status in (303, 401) and (status == 401 or location == "/unlock"):
            return
        assert time.monotonic() < deadline, f"old session still works: {status} {location}"
        time.sleep(0.1)

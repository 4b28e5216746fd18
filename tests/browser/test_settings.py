"""Settings (name, idle lock, passphrase) and failed-attempt visibility (R12)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import Ui
from .helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    create_vault,
    expect_path,
    lock,
    quick_exit_geometry,
    save_settings,
    sentinel,
    unlock,
    unlock_fails,
)

pytestmark = pytest.mark.browser


def test_settings_name_and_idle_minutes_are_kept(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    name = sentinel("Sam")
    save_settings(page, display_name=name, idle_minutes="7")
    expect(page.locator("#display_name")).to_have_value(name)
    expect(page.locator("#idle_minutes")).to_have_value("7")

    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome back, {name}")
    # The page's idle timer uses the new value.
    expect(page.locator("body")).to_have_attribute("data-idle-seconds", "420")

    # Kept inside the vault: still there after locking and unlocking.
    lock(page)
    unlock(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome back, {name}")
    page.goto("/settings")
    expect(page.locator("#idle_minutes")).to_have_value("7")


def test_settings_change_passphrase(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    page.goto("/settings")
    page.fill("#old", PASSPHRASE)
    page.fill("#new", NEW_PASSPHRASE)
    page.fill("#confirm", NEW_PASSPHRASE)
    page.get_by_role("button", name="Change passphrase").click()
    expect(page.get_by_role("status")).to_have_text("Your passphrase was changed.")

    lock(page)
    unlock_fails(page, PASSPHRASE)
    unlock(page, NEW_PASSPHRASE)


def test_settings_wrong_current_passphrase_changes_nothing(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    page.goto("/settings")
    page.fill("#old", "not the passphrase")
    page.fill("#new", NEW_PASSPHRASE)
    page.fill("#confirm", NEW_PASSPHRASE)
    page.get_by_role("button", name="Change passphrase").click()
    expect(page.get_by_role("alert")).to_contain_text("did not open the vault")
    lock(page)
    unlock_fails(page, NEW_PASSPHRASE)
    unlock(page, PASSPHRASE)


def test_unlock_reports_failed_attempts_once(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    lock(page)
    for guess in ("wrong guess one", "wrong guess two", "wrong guess three"):
        unlock_fails(page, guess)
    unlock(page)
    banner = page.locator('[data-failed-attempts="3"]')
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("3 times")
    expect(banner).to_contain_text("The last time was")
    where = quick_exit_geometry(page)
    assert where["inside"] and where["onTop"], f"the banner hides quick exit: {where}"

    page.reload()
    expect_path(page, "/home$")
    expect(page.locator("[data-failed-attempts]")).to_have_count(0)
    # A clean unlock shows no banner either.
    lock(page)
    unlock(page)
    expect(page.locator("[data-failed-attempts]")).to_have_count(0)

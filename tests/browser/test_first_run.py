"""First run: the safety note comes before set-up (R10); the recovery key is shown once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import Ui
from .helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    RECOVERY_KEY_GROUPS,
    create_vault,
    expect_path,
    lock,
    unlock,
    unlock_fails,
)

pytestmark = pytest.mark.browser


def test_first_run_safety_note_comes_before_setup(ui: Ui) -> None:
    page = ui.page
    page.goto("/")
    expect_path(page, "/intro$")
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    note = page.locator("main").inner_text().lower()
    for topic in ("quick exit", "does not erase your browser history", "spying software", "sync"):
        assert topic in note, f"the safety note does not mention {topic!r}"
    # Set-up is reached from the note; until a vault exists, "/" keeps showing it.
    page.goto("/unlock")
    expect_path(page, "/intro$")
    page.get_by_role("link", name="I have read this. Set up Onward").click()
    expect_path(page, "/setup$")

    page.fill("#passphrase", PASSPHRASE)
    page.fill("#confirm", PASSPHRASE)
    page.get_by_role("button", name="Create my private space").click()
    key = page.locator("[data-recovery-key]")
    expect(key).to_have_count(1)
    groups = key.inner_text().strip().split("-")
    assert len(groups) == RECOVERY_KEY_GROUPS
    assert all(re.fullmatch(r"[A-Z2-7]{4}", g) for g in groups), groups
    page.get_by_role("link", name="I have written it down").click()
    expect_path(page, "/home$")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back")

    # Shown once: set-up cannot be run again, and no page shows the key again.
    for path in ("/setup", "/home", "/settings"):
        page.goto(path)
        assert groups[0] + "-" + groups[1] not in page.content(), path
    # The note can be re-opened later (R10), and now leads back, not to set-up.
    lock(page)
    page.get_by_role("link", name="Read the safety note").click()
    expect_path(page, "/intro$")
    expect(page.get_by_role("link", name="I have read this. Set up Onward")).to_have_count(0)
    page.get_by_role("link", name="Back").click()
    unlock(page)


def test_first_run_mismatched_passphrases_are_refused(ui: Ui) -> None:
    page = ui.page
    page.goto("/setup")
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#confirm", PASSPHRASE + "x")
    page.get_by_role("button", name="Create my private space").click()
    expect(page.get_by_role("alert")).to_contain_text("not the same")
    expect(page.locator("[data-recovery-key]")).to_have_count(0)
    page.goto("/")
    expect_path(page, "/intro$")  # still no vault


def test_recovery_key_sets_a_new_passphrase(ui: Ui) -> None:
    page = ui.page
    key = create_vault(page)
    lock(page)
    page.get_by_role("link", name="Forgot your passphrase? Use your recovery key").click()
    expect_path(page, "/recover$")
    page.fill("#recovery_key", key.lower().replace("-", " "))  # typed loosely
    page.fill("#passphrase", NEW_PASSPHRASE)
    page.fill("#confirm", NEW_PASSPHRASE)
    page.get_by_role("button", name="Set new passphrase").click()
    expect(page.get_by_role("status")).to_contain_text("Your new passphrase is set.")
    unlock_fails(page, PASSPHRASE)
    unlock(page, NEW_PASSPHRASE)

"""Backup (R49): download from Settings, restore on another machine's set-up page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright, expect

from .conftest import ServerPool, Ui, open_profile
from .helpers import (
    PASSPHRASE,
    add_entry,
    create_vault,
    expect_path,
    find_bytes,
    sentinel,
    unlock,
    unlock_fails,
)

pytestmark = pytest.mark.browser


def test_backup_download_and_restore_in_a_fresh_place(
    ui: Ui, playwright_driver: Playwright, server_pool: ServerPool, tmp_path: Path
) -> None:
    page = ui.page
    create_vault(page)
    texts = [sentinel("BACKED-UP") for _ in range(3)]
    for text in texts:
        add_entry(page, text)
    page.goto("/settings")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download a backup").click()
    download = info.value
    assert download.suggested_filename.startswith("onward-")
    assert download.suggested_filename.endswith(".bak")
    backup = tmp_path / "saved" / download.suggested_filename
    download.save_as(backup)
    assert backup.stat().st_size > 0
    assert find_bytes(backup.parent, {t: t for t in texts}) == []  # encrypted
    expect_path(page, "/settings$")  # the download did not leave the page

    # Another data folder and another browser: restore through set-up.
    other = server_pool.take()
    fresh = open_profile(playwright_driver, other, tmp_path / "fresh")
    try:
        other.wait_ready()
        restore_page = fresh.page
        restore_from_setup(restore_page, backup, "not the passphrase")
        expect(restore_page.get_by_role("alert")).to_be_visible()
        restore_page.goto("/")
        expect_path(restore_page, "/intro$")  # nothing was restored
        restore_from_setup(restore_page, backup, PASSPHRASE)
        expect(restore_page.get_by_role("status")).to_contain_text("The backup was restored")
        unlock_fails(restore_page, "a different passphrase")
        unlock(restore_page)
        restore_page.goto("/notes")
        for text in texts:
            expect(restore_page.locator("#entries")).to_contain_text(text)
        expect(restore_page.get_by_text("3 entries", exact=True)).to_be_visible()
    finally:
        fresh.close()
        other.stop()
    problems = fresh.guard.problems()
    assert not problems, "\n".join(problems)


def restore_from_setup(page: Page, backup: Path, passphrase: str) -> None:
    page.goto("/setup")
    page.get_by_text("Restore from a backup instead").click()
    page.set_input_files("#file", backup)
    page.fill("#restore-pass", passphrase)
    page.get_by_role("button", name="Restore").click()

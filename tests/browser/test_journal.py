"""The journal in a real browser: write, list, open, edit, delete; text stays text (R31)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import Ui
from .helpers import add_entry, create_vault, expect_path, sentinel, wait_until

pytestmark = pytest.mark.browser

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    "{{ 7*7 }} {% raw %}",
    "\u202eevil\u202c",
)


def test_journal_write_list_open_edit(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    first, second = sentinel(), sentinel()
    entry_id = add_entry(page, f"Today I wrote {first}.")
    expect(page.locator(".entry-text")).to_have_text(f"Today I wrote {first}.")

    page.get_by_role("link", name="Back to the journal").click()
    expect_path(page, "/notes$")
    expect(page.locator("#entries")).to_contain_text(first)
    expect(page.get_by_text("1 entry", exact=True)).to_be_visible()
    page.locator("#entries a", has_text=first).click()
    expect_path(page, f"/notes/{entry_id}$")

    page.get_by_role("link", name="Edit").click()
    expect_path(page, f"/notes/{entry_id}/edit$")
    expect(page.locator("#text")).to_have_value(f"Today I wrote {first}.")
    page.fill("#text", f"Changed: {second}")
    page.get_by_role("button", name="Save").click()
    expect_path(page, rf"/notes/{entry_id}\?saved=1$")
    expect(page.locator(".entry-text")).to_have_text(f"Changed: {second}")
    expect(page.locator(".meta")).to_contain_text("edited")

    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text(second)
    expect(page.locator("#entries")).not_to_contain_text(first)
    page.goto("/home")
    expect(page.get_by_text("1 private entry")).to_be_visible()


def test_journal_delete_asks_first(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    keep, drop = sentinel("KEEP"), sentinel("DROP")
    add_entry(page, keep)
    add_entry(page, drop)

    ui.guard.confirm_answer = False  # "Cancel" keeps the entry
    page.get_by_role("button", name="Delete").click()
    wait_until(page, lambda: len(ui.guard.dialogs) == 1)
    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text(drop)

    ui.guard.confirm_answer = True
    page.locator("#entries a", has_text=drop).click()
    page.get_by_role("button", name="Delete").click()
    expect_path(page, r"/notes\?deleted=1$")
    expect(page.get_by_role("status")).to_have_text("The entry was deleted.")
    expect(page.locator("#entries")).not_to_contain_text(drop)
    expect(page.locator("#entries")).to_contain_text(keep)
    assert [d[0] for d in ui.guard.dialogs] == ["confirm", "confirm"]
    assert "cannot be undone" in ui.guard.dialogs[0][1]


def test_journal_markup_is_shown_as_text(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    text = "\n".join(PAYLOADS)
    add_entry(page, text)
    # The exact characters come back, and no element was made from them.
    assert page.locator(".entry-text").text_content() == text
    expect(page.locator(".entry-text")).to_have_css("white-space", "pre-wrap")
    assert page.locator("main script, main img, main a[href^='javascript']").count() == 0
    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#entries img, #entries script").count() == 0
    page.locator("#entries a").first.click()
    page.get_by_role("link", name="Edit").click()
    expect(page.locator("#text")).to_have_value(text)
    assert ui.guard.dialogs == [], "a script in the entry ran"

"""Traces (R2, R3, R4, R9, R35, R39): what the browser, data folder and logs keep.

A full flow writes sentinels everywhere a person types; afterwards no file of
the browser profile, the data folder or the server log may contain them, nor
the passphrase or the recovery key.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import Ui
from .helpers import (
    DENY_LIST,
    add_entry,
    create_vault,
    expect_path,
    find_bytes,
    lock,
    save_settings,
    sentinel,
    unlock,
)

pytestmark = pytest.mark.browser

BROWSER_STORAGE = """async () => ({
  local: localStorage.length,
  session: sessionStorage.length,
  indexedDb: (await indexedDB.databases()).map((d) => d.name),
  serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
  caches: await caches.keys(),
  cookie: document.cookie,
})"""


def run_full_flow(ui: Ui, passphrase: str) -> dict[str, str]:
    """Set up, name, write, edit, delete, quick exit, unlock; return what was typed."""
    page = ui.page
    typed = {
        "journal text": sentinel("JOURNAL"),
        "edited text": sentinel("EDITED"),
        "deleted text": sentinel("DELETED"),
        "display name": sentinel("NAME"),
        "passphrase": passphrase,
    }
    typed["recovery key"] = create_vault(page, passphrase)
    save_settings(page, display_name=typed["display name"])
    entry_id = add_entry(page, f"first {typed['journal text']}")
    page.goto(f"/notes/{entry_id}/edit")
    page.fill("#text", f"second {typed['edited text']}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".entry-text")).to_contain_text(typed["edited text"])
    add_entry(page, typed["deleted text"])
    page.get_by_role("button", name="Delete").click()
    expect_path(page, r"/notes\?deleted=1$")
    page.goto("/home")
    expect(page.get_by_role("heading", level=1)).to_contain_text(typed["display name"])
    page.goto("/notes")
    page.locator("[data-quick-exit]").click()
    expect_path(page, "/n$")
    unlock(page, passphrase)
    page.goto("/notes")
    expect(page.locator("#entries")).to_contain_text(typed["edited text"])
    return typed


def history_rows(profile: Path, scratch: Path) -> list[tuple[str, str]]:
    """(url, title) of every page in the profile's History database (read from a copy)."""
    copy = scratch / "History.copy"
    shutil.copy(profile / "Default" / "History", copy)
    with sqlite3.connect(copy) as conn:
        return [(str(u), str(t or "")) for u, t in conn.execute("SELECT url, title FROM urls")]


def test_traces_none_left_behind(ui: Ui, tmp_path: Path) -> None:
    passphrase = f"violet harbour {sentinel('PASS')}"
    typed = run_full_flow(ui, passphrase)
    needles = {**typed, "recovery key (no dashes)": typed["recovery key"].replace("-", "")}

    # R4, R35: nothing in the browser's storage, and the session cookie is HttpOnly.
    storage = ui.page.evaluate(BROWSER_STORAGE)
    assert storage == {
        "local": 0,
        "session": 0,
        "indexedDb": [],
        "serviceWorkers": 0,
        "caches": [],
        "cookie": "",
    }
    assert any(c["name"] == "__Host-s" and c["httpOnly"] for c in ui.context.cookies())
    lock(ui.page)
    ui.close()
    ui.server.stop()

    # R3, R4: no file of the profile holds what was typed (cache, autofill, sessions…).
    assert list((ui.profile_dir / "Default" / "Sessions").iterdir()), "no session file to check"
    assert find_bytes(ui.profile_dir, needles) == []
    # R2: history keeps URLs and titles; they must say nothing.
    rows = history_rows(ui.profile_dir, tmp_path)
    assert any(url.endswith("/notes") for url, _ in rows), "History was not written"
    for url, title in rows:
        seen = f"{url} {title}".lower()
        assert not [w for w in DENY_LIST if w in seen], (url, title)
        assert not [v for v in needles.values() if v.lower() in seen], (url, title)
        assert title in ("Onward", "New page", ""), title
    # R9, R39: the data folder and the server's log hold no plaintext.
    assert find_bytes(ui.server.data_dir, needles) == []
    assert ui.server.data_dir.joinpath("store.db").stat().st_size > 0
    assert find_bytes(ui.server.log_path.parent, needles) == []

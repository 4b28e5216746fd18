"""CSP and network (R34, R41): the guard really catches violations; htmx works under CSP.

Every browser test is watched by the Guard in conftest.py (CSP violations,
console errors, requests off the app's origin); these tests prove the guard
works and drive the parts of the page that use scripts.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import Ui
from .helpers import create_vault, wait_until

pytestmark = pytest.mark.browser

INJECT_INLINE = """() => {
  const s = document.createElement("script");
  s.textContent = "window.__ran = true";
  document.head.appendChild(s);
  return window.__ran === true;
}"""
# Writes entries through the app's own form endpoint, as the page's scripts would.
POST_ENTRIES = """async (count) => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const statuses = [];
  for (let n = 0; n < count; n++) {
    const body = new URLSearchParams({csrf: csrf, text: "bulk entry " + n});
    const r = await fetch("/notes", {method: "POST", body: body, redirect: "manual"});
    statuses.push(r.type === "opaqueredirect" ? 303 : r.status);
  }
  return statuses;
}"""
PAGE_SIZE = 50


def test_csp_blocks_inline_script_and_guard_reports_it(ui: Ui) -> None:
    page = ui.page
    page.goto("/intro")
    assert page.evaluate(INJECT_INLINE) is False, "an inline script ran despite the CSP"
    wait_until(page, lambda: bool(ui.guard.csp_violations and ui.guard.console_errors))
    assert [v["directive"] for v in ui.guard.csp_violations] == ["script-src-elem"]
    assert len(ui.guard.console_errors) == 1
    assert "Content Security Policy" in ui.guard.console_errors[0]
    # Expected here; anything else the guard saw still fails the test.
    ui.guard.csp_violations.clear()
    ui.guard.console_errors.clear()


def test_csp_older_entries_load_with_htmx(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    page.goto("/notes")
    statuses = page.evaluate(POST_ENTRIES, PAGE_SIZE + 5)
    assert set(statuses) == {303}, statuses
    page.goto("/notes")
    expect(page.get_by_text(f"{PAGE_SIZE + 5} entries")).to_be_visible()
    rows = page.locator("#entries li:not(.more)")
    expect(rows).to_have_count(PAGE_SIZE)
    with page.expect_request(lambda r: "/notes?before=" in r.url) as older:
        page.get_by_role("link", name="Show older entries").click()
    assert older.value.headers.get("hx-request") == "true"
    expect(rows).to_have_count(PAGE_SIZE + 5)
    expect(page.get_by_role("link", name="Show older entries")).to_have_count(0)
    expect(page.locator("#entries")).to_contain_text("bulk entry 0")
    assert page.url.endswith("/notes")  # hx-push-url="false": no new history entry

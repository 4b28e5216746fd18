"""Accessibility: axe-core on every foundation page, and a phone-sized screen.

axe-core is vendored (tests/browser/vendor, `make vendor`). The app's CSP
blocks injected <script> tags, so axe is evaluated through the DevTools
protocol instead, which CSP does not govern. Only "serious" and "critical"
findings fail the test; the others are printed for the record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import Ui
from .helpers import (
    add_entry,
    create_vault,
    expect_path,
    lock,
    quick_exit_geometry,
    unlock,
    unlock_fails,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  }));
}"""
PHONE = {"width": 390, "height": 844}
UNBROKEN = "x" * 200  # one long word: must wrap, not widen the page


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.wait_for_load_state("load")
    page.evaluate(axe_source())
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return violations


class AxeReport:
    """Collects findings per page so one failure lists every page's problems."""

    def __init__(self) -> None:
        self.failing: dict[str, list[dict[str, Any]]] = {}
        self.minor: dict[str, list[dict[str, Any]]] = {}
        self.pages: list[str] = []

    def check(self, page: Page, name: str) -> None:
        self.pages.append(name)
        for violation in axe_violations(page):
            bucket = self.failing if violation["impact"] in FAILING_IMPACTS else self.minor
            bucket.setdefault(name, []).append(violation)

    def text(self, found: dict[str, list[dict[str, Any]]]) -> str:
        lines = []
        for name, violations in found.items():
            for v in violations:
                lines.append(f"{name}: [{v['impact']}] {v['id']}: {v['help']}")
                lines.extend(f"    at {node}" for node in v["nodes"])
        return "\n".join(lines)


def test_accessibility_axe_on_every_page(
    ui: Ui, record_property: Callable[[str, object], None]
) -> None:
    page = ui.page
    report = AxeReport()
    page.goto("/intro")
    report.check(page, "intro")
    page.goto("/setup")
    report.check(page, "setup")
    page.fill("#passphrase", "violet harbour lantern")
    page.fill("#confirm", "violet harbour lantern")
    page.get_by_role("button", name="Create my private space").click()
    expect(page.locator("[data-recovery-key]")).to_be_visible()
    report.check(page, "recovery key")
    page.get_by_role("link", name="I have written it down").click()
    expect_path(page, "/home$")
    report.check(page, "home")

    entry_id = add_entry(page, "A first entry.\nWith two lines.")
    report.check(page, "entry (just saved)")
    page.goto("/notes")
    report.check(page, "journal list")
    page.goto("/notes/new")
    report.check(page, "new entry form")
    page.goto(f"/notes/{entry_id}/edit")
    report.check(page, "edit form")
    page.goto("/settings")
    page.locator("summary").click()  # the restore form too
    report.check(page, "settings")
    page.goto("/no-such-page")
    report.check(page, "error 404")

    lock(page)
    report.check(page, "unlock")
    unlock_fails(page, "not it at all")
    report.check(page, "unlock (wrong passphrase)")
    page.goto("/recover")
    report.check(page, "recover")
    unlock(page)
    report.check(page, "home (failed-attempts banner)")
    page.goto("/n")
    report.check(page, "neutral page")

    record_property("axe_minor_findings", report.text(report.minor) or "none")
    assert not report.failing, (
        f"axe found serious problems on {len(report.failing)} of {len(report.pages)} pages:\n"
        + report.text(report.failing)
        + "\n\nminor findings (not failing):\n"
        + report.text(report.minor)
    )


def check_phone_page(page: Page, path: str) -> dict[str, Any]:
    page.goto(path)
    where = quick_exit_geometry(page)
    assert where["inside"] and where["onTop"], f"quick exit hidden on a phone at {path}: {where}"
    expect(page.locator("[data-quick-exit]")).to_be_visible()
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, view: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["view"], f"{path} scrolls sideways on a phone: {widths}"
    return where


def test_accessibility_phone_screen(ui: Ui) -> None:
    page = ui.page
    page.set_viewport_size(PHONE)
    create_vault(page)
    entry_id = add_entry(page, f"{UNBROKEN}\n" + "\n".join(f"line {n}" for n in range(60)))
    add_entry(page, json.dumps({"long": UNBROKEN}))
    for path in ("/home", "/notes", f"/notes/{entry_id}", "/notes/new", "/settings"):
        check_phone_page(page, path)
    lock(page)
    for path in ("/unlock", "/intro"):
        check_phone_page(page, path)

"""The path in a real browser: each situation from first unlock to a saved, printable plan.

A positive danger screen must visibly change the advice (no repair offer, no private talk,
helplines and the safety plan first), and the crisis answer must show crisis lines at once.
axe-core runs on every page of the path; serious or critical findings fail the test.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from onward.guide.screen import load_screen

from .conftest import Ui
from .helpers import create_vault, expect_path, sentinel

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
      v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", "));
}"""


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


class Axe:
    """Runs axe on each page (through DevTools, which CSP does not govern) and collects."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failing: list[str] = []

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.page.evaluate(_axe_source())
        found: list[str] = self.page.evaluate(RUN_AXE)
        self.failing.extend(f"{name}: {finding}" for finding in found)

    def assert_clean(self) -> None:
        assert not self.failing, "axe found serious problems:\n" + "\n".join(self.failing)


def start(page: Page, situation: str, country: str) -> None:
    page.goto("/start")
    page.check(f'input[name="situation"][value="{situation}"]')
    page.select_option("#country", country)
    page.get_by_role("button", name="Save and continue").click()
    expect_path(page, "/home$")


def answer_screen(page: Page, yes: set[str], axe: Axe | None = None) -> None:
    page.goto("/check")
    if axe:
        axe.check("safety questions")
    for item in load_screen().items:
        value = "yes" if item.id in yes else "no"
        page.check(f'input[name="q_{item.id}"][value="{value}"]')
    page.get_by_role("button", name="Save my answers").click()
    expect_path(page, "/check/result$")
    if axe:
        axe.check("safety result")


def offers(page: Page) -> list[str]:
    return [
        str(v)
        for v in page.locator("[data-offer]").evaluate_all(
            "els => els.map(e => e.getAttribute('data-offer'))"
        )
    ]


def print_view(page: Page, path: str, expected: str, axe: Axe | None = None) -> str:
    page.goto(path)
    text = page.locator("[data-plan-text]").inner_text()
    assert expected in " ".join(text.split()), text[:400]
    if axe:
        axe.check(f"print {path}")
    return text


def test_path_leaving_reaches_a_printed_conversation_plan(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    expect(page.locator("[data-start-prompt]")).to_be_visible()
    axe.check("home before start")
    page.get_by_role("link", name="Choose where you stand").click()
    axe.check("start")
    start(page, "leaving", "GB")
    answer_screen(page, yes=set(), axe=axe)
    expect(page.locator("[data-screen-result]")).to_have_attribute("data-screen-result", "negative")
    page.goto("/home")
    expect(page.locator('[data-advice="in-person"]')).to_be_visible()
    axe.check("home (leaving)")

    reason = sentinel("reason")
    page.locator('[data-step="talk"] a').click()
    expect_path(page, "/plan/talk$")
    axe.check("plan: talk")
    page.fill("#reason_1", reason)
    page.check('input[name="setting"][value="in_person_private"]')
    page.fill("#trusted_name", "Ana")
    page.fill("#trusted_how", "555-0101")
    page.fill("#check_in", "2026-11-22T18:00")
    page.get_by_role("button", name="Save my plan").click()
    expect_path(page, r"/plan/talk\?saved=1$")
    expect(page.locator("[data-statement]")).to_contain_text(reason)
    axe.check("plan: talk (saved)")
    page.get_by_role("link", name="Print this plan").click()
    text = print_view(page, "/plan/talk?print=1", "Face to face, in private", axe)
    assert reason in text and "Ana: 555-0101" in text
    page.goto("/plan")
    expect(page.locator('[data-plan="conversation"]')).to_contain_text("Saved on")
    axe.check("plans")
    axe.assert_clean()


def test_path_refused_gets_safer_settings_and_boundaries(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    start(page, "refused", "US")
    answer_screen(page, yes={"stalking"})  # one answer that gates, result still negative
    page.goto("/home")
    expect(page.locator('[data-advice="safer-setting"]')).to_be_visible()
    expect(page.locator('[data-advice="in-person"]')).to_have_count(0)

    page.goto("/plan/talk")
    private = page.locator('[data-setting="in_person_private"] input')
    expect(private).to_be_disabled()
    page.check('input[name="setting"][value="phone"]')
    page.get_by_role("button", name="Save my plan").click()
    expect_path(page, r"/plan/talk\?saved=1$")

    page.goto("/plan/limits")
    axe.check("plan: limits")
    page.check('input[name="rule"][value="no_contact"]')
    page.check('input[name="duration"][value="90"]')
    page.check('input[name="step"][value="keep_record"]')
    page.get_by_role("button", name="Save my boundaries").click()
    expect_path(page, r"/plan/limits\?saved=1$")
    expect(page.locator("[data-orders]")).to_contain_text("WomensLaw.org")
    axe.check("plan: limits (saved)")
    print_view(page, "/plan/limits?print=1", "Contact rule: No contact", axe)
    page.goto("/lines")
    expect(page.locator("[data-helplines]")).to_contain_text("988")
    axe.check("helplines")
    axe.assert_clean()


def test_path_unsure_weighs_options_then_plans_safety(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    start(page, "unsure", "IE")
    answer_screen(page, yes=set())
    page.goto("/health")
    axe.check("health check")
    page.check('input[name="h_puts_you_down"][value="often"]')
    page.check('input[name="h_jealous"][value="sometimes"]')
    page.check('input[name="h_feel_safe"][value="often"]')
    page.get_by_role("button", name="See what my answers show").click()
    expect_path(page, "/health/result$")
    expect(page.locator("[data-health-band]")).to_have_attribute("data-health-band", "some_signs")
    axe.check("health result")

    page.get_by_role("link", name="Weigh your options").click()
    expect_path(page, "/decide$")
    axe.check("decision aid")
    page.check('input[name="before_sure"][value="no"]')
    page.uncheck('input[name="use_children"]')
    page.check('input[name="pair_safety__feelings"][value="a_much"]')
    page.check('input[name="pair_feelings__self_worth"][value="b_bit"]')
    page.get_by_role("button", name="Save and see how the choices fit").click()
    expect_path(page, r"/decide/[0-9a-f]{32}$")
    expect(page.locator(".option-result")).to_have_count(5)
    axe.check("decision result")
    page.check('input[name="after_sure"][value="yes"]')
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("After: 1 of 4.")).to_be_visible()

    page.goto("/plan/care")
    axe.check("plan: care")
    page.fill("#name_1", "Ana")
    page.fill("#how_1", "555-0101")
    page.fill("#code_word", "blue")
    page.check('input[name="packed"][value="keys"]')
    page.get_by_role("button", name="Save my safety plan").click()
    expect_path(page, r"/plan/care\?saved=1$")
    print_view(page, "/plan/care?print=card", "EMERGENCY CARD", axe)
    print_view(page, "/plan/care?print=1", "My safety plan")
    axe.assert_clean()


def test_path_repair_is_offered_after_a_negative_screen_and_hidden_after_a_positive_one(
    ui: Ui,
) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    start(page, "repair", "AU")
    expect(page.locator("[data-offer-waits]")).to_be_visible()
    assert offers(page) == []
    answer_screen(page, yes=set())
    page.goto("/home")
    assert offers(page) == ["repair", "counselling", "time-apart"]
    axe.check("home (repair open)")
    page.goto("/guide")
    expect(page.get_by_role("link", name="One honest talk")).to_be_visible()
    axe.check("guide")
    page.fill("#q", "apology")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("[data-hits] mark").first).to_be_visible()
    axe.check("guide search")
    page.get_by_role("link", name="A real apology").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A real apology")
    axe.check("guide page")

    answer_screen(page, yes={"neck_or_breathing"})
    expect(page.locator("[data-gates]")).to_contain_text("repair path")
    page.goto("/home")
    assert offers(page) == []
    expect(page.locator("[data-closed]")).to_be_visible()
    helplines = page.locator("[data-helplines]").bounding_box()
    steps = page.locator("#steps-h").bounding_box()
    assert helplines and steps and helplines["y"] < steps["y"]  # help comes first
    steps_order = page.locator("[data-step]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-step'))"
    )
    assert steps_order[:2] == ["check", "care"]
    axe.check("home (safety first)")
    page.goto("/guide")
    expect(page.get_by_role("link", name="One honest talk")).to_have_count(0)
    expect(page.locator("[data-hidden]")).to_be_visible()

    page.goto("/home")
    page.locator('[data-step="care"] a').click()
    expect_path(page, "/plan/care$")
    page.fill("#place_1", "The library")
    page.get_by_role("button", name="Save my safety plan").click()
    expect_path(page, r"/plan/care\?saved=1$")
    print_view(page, "/plan/care?print=1", "The library")
    axe.assert_clean()


def test_path_left_gets_no_contact_and_crisis_lines_at_once(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    start(page, "left", "NZ")
    page.goto("/check")
    box = page.locator("[data-crisis-box]")
    expect(box).to_be_hidden()
    page.check('input[name="q_own_thoughts_of_suicide"][value="yes"]')
    expect(box).to_be_visible()  # at once, before anything is sent
    expect(box).to_contain_text("Lifeline")
    axe.check("safety questions (crisis shown)")
    page.check('input[name="q_own_thoughts_of_suicide"][value="no"]')
    expect(box).to_be_hidden()
    page.check('input[name="q_own_thoughts_of_suicide"][value="yes"]')
    page.get_by_role("button", name="Save my answers").click()
    crisis = page.locator("[data-crisis]").first
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("Please talk to someone now")
    axe.check("safety result (crisis)")
    page.goto("/home")
    expect(page.locator("[data-crisis]").first).to_be_visible()

    page.locator('[data-step="limits"] a').click()
    page.check('input[name="rule"][value="no_contact"]')
    page.check('input[name="duration"][value="open"]')
    page.get_by_role("button", name="Save my boundaries").click()
    expect_path(page, r"/plan/limits\?saved=1$")
    print_view(page, "/plan/limits?print=1", "with no end date")
    axe.assert_clean()


def test_path_helper_mode_before_and_after_a_vault(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    page.goto("/")
    expect_path(page, "/intro$")
    page.get_by_role("link", name=re.compile("Read how to help them")).click()
    expect_path(page, "/friend$")
    expect(page.locator("[data-stores-nothing]")).to_be_visible()
    axe.check("helper mode (no vault)")
    page.select_option("#country", "CA")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("[data-helplines]")).to_contain_text("Canada")
    data_files = [p for p in ui.server.data_dir.rglob("*") if p.is_file()]
    assert data_files == [], data_files

    create_vault(page)
    start(page, "helper", "GB")
    steps = page.locator("[data-step]")
    expect(steps).to_have_count(1)
    page.locator('[data-step="friend"] a').click()
    expect_path(page, "/friend$")
    expect(page.get_by_role("link", name="Back to your path")).to_be_visible()
    axe.check("helper mode (unlocked)")
    axe.assert_clean()

"""A chat import in a real browser: import, who is who, flags with reasons, dismiss, the
person's own mark, charts.

The imported chat carries markup, script, a template payload and a right-to-left override
written by "the other person" (R31): it must appear as text, no dialog may fire, and no
Content-Security-Policy violation may happen (the Guard checks that at teardown).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import FilePayload, expect

from .conftest import Ui
from .helpers import create_vault, expect_path

pytestmark = pytest.mark.browser

CHAT = (
    "14/03/2021, 08:00 - Sam: I will kill you if you leave\n"
    "14/03/2021, 08:01 - Sam: <script>alert(1)</script>\n"
    "14/03/2021, 08:02 - Sam: <img src=x onerror=alert(2)> <svg onload=alert(3)>\n"
    '14/03/2021, 08:03 - Sam: <a href="javascript:alert(4)">link</a> {{ 7*7 }}\n'
    "14/03/2021, 08:04 - Sam: \u202eevil\u202c\n"
    "14/03/2021, 08:05 - Alex: please stop writing to me\n"
)


def test_import_map_flags_dismiss_mark_and_charts(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    page.get_by_role("link", name="Timeline").click()
    expect_path(page, "/timeline$")
    page.get_by_role("link", name="Import", exact=True).first.click()
    expect_path(page, "/import$")
    export: FilePayload = {
        "name": "WhatsApp Chat with Sam.txt",
        "mimeType": "text/plain",
        "buffer": CHAT.encode(),
    }
    page.set_input_files("#upload", files=[export])
    page.get_by_role("button", name="Import").click()
    expect_path(page, r"/import/[0-9a-f]{32}$")
    expect(page.locator('[data-count="added"]')).to_have_text("6")

    page.get_by_role("link", name="Sam").click()
    expect_path(page, r"/chats/[0-9a-f]{32}$")
    page.locator("tr", has_text="Sam").get_by_role("radio").nth(1).check()
    page.locator("tr", has_text="Alex").get_by_role("radio").nth(0).check()
    page.get_by_role("button", name="Save who is who").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")

    page.goto("/timeline")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("<script>alert(1)</script>")
    expect(timeline).to_contain_text("{{ 7*7 }}")
    expect(timeline.locator(".bidi")).to_have_text(["[U+202E]", "[U+202C]"])
    assert timeline.locator("script, img, svg, a[href^='javascript']").count() == 0
    expect(timeline.locator(".badge", has_text="Threat")).to_have_count(1)

    page.get_by_role("checkbox", name="Threat").check()
    page.locator("form.filters").get_by_role("button", name="Show").click()
    expect(page.locator("#timeline > li")).to_have_count(1)
    page.locator("#timeline a").first.click()
    expect_path(page, r"/timeline/[0-9a-f]{32}$")
    flag = page.locator('[data-flag="threat"]')
    expect(flag).to_contain_text("Threat")
    expect(flag.locator("p").first).not_to_be_empty()
    expect(page.locator("[data-message-text] mark")).to_have_text("I will kill you")
    flag.get_by_role("button", name="Set aside").click()
    expect(page.locator('[data-flag="threat"]')).to_contain_text("set aside")
    page.goto("/timeline?category=threat")
    expect(page.locator("#timeline > li[data-contact]")).to_have_count(0)

    # a message no flag caught, marked by the person, then unmarked
    page.goto("/timeline")
    page.locator("#timeline > li", has_text="{{ 7*7 }}").locator("a").first.click()
    expect_path(page, r"/timeline/[0-9a-f]{32}$")
    expect(page.locator("[data-flag]")).to_have_count(0)
    page.locator("#own-mark-category").select_option("insult")
    page.locator("#own-mark").get_by_role("button", name="Mark it").click()
    expect(page.locator('[data-flag="insult"]')).to_contain_text("You marked this message.")
    marked = page.url.split("/timeline", 1)[1]
    page.goto("/timeline?category=insult")
    page.locator(f'#timeline a[href="/timeline{marked}"]').click()
    page.get_by_role("button", name="Take my mark off").click()
    expect(page.locator("[data-flag]")).to_have_count(0)
    expect(page.locator("#own-mark-category option[value=insult]")).to_have_count(1)

    page.goto("/charts")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    expect(page.locator(".chart-table table")).to_have_count(3)
    assert ui.guard.dialogs == [], "a script in the imported chat ran"

"""The second check in a real browser: after an import the status line shows while the
model reads the messages, goes away by itself when it is done, and the message the rules
missed then carries a flag marked as found by the second check, with its reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import FilePayload, expect

from .conftest import Ui
from .helpers import create_vault, expect_path

pytestmark = pytest.mark.browser

MISSED = "everyone would be happier without me in the picture"  # see tests/services
ORDINARY = [f"see you at the game on saturday, bring snack number {i}" for i in range(30)]
CHAT = "".join(f"14/03/2021, 08:{i:02d} - Sam: {t}\n" for i, t in enumerate(ORDINARY)) + (
    f"14/03/2021, 09:00 - Sam: {MISSED}\n14/03/2021, 09:01 - Alex: the train was late again\n"
)
WAIT_MS = 120_000  # the model loads and reads 31 messages on a busy 2-core machine


def test_second_check_status_line_then_model_flag(ui: Ui) -> None:
    page = ui.page
    create_vault(page)
    page.goto("/import")
    export: FilePayload = {
        "name": "WhatsApp Chat with Sam.txt",
        "mimeType": "text/plain",
        "buffer": CHAT.encode(),
    }
    page.set_input_files("#upload", files=[export])
    page.get_by_role("button", name="Import").click()
    expect_path(page, r"/import/[0-9a-f]{32}$")
    status = page.locator("[data-second-check]")
    expect(status).to_contain_text("A slower second check is still reading")
    expect(status).to_have_count(0, timeout=WAIT_MS)  # the poll removes it when done

    page.get_by_role("link", name="Sam").click()
    page.locator("tr", has_text="Sam").get_by_role("radio").nth(1).check()
    page.locator("tr", has_text="Alex").get_by_role("radio").nth(0).check()
    page.get_by_role("button", name="Save who is who").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")

    page.goto("/timeline")
    expect(page.locator("[data-second-check]")).to_have_count(0, timeout=WAIT_MS)
    page.reload()
    row = page.locator("#timeline > li", has_text=MISSED)
    expect(row.locator(".badge")).to_have_count(1)
    row.locator("a").first.click()
    expect_path(page, r"/timeline/[0-9a-f]{32}$")
    flag = page.locator('[data-flag="self_harm_pressure"]')
    expect(flag).to_contain_text("similar to")
    expect(flag.locator("[data-model-flag]")).to_contain_text("Found by the second check")
    expect(page.locator("[data-message-text] mark")).to_have_count(0)  # no words to mark
    flag.get_by_role("button", name="Set aside").click()
    expect(page.locator('[data-flag="self_harm_pressure"]')).to_contain_text("set aside")
    assert "second check stopped" not in ui.server.log_text()  # it ended, not crashed

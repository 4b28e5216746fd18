"""The contact log in a real browser: log a visit in seconds, keep the code, download the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from onward.evidence.verify_chain import check

from .conftest import Ui
from .helpers import DENY_LIST, create_vault, expect_path, sentinel

pytestmark = pytest.mark.browser


def test_log_an_entry_and_download_the_report(ui: Ui, tmp_path: Path) -> None:
    page = ui.page
    create_vault(page)
    page.get_by_role("link", name="Log", exact=True).click()
    expect_path(page, "/log$")
    text = sentinel("VISIT")
    photo = tmp_path / "door.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe1\x00\x0cExif\x00\x00GPS!\xff\xd9")
    # The quick form: "when" is already now, so a channel and a line are enough.
    page.select_option("#channel", "in_person")
    page.fill("#what", f"{text} at the door, shouting.")
    page.set_input_files("#files", str(photo))
    page.get_by_role("button", name="Save to the log").click()
    expect_path(page, r"/log\?saved=[0-9a-f]{32}$")
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.locator("#log-entries")).to_contain_text(text)
    expect(page.locator("#log-entries")).to_contain_text("1 file")

    code = page.locator("[data-chain-code]").inner_text()
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code)
    page.get_by_role("button", name="I wrote it down").click()
    expect(page.get_by_role("status")).to_contain_text("Noted.")

    page.locator("#log-entries a", has_text=text).click()
    expect_path(page, r"/log/[0-9a-f]{32}$")
    expect(page.locator("#entry-what")).to_have_text(f"{text} at the door, shouting.")

    page.goto("/log")
    page.get_by_role("link", name="Make a report").click()
    expect_path(page, "/report$")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the PDF").click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert re.fullmatch(r"report-\d{4}-\d{2}-\d{2}\.pdf", pdf.name)
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert f"{text} at the door, shouting." in words and code in words

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the folder (.zip)").click()
    bundle = tmp_path / info.value.suggested_filename
    info.value.save_as(bundle)
    ok, line = check(str(bundle))
    assert ok, line
    expect_path(page, "/report$")  # a download does not leave the page
    for name in (pdf.name, bundle.name, page.url):
        assert not any(word in name.lower() for word in DENY_LIST), name

"""Hosted sharing in real browsers (R44, R45): a client shares her safety plan with
an advocate, the advocate sees only a reference until she accepts, then reads it,
the client sees the acceptance and the access on her list, revokes, and the
advocate gets nothing. Two Chromium profiles against one ``onward serve --hosted``
(two workers) on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect
from tests.browser.conftest import SERVER_ENV, Server, Ui, free_port, open_profile
from tests.browser.helpers import PASSPHRASE, expect_path, find_bytes, sentinel

from onward.config import Settings
from onward.services import accounts

pytestmark = pytest.mark.pg


def launch_hosted(root: Path, database_url: str) -> Server:
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        **SERVER_ENV,
        "ONWARD_DATABASE_URL": database_url,
        "ONWARD_SERVER_SECRET_FILE": str(root / "server.key"),
        "ONWARD_SIGNUP": "invite",
    }
    command = [sys.executable, "-m", "onward", "--data-dir", str(root / "data"), "serve"]
    with (root / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "--hosted", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return Server(root=root, port=port, process=process)


@pytest.fixture
def two_people(
    playwright_driver: Playwright, pg_url: str, tmp_path: Path
) -> Iterator[tuple[Ui, Ui, Settings]]:
    server = launch_hosted(tmp_path / "server", pg_url)
    handles: list[Ui] = []
    try:
        server.wait_ready()
        for name in ("client", "advocate"):
            handles.append(open_profile(playwright_driver, server, tmp_path / name))
        settings = Settings(
            hosted=True,
            database_url=pg_url,  # type: ignore[arg-type]
            data_dir=tmp_path / "server" / "data",
            server_secret_file=tmp_path / "server" / "server.key",
        )
        yield handles[0], handles[1], settings
    finally:
        for handle in handles:
            handle.close()
        server.stop()
    for handle in handles:
        problems = handle.guard.problems()
        assert not problems, "the browser saw problems:\n" + "\n".join(problems)


def sign_up(ui: Ui, name: str, code: str) -> None:
    page = ui.page
    page.goto("/signup")
    page.fill("#name", name)
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#confirm", PASSPHRASE)
    page.fill("#code", code)
    page.get_by_role("button", name="Create my private space").click()
    expect(page.locator("[data-recovery-key]")).to_be_visible()


def test_client_shares_plan_advocate_reads_client_sees_and_revokes(
    two_people: tuple[Ui, Ui, Settings],
) -> None:
    client, advocate, settings = two_people
    place = sentinel("zqplace")
    # The advocate signs up with an invitation and reads her code off her page.
    sign_up(advocate, "sam-helpline", accounts.create_invitation(settings, role="advocate"))
    advocate.page.goto("/shared")
    code = advocate.page.locator("[data-advocate-code]").inner_text().strip()
    # The client makes a plan and shares it.
    sign_up(client, "robin-r", accounts.create_invitation(settings, role="client"))
    page = client.page
    page.goto("/plan/care")
    page.fill("#place_1", place)
    page.get_by_role("button", name="Save my safety plan").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.goto("/shares")
    page.fill("#advocate", code)
    page.fill("#label", "Sam")
    page.get_by_label("My plan for staying safe").check()
    page.get_by_role("button", name="Share", exact=True).click()
    expect_path(page, "/shares$")
    expect(page.get_by_text("Not opened yet.")).to_be_visible()
    expect(page.locator("[data-state='pending']")).to_be_visible()
    # The advocate sees a pending share: a reference and a date, no link, no content.
    apage = advocate.page
    apage.goto("/shared")
    pending = apage.locator("[data-pending]")
    expect(pending).to_have_count(1)
    pending_id = pending.get_attribute("data-pending")
    assert pending_id is not None
    assert apage.locator("a[href^='/shared/']").count() == 0
    assert place not in apage.content() and "Sam" not in pending.inner_text()
    response = apage.goto(f"/shared/{pending_id}")
    assert response is not None and response.status == 404
    # She accepts, then opens it: read only.
    apage.goto("/shared")
    apage.get_by_role("button", name="Accept").click()
    expect_path(apage, "/shared$")
    expect(apage.locator("[data-pending]")).to_have_count(0)
    apage.locator("a[href^='/shared/']").first.click()
    expect_path(apage, "/shared/[0-9a-f]{32}$")
    share_path = apage.url[apage.url.index("/shared/") :]
    expect(apage.locator("[data-shared-plan]")).to_contain_text(place)
    assert apage.locator("main form").count() == 0
    # The client sees the access.
    page.reload()
    expect(page.locator("[data-state='accepted']")).to_be_visible()
    expect(page.locator(".access-log li")).to_have_count(2)
    expect(page.locator(".access-log li[data-what='view']")).to_contain_text("read what you shared")
    expect(page.locator(".access-log li[data-what='accept']")).to_contain_text("accepted the share")
    # She revokes; the advocate gets nothing.
    page.get_by_role("button", name="End this share now").click()
    expect(page.get_by_text("ended by you")).to_be_visible()
    response = apage.goto(share_path)
    assert response is not None and response.status == 404
    assert place not in apage.content()
    apage.goto("/shared")
    expect(apage.get_by_text("Nothing has been shared with you right now.")).to_be_visible()
    # No trace of the plan in the advocate's browser profile (no-store, R3).
    advocate.close()
    assert find_bytes(advocate.profile_dir, {"place": place}) == []

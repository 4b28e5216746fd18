"""Repair, let-go, closure and recovery in a real browser (issue 5).

- a repair attempt that ends by a stop rule and lands in the let-go track;
- a positive danger screen that closes the repair track, with the reason and safety first;
- a burned letter that is gone from the database: on SQLite the row, its wrapped key and
  its ciphertext are gone after the WAL truncate (checked by opening the database with the
  vault key, since SQLCipher encrypts every page and a byte scan alone proves little); on
  PostgreSQL through a SELECT and a pg_dump of the items table;
- the daily parts: one-tap check-in, the urge pause countdown, crisis lines at once on a
  PHQ-9 item 9 answer, and the trends page screenshotted (the PNG must not be blank);
- axe-core on these pages: no serious or critical findings.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, Playwright, expect
from sqlalchemy import text
from tests.conftest import PASSPHRASE as TEST_PASSPHRASE
from tests.conftest import fast_settings

from onward.guide.screen import load_screen
from onward.services import recovery_log, screening
from onward.services import vault as vs
from onward.services.tracks_common import local_today
from onward.store.crypto import _WRAPPED_KEY_BYTES

from .conftest import Server, Ui, launch_server, open_profile
from .helpers import PASSPHRASE, create_vault, expect_path, find_bytes, sentinel
from .test_accessibility import FAILING_IMPACTS, axe_violations

pytestmark = pytest.mark.browser
assert PASSPHRASE == TEST_PASSPHRASE
LETTER_URL = r"/letter/([0-9a-f]{32})$"


class Axe:
    """axe-core on each page visited; serious or critical findings fail at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failing: list[str] = []

    def check(self, name: str) -> None:
        for v in axe_violations(self.page):
            if v["impact"] in FAILING_IMPACTS:
                self.failing.append(f"{name}: [{v['impact']}] {v['id']}: {v['help']} {v['nodes']}")

    def assert_clean(self) -> None:
        assert not self.failing, "axe found serious problems:\n" + "\n".join(self.failing)


@contextmanager
def vault_of(server: Server, database_url: str | None = None) -> Iterator[vs.Vault]:
    """The server's vault, opened in this process with the passphrase (and so its key)."""
    vault, _ = vs.unlock_vault(fast_settings(server.data_dir, database_url), passphrase=PASSPHRASE)
    try:
        yield vault
    finally:
        vault.lock()


def _click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


# --- repair: a stop rule hands over to letting go ------------------------------------------


def test_repair_attempt_ends_by_stop_rule_and_lands_in_letgo(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    page.goto("/mend")
    expect(page.get_by_role("heading", name="Trying again", level=1)).to_be_visible()
    axe.check("mend")
    page.get_by_role("link", name="Prepare one honest talk").click()
    page.fill("#partner_said", "They need space to think.")
    _click(page, "Save notes")
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.goto("/mend/sorry")
    page.fill("#what_i_did", "I kept cancelling our plans, but work was crazy")
    page.fill("#its_effect", "You felt you came last")
    page.fill("#what_i_will_do_differently", "Keep the evenings we plan")
    _click(page, "Save and check")
    expect(page.locator("[data-notes]")).to_contain_text("Excuse")
    expect(page.locator("[data-draft-marked] mark")).to_have_text("but")
    axe.check("mend/sorry")
    page.goto("/mend/pause")
    page.fill("#days", "21")
    page.fill("#my_part", "See a counsellor on my own")
    _click(page, "Save the agreement")
    review = (local_today() + timedelta(days=21)).isoformat()
    expect(page.locator("#agreement [data-agreement]")).to_contain_text(f"Review:  {review}")
    axe.check("mend/pause")
    page.goto("/mend")
    _click(page, "They agreed to the time apart")
    expect(page.get_by_role("button", name="At the review, we both said yes")).to_be_visible()
    _click(page, "They told me again that they want to end it")  # asks first (a confirm)
    expect(page.locator("[data-closed-reason]")).to_contain_text("told you again")
    assert ui.guard.dialogs and "letting go" in ui.guard.dialogs[-1][1]
    axe.check("mend closed")
    page.goto("/mend/sorry")
    expect(page.locator("#what_i_did")).to_have_count(0)  # the tools are closed too
    page.get_by_role("link", name="Go on to letting go").click()
    expect_path(page, "/goodbye$")
    page.fill("#feeling", "I care about you and always will")
    _click(page, "Show and check")
    expect(page.locator("[data-goodbye] [data-calm]")).to_be_visible()
    expect(page.locator("[data-draft-marked]")).to_contain_text("I respect your decision.")
    axe.check("goodbye")
    axe.assert_clean()


# --- a positive danger screen closes the repair track ---------------------------------------


def test_positive_screen_closes_the_repair_track(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    trigger = next(i for i in load_screen().items if i.trigger)
    with vault_of(ui.server) as vault:
        saved = screening.save_screen(vault, answers={trigger.id: True})
        assert saved.result.positive and "repair_closed" in saved.result.gates
    for path in ("/mend", "/mend/talk", "/mend/pause"):
        page.goto(path)
        closed = page.locator("[data-closed='safety']")
        expect(closed).to_contain_text("Your safety check raised a concern")
        expect(closed.get_by_role("link", name="Help and safety first")).to_be_visible()
        expect(closed.get_by_role("link", name="Letting go, gently")).to_be_visible()
        expect(page.locator("[data-help-lines]")).to_be_visible()
        expect(page.locator("form[action^='/mend']")).to_have_count(0)
    axe.check("mend closed for safety")
    page.goto("/mend/help")
    expect(page.locator("[data-counselling]")).to_have_count(0)
    axe.assert_clean()


# --- a burned letter is gone from the database ------------------------------------------------


def _write_letter(page: Page, words: str) -> str:
    page.goto("/letter")
    page.fill("#text", words)
    _click(page, "Keep the letter")
    expect_path(page, LETTER_URL)
    expect(page.locator("[data-letter]")).to_have_text(words)
    return page.url.rsplit("/", 1)[1]


def _burn(page: Page, axe: Axe) -> None:
    axe.check("letter")
    _click(page, "Burn the letter")
    expect(page.locator("[data-burned]")).to_contain_text("The letter is gone")
    axe.check("letter burned")


def _body(vault: vs.Vault, letter_id: str) -> bytes | None:
    with vault.engine.connect() as conn:
        row = conn.execute(text("SELECT body FROM items WHERE id = :i"), {"i": letter_id}).first()
    return bytes(row[0]) if row else None


def _rows_with(vault: vs.Vault, needle: bytes, sql_contains: str) -> int:
    with vault.engine.connect() as conn:
        query = text(f"SELECT count(*) FROM items WHERE {sql_contains}")
        return int(conn.execute(query, {"n": needle}).scalar_one())


def test_burned_letter_is_gone_from_sqlite(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    words = sentinel("LETTER")
    letter_id = _write_letter(page, f"Dear you, {words}")
    with vault_of(ui.server) as vault:
        body = _body(vault, letter_id)
    assert body is not None and words.encode() not in body
    key, sealed = body[:_WRAPPED_KEY_BYTES], body[_WRAPPED_KEY_BYTES:]
    _burn(page, axe)
    # Files first (opening the vault below must not be what empties the WAL).
    wal = ui.server.data_dir / "store.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # checkpoint(TRUNCATE) after the burn
    assert find_bytes(ui.server.data_dir, {"sentinel": words}) == []
    raw = b"".join(p.read_bytes() for p in ui.server.data_dir.rglob("*") if p.is_file())
    assert key not in raw and sealed[:48] not in raw
    with vault_of(ui.server) as vault:  # then the database itself, opened with the vault key
        assert _body(vault, letter_id) is None
        assert _rows_with(vault, key, "instr(body, :n) > 0") == 0  # the key exists nowhere
        assert _rows_with(vault, sealed[:64], "instr(body, :n) > 0") == 0
    page.goto(f"/letter/{letter_id}")
    expect(page.get_by_role("alert")).to_contain_text("That was not found.")
    axe.assert_clean()


def test_burned_letter_is_gone_from_postgresql(
    playwright_driver: Playwright, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONWARD_DATABASE_URL", pg_url)
    server = launch_server(tmp_path / "server")
    ui = open_profile(playwright_driver, server, tmp_path)
    try:
        server.wait_ready()
        page, axe = ui.page, Axe(ui.page)
        create_vault(page)
        words = sentinel("LETTER")
        letter_id = _write_letter(page, f"Dear you, {words}")
        with vault_of(server, pg_url) as vault:
            body = _body(vault, letter_id)
        assert body is not None
        key = body[:_WRAPPED_KEY_BYTES]
        _burn(page, axe)
        with vault_of(server, pg_url) as vault:
            assert _body(vault, letter_id) is None
            assert _rows_with(vault, key, "position(:n in body) > 0") == 0
            assert _rows_with(vault, body, "body = :n") == 0
        dump = subprocess.run(
            ["pg_dump", "--data-only", "--table=items", pg_url],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
        ).stdout
        assert "COPY public.items" in dump
        assert letter_id not in dump and key.hex() not in dump and body.hex() not in dump
        assert words not in dump
        axe.assert_clean()
    finally:
        ui.close()
        server.stop()
    assert not ui.guard.problems(), ui.guard.problems()


# --- the daily parts and the chart ---------------------------------------------------------


def test_checkin_pause_crisis_lines_and_chart(ui: Ui, tmp_path: Path) -> None:
    page, axe = ui.page, Axe(ui.page)
    page.clock.install()  # the urge pause runs on a clock the test can move
    create_vault(page)
    page.goto("/today")
    page.check("input[name='urge'][value='2']")
    page.fill("#note", "Walked by the river")
    _click(page, "Good")  # one tap on the mood saves the check-in
    expect(page.get_by_role("status")).to_have_text("Check-in saved.")
    expect(page.locator("[data-checked-in]")).to_contain_text("mood Good")
    axe.check("today")

    page.goto("/urge")
    page.fill("#trigger", "Sunday evening")
    _click(page, "Start the pause")
    hold = page.get_by_role("button", name="Continue: it passed, I did not contact them")
    expect(hold).to_be_disabled()
    expect(page.locator("[data-pause-left]")).to_have_text("1:30")
    axe.check("urge pause")
    page.clock.run_for(91_000)
    expect(page.locator("[data-pause]")).to_have_attribute("data-pause-done", "true")
    expect(hold).to_be_enabled()
    hold.click()
    expect(page.get_by_role("status")).to_contain_text("The urge passed without contact")
    axe.check("space")

    page.goto("/measure/phq9")
    for number in range(1, 10):
        page.check(f"input[name='q{number}'][value='{1 if number == 9 else 0}']")
    _click(page, "See my result")
    crisis = page.locator("[data-crisis] [role='alert']")
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("Your local emergency number")
    box, score = crisis.bounding_box(), page.locator("[data-score]").bounding_box()
    assert box and score and box["y"] < score["y"]  # the lines come first, at the top
    axe.check("phq9 result")

    with vault_of(ui.server) as vault:
        for back, mood in enumerate([3, 2, 4, 3, 5, 4], start=1):
            day = local_today() - timedelta(days=back)
            recovery_log.save_checkin(vault, day=day, mood=mood, urge=back % 5, sleep_hours=7.5)
    page.goto("/trends")
    chart = page.locator("[data-chart='mood'] svg")
    expect(chart).to_be_visible()
    expect(page.locator("[data-chart='mood'] table tbody tr")).to_have_count(28)
    axe.check("trends")
    shot = tmp_path / "trends.png"
    page.locator("[data-chart='mood']").screenshot(path=str(shot))
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
        assert image.width > 300 and image.height > 200
    assert colours is None or len(colours) > 8, "the chart screenshot is blank"
    axe.assert_clean()


# --- every other page of these tracks, with content where it matters -------------------------


def test_track_pages_have_no_serious_axe_findings(ui: Ui) -> None:
    page, axe = ui.page, Axe(ui.page)
    create_vault(page)
    page.goto("/draft")
    page.fill("#text", "Please please come back. You owe me.")
    _click(page, "Check it")
    expect(page.locator("[data-notes]")).to_be_visible()
    axe.check("draft")
    page.goto("/tidy")
    page.check("input[name='harassment'][value='yes']")
    page.check("input[name='done_whatsapp'][value='delete']")
    _click(page, "Save my checklist")
    expect(page.get_by_role("alert")).to_contain_text("Save a copy in Onward before you delete")
    axe.check("tidy")
    page.goto("/space")
    _click(page, "Start")
    expect(page.locator("[data-counter]")).to_be_visible()
    axe.check("space")
    for path in ("/unsent", "/worth", "/learned", "/care", "/measure", "/measure/who5", "/letter"):
        page.goto(path)
        axe.check(path)
    page.goto("/home")
    axe.check("home")
    axe.assert_clean()

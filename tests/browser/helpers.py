"""Steps the browser tests share: set-up, unlock, lock, journal entries, checks."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

PASSPHRASE = "violet harbour lantern"
NEW_PASSPHRASE = "copper meadow whistle"
RECOVERY_KEY_GROUPS = 13  # 256 bits in base32 = 52 characters, in groups of 4
ENTRY_URL = re.compile(r"/notes/([0-9a-f]{32})(\?saved=1)?$")
# security.md R1: words that must never show in a URL or title.
DENY_LIST = (
    "abuse",
    "violence",
    "safety plan",
    "evidence",
    "incident",
    "stalk",
    "protection order",
    "breakup",
    "divorce",
)


def sentinel(label: str = "SENTINEL") -> str:
    """A unique marker to write into the app and search for in raw bytes later."""
    return f"{label}-{secrets.token_hex(8)}"


def path_of(page: Page) -> str:
    url = page.url
    return url[url.index("/", len("http://")) :] if url.startswith("http") else url


def expect_path(page: Page, pattern: str) -> None:
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+" + pattern))


def create_vault(page: Page, passphrase: str = PASSPHRASE) -> str:
    """Go from the safety note to a new vault; return the recovery key shown once."""
    page.goto("/")
    expect_path(page, "/intro$")
    page.get_by_role("link", name="I have read this. Set up Onward").click()
    expect_path(page, "/setup$")
    page.fill("#passphrase", passphrase)
    page.fill("#confirm", passphrase)
    page.get_by_role("button", name="Create my private space").click()
    key = page.locator("[data-recovery-key]").inner_text().strip()
    page.get_by_role("link", name="I have written it down").click()
    expect_path(page, "/home$")
    return key


def unlock(page: Page, passphrase: str = PASSPHRASE) -> None:
    """Unlock from wherever we are; ends on the home page."""
    if not path_of(page).startswith("/unlock"):
        page.goto("/unlock")
    page.fill("#passphrase", passphrase)
    page.get_by_role("button", name="Unlock", exact=True).click()
    expect_path(page, "/home$")


def unlock_fails(page: Page, passphrase: str) -> None:
    """Type a wrong passphrase and check it is refused."""
    if not path_of(page).startswith("/unlock"):
        page.goto("/unlock")
    page.fill("#passphrase", passphrase)
    page.get_by_role("button", name="Unlock", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("did not open the vault")
    expect_path(page, "/unlock$")


def lock(page: Page) -> None:
    page.get_by_role("button", name="Lock", exact=True).click()
    expect_path(page, "/unlock$")


def add_entry(page: Page, text: str) -> str:
    """Write a journal entry through the form; return its id."""
    page.goto("/notes/new")
    page.fill("#text", text)
    page.get_by_role("button", name="Save").click()
    expect_path(page, r"/notes/[0-9a-f]{32}\?saved=1$")
    expect(page.get_by_role("status")).to_have_text("Saved.")
    match = ENTRY_URL.search(page.url)
    assert match is not None
    return match.group(1)


def session_cookie_header(page: Page) -> str:
    """The browser's cookies for the app, as a Cookie header (to replay later)."""
    cookies = page.context.cookies()
    assert any(c["name"] == "__Host-s" for c in cookies), "no session cookie"
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


def save_settings(page: Page, **fields: str) -> None:
    page.goto("/settings")
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")


def quick_exit_geometry(page: Page) -> dict[str, Any]:
    """Where the quick-exit control is after scrolling to the very bottom."""
    return page.evaluate(
        """() => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          const button = document.querySelector("[data-quick-exit]");
          const r = button.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          return {
            scrolled: window.scrollY,
            scrollable: document.documentElement.scrollHeight > window.innerHeight,
            inside: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight
                    && r.right <= window.innerWidth && r.width > 0 && r.height > 0,
            onTop: hit === button || button.contains(hit),
          };
        }"""
    )


def first_tab_stop_is_quick_exit(page: Page) -> bool:
    page.keyboard.press("Tab")
    script = "() => document.activeElement?.hasAttribute('data-quick-exit') === true"
    return bool(page.evaluate(script))


def wait_until(page: Page, condition: Callable[[], bool], timeout_ms: int = 5000) -> None:
    """Let the page run (and events arrive) until ``condition()`` holds."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    assert condition(), "timed out waiting"


def find_bytes(root: Path, needles: dict[str, str]) -> list[str]:
    """Every file under ``root`` holding a needle (as UTF-8 or UTF-16), as 'label in path'."""
    encoded = {
        label: (value.encode("utf-8"), value.encode("utf-16-le"))
        for label, value in needles.items()
    }
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        data = path.read_bytes()
        for label, forms in encoded.items():
            if any(form in data for form in forms):
                hits.append(f"{label} in {path.relative_to(root)}")
    return hits

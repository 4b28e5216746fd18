"""A form POST that fails is answered in place: no-store, nothing typed in the URL or the message.

The response to a failed POST is the page itself (status 4xx, never a redirect), so the typed
text cannot reach a URL, the browser history or a Location header; every such answer carries
``Cache-Control: no-store`` (R3). The error message and hint never repeat what was typed;
secrets appear nowhere in the page. Free text the person wrote goes back into its own field
only, so nothing is lost.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE
from tests.web.conftest import csrf, setup_vault

from onward.config import Settings
from onward.web.app import create_app

SENTINEL = "SENTINEL-7f3a-form"
ALERT = re.compile(r'<div class="alert error" role="alert">(.*?)</div>', re.S)


def _failed_in_place(r: Any, path: str, status: int = 400) -> str:
    """The error page's alert text, after the checks every failed POST must pass."""
    assert r.status_code == status, (path, r.status_code)
    assert r.headers["cache-control"] == "no-store", path
    assert "location" not in r.headers, path
    assert r.url.path == path and not r.url.query, path
    assert SENTINEL not in str(r.url), path
    alerts = ALERT.findall(r.text)
    assert alerts, path
    text = " ".join(alerts)
    assert SENTINEL not in text, path
    return text


def test_failed_note_keeps_the_text_in_its_field_only(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    text = f"{SENTINEL} " + "x" * 100_001
    r = client.post("/notes", data={"csrf": token, "text": text}, follow_redirects=False)
    assert "too long" in _failed_in_place(r, "/notes")
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", r.text, re.S)
    assert textarea and SENTINEL in textarea.group(1)  # kept for the person, not lost
    assert r.text.count(SENTINEL) == 1


def test_failed_settings_do_not_repeat_what_was_typed(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    cases = [
        {"idle_minutes": SENTINEL},
        {"idle_minutes": "5", "exit_address": f"javascript:{SENTINEL}"},
    ]
    for fields in cases:
        r = client.post(
            "/settings",
            data={"csrf": token, "display_name": "", **fields},
            follow_redirects=False,
        )
        _failed_in_place(r, "/settings")
        assert SENTINEL not in r.text


def test_failed_passphrase_change_shows_no_passphrase(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    for old, new, confirm in [
        (PASSPHRASE, f"{SENTINEL} one two three", f"{SENTINEL} four five six"),  # differ
        (f"{SENTINEL} wrong old", f"{SENTINEL} one two three", f"{SENTINEL} one two three"),
    ]:
        data = {"csrf": token, "old": old, "new": new, "confirm": confirm}
        r = client.post("/settings/passphrase", data=data, follow_redirects=False)
        assert r.status_code in (400, 401, 429)
        _failed_in_place(r, "/settings/passphrase", r.status_code)
        assert SENTINEL not in r.text and PASSPHRASE not in r.text


def test_failed_unlock_and_setup_show_no_passphrase(client: TestClient) -> None:
    token = csrf(client)
    weak = {"csrf": token, "passphrase": f"{SENTINEL}", "confirm": f"{SENTINEL}x"}
    r = client.post("/setup", data=weak, follow_redirects=False)
    _failed_in_place(r, "/setup")
    assert SENTINEL not in r.text
    client.post("/setup", data={"csrf": token, "passphrase": PASSPHRASE, "confirm": PASSPHRASE})
    client.post("/lock", data={"csrf": token}, follow_redirects=False)
    r = client.post(
        "/unlock", data={"csrf": csrf(client), "passphrase": SENTINEL}, follow_redirects=False
    )
    _failed_in_place(r, "/unlock", r.status_code)
    assert r.status_code in (400, 429) and SENTINEL not in r.text


def test_failed_log_entry_keeps_its_fields_and_names_no_value(
    ready: tuple[TestClient, str],
) -> None:
    client, token = ready
    data = {"csrf": token, "at": SENTINEL, "channel": "text", "what": f"{SENTINEL} what"}
    r = client.post("/log", data=data, follow_redirects=False)
    assert "time" in _failed_in_place(r, "/log")
    assert f"{SENTINEL} what" in r.text  # the description is kept in its field


def test_missing_form_fields_get_the_generic_message(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post(
        "/settings/passphrase", data={"csrf": token, "old": SENTINEL}, follow_redirects=False
    )
    assert "missing or not valid" in _failed_in_place(r, "/settings/passphrase", 422)
    assert SENTINEL not in r.text


def test_unlock_without_the_vault_says_what_to_do_in_the_browser(
    sqlite_settings: Settings,
) -> None:
    """The terminal's hints name commands (onward init, --data-dir); the browser's do not."""
    data_dir = sqlite_settings.data_dir
    with TestClient(create_app(sqlite_settings), base_url="https://testserver") as client:
        client.post("/lock", data={"csrf": setup_vault(client)}, follow_redirects=False)
        (data_dir / "store.db").rename(data_dir.parent / "store.db")  # moved away in part
        r = client.post("/unlock", data={"csrf": csrf(client), "passphrase": PASSPHRASE})
        alert = _failed_in_place(r, "/unlock")
        assert "store.db" in alert and "move all of it" in alert, alert
        assert "onward" not in alert.replace("Onward", "") and "--" not in alert, alert
        assert 'href="/">' not in r.text  # the start page would only come back here
        for name in ("store.hdr", "store.db"):
            (data_dir / name).unlink(missing_ok=True)  # the whole folder is empty now
        r = client.post("/unlock", data={"csrf": csrf(client), "passphrase": PASSPHRASE})
        alert = _failed_in_place(r, "/unlock")
        assert "no vault here" in alert and "start page" in alert, alert
        assert "onward" not in alert.replace("Onward", "") and "--" not in alert, alert
        assert 'href="/">' in r.text  # set up a new vault, or restore a backup, from there

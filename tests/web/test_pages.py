"""Page flows through the real app: set-up, unlock, journal, settings, lock (R6, R12)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE
from tests.web.conftest import csrf, setup_vault, unlock

from onward.config import Settings
from onward.web.app import create_app
from onward.web.sessions import LocalSessions


def test_first_visit_shows_the_safety_note_then_setup(client: TestClient) -> None:
    r = client.get("/")
    assert r.url.path == "/intro"
    for words in ["spying software", "Quick exit", "history", "sync", "recovery key"]:
        assert words in r.text
    assert 'href="/setup"' in r.text


def test_setup_shows_recovery_key_once_and_opens_home(client: TestClient) -> None:
    token = csrf(client)
    r = client.post("/setup", data={"csrf": token, "passphrase": PASSPHRASE, "confirm": PASSPHRASE})
    assert "data-recovery-key" in r.text
    assert client.get("/home").status_code == 200
    assert "data-recovery-key" not in client.get("/home").text
    assert client.get("/setup", follow_redirects=False).headers["location"] == "/unlock"


def test_setup_mismatch_and_weak_passphrase_are_explained(client: TestClient) -> None:
    token = csrf(client)
    r = client.post("/setup", data={"csrf": token, "passphrase": PASSPHRASE, "confirm": "x"})
    assert r.status_code == 400 and "not the same" in r.text
    r = client.post("/setup", data={"csrf": token, "passphrase": "password", "confirm": "password"})
    assert r.status_code == 400 and "at least 8" in r.text


def test_journal_round_trip_renders_text_safely(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    text = "SENTINEL-web <script>alert(1)</script> & more"
    r = client.post("/notes", data={"csrf": token, "text": text}, follow_redirects=False)
    location = r.headers["location"]
    page = client.get(location).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<script>alert(1)" not in page
    entry_path = location.split("?")[0]
    client.post(entry_path, data={"csrf": token, "text": "edited text"})
    assert "edited text" in client.get(entry_path).text
    client.post(entry_path + "/delete", data={"csrf": token})
    assert client.get(entry_path).status_code == 404


def test_journal_empty_entry_keeps_the_form(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post("/notes", data={"csrf": token, "text": "   "})
    assert r.status_code == 400 and "empty" in r.text


def test_journal_list_pages_with_htmx_fragment(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    for i in range(55):
        client.post("/notes", data={"csrf": token, "text": f"row {i:02d}"}, follow_redirects=False)
    page = client.get("/notes").text
    assert "row 54" in page and "row 04" not in page and "Show older entries" in page
    before = page.split("/notes?before=")[1].split('"')[0]
    fragment = client.get(f"/notes?before={before}", headers={"hx-request": "true"}).text
    assert "row 04" in fragment and "<html" not in fragment


def test_failed_attempts_are_reported_once_after_unlock(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    client.post("/lock", data={"csrf": token})
    for _ in range(3):
        assert unlock(client, "wrong guess words") == 400
    assert unlock(client) == 303
    home = client.get("/home").text
    assert 'data-failed-attempts="3"' in home
    assert "data-failed-attempts" not in client.get("/home").text


def test_settings_save_name_idle_and_exit_address(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post(
        "/settings",
        data={
            "csrf": token,
            "display_name": "Sam",
            "idle_minutes": "7",
            "exit_address": "https://weather.example/",
        },
    )
    assert r.status_code == 200 and "Saved." in r.text
    assert "Welcome back, Sam" in client.get("/home").text
    assert 'data-exit-url="https://weather.example/"' in client.get("/home").text
    assert client.app.state.sessions.idle_seconds == 7 * 60  # type: ignore[attr-defined]
    bad = client.post(
        "/settings", data={"csrf": token, "idle_minutes": "0", "exit_address": "javascript:x"}
    )
    assert bad.status_code == 400


def test_change_passphrase_in_settings(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    new = "copper meadow whistle"
    r = client.post(
        "/settings/passphrase", data={"csrf": token, "old": PASSPHRASE, "new": new, "confirm": new}
    )
    assert "was changed" in r.text
    client.post("/lock", data={"csrf": token})
    assert unlock(client) == 400
    assert unlock(client, new) == 303


def test_backup_download_then_restore_on_setup(
    ready: tuple[TestClient, str], settings: Settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client, token = ready
    client.post("/notes", data={"csrf": token, "text": "kept in backup"})
    r = client.post("/settings/backup", data={"csrf": token})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    blob = r.content
    fresh = settings.model_copy(update={"data_dir": tmp_path / "fresh", "database_url": None})
    with TestClient(create_app(fresh), base_url="https://testserver") as other:
        t = csrf(other)
        r = other.post(
            "/restore",
            data={"csrf": t, "passphrase": PASSPHRASE},
            files={"file": ("b.bak", blob, "application/octet-stream")},
        )
        assert "was restored" in r.text
        assert unlock(other) == 303
        assert "kept in backup" in other.get("/notes").text


def test_idle_sessions_lock_and_drop_the_key(settings: Settings) -> None:
    now = [1000.0]
    sessions = LocalSessions(clock=lambda: now[0])
    with TestClient(create_app(settings, sessions=sessions), base_url="https://testserver") as c:
        setup_vault(c)
        vault = sessions._vault
        assert vault is not None and c.get("/home").status_code == 200
        now[0] += 4 * 60
        assert c.get("/home").status_code == 200  # activity keeps it open
        now[0] += 5 * 60 + 1
        assert c.get("/home", follow_redirects=False).headers["location"] == "/unlock"
        assert vault.dek.wiped


def test_recover_page_sets_a_new_passphrase(client: TestClient) -> None:
    token = csrf(client)
    r = client.post("/setup", data={"csrf": token, "passphrase": PASSPHRASE, "confirm": PASSPHRASE})
    key = r.text.split("data-recovery-key>")[1].split("<")[0]
    client.post("/lock", data={"csrf": token})
    new = "copper meadow whistle"
    r = client.post(
        "/recover", data={"csrf": token, "recovery_key": key, "passphrase": new, "confirm": new}
    )
    assert "new passphrase is set" in r.text
    assert unlock(client, new) == 303

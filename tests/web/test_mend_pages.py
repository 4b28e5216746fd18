"""The repair and let-go pages through the real app: tools, stop rules, gates, draft check."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from onward.guide.screen import load_screen
from onward.services import screening
from onward.services.tracks_common import local_today
from onward.services.vault import Vault
from onward.web import security

Ready = tuple[TestClient, str]
TODAY = local_today()
TOOLS = ["/mend/talk", "/mend/sorry", "/mend/pause", "/mend/help"]


def vault_of(client: TestClient) -> Vault:
    vault: Vault | None = client.app.state.sessions.vault_for(  # type: ignore[attr-defined]
        client.cookies.get(security.SESSION_COOKIE)
    )
    assert vault is not None
    return vault


def post(client: TestClient, path: str, token: str, **data: str) -> str:
    r = client.post(path, data={"csrf": token, **data})
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    return r.text


def test_mend_tools_save_and_show(ready: Ready) -> None:
    client, token = ready
    page = client.get("/mend").text
    assert "Take the safety check" in page or "About the safety check" in page
    for path in TOOLS:
        assert client.get(path).status_code == 200, path
    text = post(client, "/mend/talk", token, my_questions="Why now?", partner_said="I feel alone")
    assert "Saved." in text and "I feel alone" in text
    text = post(
        client,
        "/mend/sorry",
        token,
        what_i_did="I forgot your birthday, but I was busy",
        its_effect="You felt unimportant",
        what_i_will_do_differently="I will plan ahead",
        ask="please please",
    )
    assert "data-notes" in text and "Excuse" in text and "<mark" in text
    assert "Kinder ways to say it" in text
    text = post(
        client,
        "/mend/pause",
        token,
        start=TODAY.isoformat(),
        days="21",
        contact="none",
        my_part="Counselling\nSleep",
        their_part="Think it over",
        my_name="Alex",
        their_name="Sam",
    )
    review = (TODAY + timedelta(days=21)).isoformat()
    assert f"Review:  {review} (21 days)" in text and "data-agreement" in text
    r = client.get("/mend/text")
    assert r.headers["content-type"].startswith("text/plain")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("TIME-APART AGREEMENT") and "Between: Alex and Sam" in r.text
    assert "TIME-APART AGREEMENT" in client.get("/mend/print").text
    help_page = client.get("/mend/help").text
    assert "data-counselling" in help_page and "Rebuilding" in help_page
    assert 'href="/guide/repair-counselling"' in help_page


def test_mend_stop_rule_closes_and_hands_over_to_letting_go(ready: Ready) -> None:
    client, token = ready
    r = client.post("/mend/status", data={"csrf": token, "event": "restated"})
    assert r.status_code == 200 and r.url.path == "/mend"
    assert "data-closed-reason" in r.text and "told you again" in r.text
    assert 'href="/goodbye"' in r.text
    for path in TOOLS:
        page = client.get(path).text
        assert "data-closed-reason" in page and 'name="partner_said"' not in page, path
    r = client.post("/mend/talk", data={"csrf": token, "partner_said": "x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/mend"


def test_mend_positive_screen_closes_the_track_with_safety_first(ready: Ready) -> None:
    client, _ = ready
    trigger = next(i for i in load_screen().items if i.trigger)
    screening.save_screen(vault_of(client), answers={trigger.id: True})
    for path in ["/mend", *TOOLS]:
        page = client.get(path).text
        assert 'data-closed="safety"' in page, path
        assert "Your safety check raised a concern" in page, path
        assert 'href="/goodbye"' in page and "Help and safety first" in page, path
        assert "data-help-lines" in page, path
        for field in ('name="partner_said"', 'name="what_i_did"', 'name="days"'):
            assert field not in page, (path, field)
        assert "data-counselling" not in page.replace("data-counselling-hidden", ""), path
        assert "/guide/repair-counselling" not in page, path


def test_draft_check_does_not_store_unless_kept(ready: Ready) -> None:
    client, token = ready
    message = "Please please don't leave me. I can't live without you."
    text = post(client, "/draft", token, text=message)
    assert "data-not-stored" in text and "Self-harm pressure" in text
    assert text.index("data-help-lines") < text.index("data-draft-result")  # lines first
    assert "Kept drafts" not in text
    text = post(client, "/draft", token, text="I miss you.", action="keep")
    assert "A copy is kept" in text and "Kept drafts" in text and "data-calm" in text
    draft_id = re.search(r'action="/draft/([0-9a-f]{32})/delete"', text)
    assert draft_id
    r = client.post(f"/draft/{draft_id.group(1)}/delete", data={"csrf": token})
    assert "The draft was deleted." in r.text and "Kept drafts" not in r.text
    assert client.post("/draft", data={"csrf": token, "text": " "}).status_code == 400


def test_goodbye_and_worth(ready: Ready) -> None:
    client, token = ready
    assert "Why pleading and begging tend to backfire" in client.get("/goodbye").text
    text = post(client, "/goodbye", token, name="Sam", feeling="I love you")
    assert "Sam,\n\nI love you. I respect your decision." in text and "data-calm" in text
    assert "Kept in your vault" not in text
    text = post(client, "/goodbye", token, feeling="I will wait for you", action="keep")
    assert "Waiting for them" in text and "Kept in your vault" in text
    r = client.post("/goodbye/forget", data={"csrf": token})
    assert "The kept goodbye was deleted." in r.text
    r = client.post("/worth", data={"csrf": token, "values": "Kind\nBrave", "need": "Rest"})
    assert "Saved." in r.text and "Kind\nBrave" in r.text

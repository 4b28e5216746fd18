"""No contact, closure and the recovery space through the real app."""

from __future__ import annotations

import re
from html import escape

import pytest
from fastapi.testclient import TestClient
from tests.web.test_mend_pages import post, vault_of

from onward.guide.helplines import crisis_lines
from onward.services import items, nocontact_log, prefs

Ready = tuple[TestClient, str]
PAGES = [
    "/today",
    "/measure",
    "/measure/who5",
    "/measure/phq9",
    "/measure/gad7",
    "/trends",
    "/care",
    "/prompts",
    "/mend",
    "/mend/talk",
    "/mend/sorry",
    "/mend/pause",
    "/mend/print",
    "/mend/help",
    "/goodbye",
    "/worth",
    "/draft",
    "/space",
    "/urge",
    "/unsent",
    "/tidy",
    "/letter",
    "/learned",
]


def test_track_pages_render_with_the_page_rules(ready: Ready) -> None:
    client, _ = ready
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, path
        html = r.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        for form in re.findall(r"<form\b[^>]*>", html):
            if 'method="post"' in form and 'action="/lock"' not in form:
                assert 'autocomplete="off"' in form, (path, form)
        forms = html.count('method="post"')
        assert html.count('name="csrf"') >= forms, path
        title = re.search(r"<title>(.*?)</title>", html)
        assert title and title.group(1) == "Onward", path
    assert client.get("/measure/bdi").status_code == 404
    assert client.get("/letter/" + "0" * 32).status_code == 404
    assert client.get("/urge/not-an-id").status_code == 404


def test_space_plan_slip_urge_pause(ready: Ready) -> None:
    client, token = ready
    text = post(client, "/space", token, start="2026-01-01", why="For me", instead="Walk")
    assert "data-no-contact-days" in text
    days = int(re.search(r'data-no-contact-days="(\d+)"', text).group(1))  # type: ignore[union-attr]
    text = post(client, "/space/slip", token, day="2026-01-05", trigger="Saw a photo")
    assert "still counts" in text and "Saw a photo" in text
    assert f'data-no-contact-days="{days - 1}"' in text  # resumes: one day less, not zero
    r = client.post("/urge", data={"csrf": token, "trigger": "evening"}, follow_redirects=False)
    assert r.status_code == 303
    pause_path = r.headers["location"]
    page = client.get(pause_path).text
    assert "Urges rise and fall" in page and 'data-pause-seconds="90"' in page
    assert '<script src="/static/pause.js" defer></script>' in page
    assert "Continue: it passed" in page  # works without JavaScript: the buttons are there
    r = client.post(pause_path + "/done", data={"csrf": token, "outcome": "passed"})
    assert "The urge passed without contact" in r.text and "evening" in r.text
    assert client.get("/static/pause.js").status_code == 200


def test_unsent_destroy_at_once_stores_nothing(ready: Ready) -> None:
    client, token = ready
    vault = vault_of(client)
    r = client.post("/unsent", data={"csrf": token, "text": "SENTINEL-unsent", "action": "destroy"})
    assert "data-destroyed" in r.text and "SENTINEL-unsent" not in r.text
    assert items.count(vault, kind=nocontact_log.UNSENT_KIND) == 0
    r = client.post("/unsent", data={"csrf": token, "text": "keep me", "action": "keep"})
    assert "Kept in your vault" in r.text and "keep me" in r.text
    message_id = re.search(r'action="/unsent/([0-9a-f]{32})/burn"', r.text).group(1)  # type: ignore[union-attr]
    r = client.post(f"/unsent/{message_id}/burn", data={"csrf": token})
    assert "keep me" not in r.text and items.count(vault, kind=nocontact_log.UNSENT_KIND) == 0


def test_tidy_evidence_first(ready: Ready) -> None:
    client, token = ready
    page = client.get("/tidy").text
    assert "data-evidence-first" in page and "WhatsApp" in page
    bad = {"csrf": token, "harassment": "yes", "done_whatsapp": ["mute", "delete"]}
    r = client.post("/tidy", data=bad)
    assert r.status_code == 400 and "Save a copy in Onward before you delete" in r.text
    good = {"csrf": token, "harassment": "yes", "done_whatsapp": ["save", "delete"]}
    r = client.post("/tidy", data=good)
    assert r.status_code == 200 and "Saved." in r.text
    assert 'name="done_whatsapp" value="delete" checked' in r.text


def test_letter_burn_ritual_then_gone(ready: Ready) -> None:
    client, token = ready
    r = client.post("/letter", data={"csrf": token, "text": "Dear you, SENTINEL-letter"})
    assert r.url.path.startswith("/letter/") and "SENTINEL-letter" in r.text
    letter_path = r.url.path
    r = client.post(letter_path + "/burn", data={"csrf": token})
    assert "data-burned" in r.text and "The letter is gone" in r.text
    assert client.get(letter_path).status_code == 404
    assert "SENTINEL-letter" not in client.get("/letter").text
    r = client.post("/learned", data={"csrf": token, "answer": ["A", "", "C"], "patterns": "Rush"})
    assert "Saved." in r.text and "data-patterns" in r.text


def test_today_checkin_prompts_and_home_reminders(ready: Ready) -> None:
    client, token = ready
    text = post(client, "/today", token, mood="2", urge="3", sleep="6.5", note="Long day")
    assert "Check-in saved." in text and "data-checked-in" in text and "data-prompt-set" in text
    home = client.get("/home").text
    assert 'data-due-kind="measure"' in home and 'href="/measure/who5"' in home
    assert 'data-due-kind="checkin"' not in home  # done today
    assert client.post("/today", data={"csrf": token, "mood": "9"}).status_code == 400
    assert 'href="/today"' in client.get("/home").text


@pytest.mark.parametrize("country", ["GB", ""])
def test_phq9_item9_shows_crisis_lines_before_the_score(ready: Ready, country: str) -> None:
    client, token = ready
    prefs.save_prefs(vault_of(client), prefs.Prefs(country=country))
    answers = {f"q{i}": "0" for i in range(1, 9)} | {"q9": "1"}
    text = post(client, "/measure/phq9", token, **answers)
    assert "data-crisis" in text and text.index("data-crisis") < text.index("data-score")
    assert 'role="alert"' in text
    for line in crisis_lines(country):
        assert escape(line.name) in text, line.name
    if country == "GB":
        assert "Samaritans" in text


def test_measures_score_history_and_trends(ready: Ready) -> None:
    client, token = ready
    text = post(client, "/measure/who5", token, **{f"q{i}": "3" for i in range(1, 6)})
    assert "data-score>60%" in text and "data-crisis" not in text
    r = client.post("/measure/gad7", data={"csrf": token, "q1": "1"})
    assert r.status_code == 400 and "6 left" in r.text and 'value="1" checked' in r.text
    r = client.post("/measure", data={"csrf": token, "opted": ["gad7"]})
    assert "Saved." in r.text and 'value="gad7" checked' in r.text
    post(client, "/today", token, mood="4", urge="1")
    trends = client.get("/trends").text
    assert trends.count("<svg") == 3 and 'role="img"' in trends
    assert trends.count("<table>") == 3 and "60 (No sign of low well-being)" in trends


def test_care_plan_and_activity(ready: Ready) -> None:
    client, token = ready
    r = client.post("/care", data={"csrf": token, "calm": "Tea\nWalk", "people": "Jo"})
    assert "Saved." in r.text and "Tea\nWalk" in r.text
    r = client.post("/care/log", data={"csrf": token, "kind": "new", "text": "Climbing"})
    assert "Climbing" in r.text and "data-activities" in r.text
    assert (
        client.post("/care/log", data={"csrf": token, "kind": "x", "text": "y"}).status_code == 400
    )

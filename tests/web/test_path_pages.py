"""The path pages through the real app: start, safety questions, health check, decision aid,
plans, guide, helplines and helper mode (issue 3)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import csrf

from onward.config import Settings
from onward.services import guide_library
from onward.web.app import create_app

PAGES = [
    "/start",
    "/check",
    "/health",
    "/decide",
    "/plan",
    "/plan/talk",
    "/plan/limits",
    "/plan/care",
    "/guide",
    "/lines",
    "/friend",
]
Ready = tuple[TestClient, str]


def _post(client: TestClient, path: str, token: str, **data: str | list[str]) -> str:
    r = client.post(path, data={"csrf": token, **data}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def _screen(client: TestClient, token: str, **answers: str) -> str:
    location = _post(client, "/check", token, **{f"q_{k}": v for k, v in answers.items()})
    assert location == "/check/result"
    return client.get(location).text


def _offers(html: str) -> set[str]:
    return set(re.findall(r'data-offer="([a-z-]+)"', html))


def test_path_pages_render_with_the_safety_basics(ready: Ready) -> None:
    client, _ = ready
    for page in PAGES:
        r = client.get(page)
        assert r.status_code == 200, page
        html = r.text
        assert "<title>Onward</title>" in html, page
        body = html.split("<body", 1)[1]
        first = re.search(r"<(a|button|input|textarea|select)\b[^>]*>", body)
        assert first and "data-quick-exit" in first.group(0), page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert not re.search(r"\son[a-z]+=", html), page
        for form in re.findall(r"<form\b[^>]*>", html):
            if 'method="post"' in form and 'action="/lock"' not in form:
                assert 'autocomplete="off"' in form, (page, form)
        if page not in ("/friend", "/start"):
            assert 'href="/lines"' in html, page  # human help is one click away


def test_path_start_saves_situation_and_country(ready: Ready) -> None:
    client, token = ready
    home = client.get("/home").text
    assert "data-start-prompt" in home and 'data-step="check"' in home
    assert _post(client, "/start", token, situation="refused", country="GB") == "/home"
    home = client.get("/home").text
    assert "My partner won&#39;t accept that it&#39;s over" in home
    assert 'data-step="talk"' in home and "Samaritans" in home
    r = client.post("/start", data={"csrf": token, "situation": "nope"})
    assert r.status_code == 400 and "choose the line" in r.text


def test_path_positive_screen_changes_the_advice(ready: Ready) -> None:
    client, token = ready
    _post(client, "/start", token, situation="repair", country="US")
    result = _screen(client, token, weapon="no", threatened_to_kill="no")
    assert 'data-screen-result="negative"' in result
    home = client.get("/home").text
    assert _offers(home) == {"repair", "counselling", "time-apart"}
    assert 'data-screen="negative"' in home

    result = _screen(client, token, neck_or_breathing="yes")
    assert 'data-screen-result="positive"' in result and "data-gates" in result
    assert "(the repair path) is closed" in result and 'href="/plan/care"' in result
    home = client.get("/home").text
    assert _offers(home) == set() and "data-closed" in home
    assert re.search(r"Answered on \d{4}-\d\d-\d\d", home)
    # Helplines and the safety plan come first.
    assert home.index("data-helplines") < home.index('id="steps-h"')
    steps = re.findall(r'data-step="([a-z]+)"', home)
    assert steps[:2] == ["check", "care"]
    guide = client.get("/guide").text
    assert "data-hidden" in guide and "One honest talk" not in guide


def test_path_positive_screen_removes_the_private_talk(ready: Ready) -> None:
    client, token = ready
    _post(client, "/start", token, situation="leaving", country="GB")
    home = client.get("/home").text
    assert 'data-advice="in-person"' in home
    talk = client.get("/plan/talk").text
    assert re.search(r'data-setting="in_person_private" data-offered="yes"', talk)

    _screen(client, token, stalking="yes")  # one gating answer, negative result
    home = client.get("/home").text
    assert 'data-advice="safer-setting"' in home and 'data-advice="in-person"' not in home
    talk = client.get("/plan/talk").text
    assert re.search(r'data-setting="in_person_private" data-offered="no"', talk)
    r = client.post(
        "/plan/talk", data={"csrf": token, "setting": "in_person_private", "reason_1": "x"}
    )
    assert r.status_code == 400 and "not offered" in r.text

    _screen(client, token, believe_might_kill="yes")
    talk = client.get("/plan/talk").text
    assert "data-safety-first" in talk and talk.index("data-helplines") < talk.index(
        'action="/plan/talk"'
    )
    assert 'data-setting="public_place" data-offered="no"' in talk
    assert talk.index('data-setting="not_in_advance"') < talk.index('data-setting="phone"')


def test_path_crisis_answer_shows_crisis_lines_at_once(ready: Ready) -> None:
    client, token = ready
    _post(client, "/start", token, situation="left", country="GB")
    form = client.get("/check").text
    assert "data-crisis-box hidden" in form and "data-crisis-toggle" in form
    assert "Samaritans" in form  # ready in the page, shown by app.js on a yes
    result = _screen(client, token, own_thoughts_of_suicide="yes")
    crisis = result.index("data-crisis")
    assert crisis < result.index("<h1>") and "Samaritans" in result[crisis:]
    assert 'role="alert"' in result[crisis - 40 : crisis]
    assert 'data-screen-result="negative"' in result  # never changes the danger result
    home = client.get("/home").text
    assert "data-crisis" in home and home.index("data-crisis") < home.index("Welcome back") + 400
    for page in ("/plan", "/plan/talk", "/plan/care"):
        assert "data-crisis" in client.get(page).text, page


def test_path_health_check_saves_and_suggests_the_screen(ready: Ready) -> None:
    client, token = ready
    assert client.get("/health/result", follow_redirects=False).headers["location"] == "/health"
    location = _post(client, "/health", token, h_afraid="often", h_feel_safe="never")
    page = client.get(location).text
    assert 'data-health-band="many_signs"' in page and "data-suggest-screen" in page
    assert "You feel afraid of them" in page
    assert "Many warning signs" in client.get("/health").text  # history
    r = client.post("/health", data={"csrf": token, "h_afraid": "always"})
    assert r.status_code == 400


def test_path_decision_aid_saves_ranks_and_keeps_sure_after(ready: Ready) -> None:
    client, token = ready
    form = client.get("/decide").text
    assert form.count("data-pair=") == 15
    location = _post(
        client,
        "/decide",
        token,
        use_safety="1",
        use_feelings="1",
        pair_safety__feelings="a_much",
        before_sure="no",
    )
    assert re.fullmatch(r"/decide/[0-9a-f]{32}", location)
    page = client.get(location).text
    assert page.count('class="option-result"') == 5 and "Safety: 83%" in page
    assert "Before: 0 of 4." in page and 'name="after_sure"' in page
    _post(client, location, token, after_sure="yes", after_understand="yes")
    page = client.get(location).text
    assert "After: 2 of 4." in page and 'name="after_sure"' not in page
    _screen(client, token, weapon="yes")
    page = client.get(location).text
    assert re.search(r'data-option="repair" data-status="closed"', page)
    assert location in client.get("/decide").text  # history
    assert client.get("/decide/" + "0" * 32).status_code == 404
    assert client.get("/decide/not-an-id").status_code == 404
    r = client.post("/decide", data={"csrf": token})
    assert r.status_code == 400 and "at least one" in r.text


def test_path_plans_save_and_print(ready: Ready) -> None:
    client, token = ready
    _post(client, "/start", token, situation="leaving", country="IE")
    location = _post(
        client,
        "/plan/talk",
        token,
        reason_1="SENTINEL-reason we want different lives",
        setting="phone",
        rehearse=["wont_let_you", "hurt_myself"],
        done=["id_papers"],
        trusted_name="Ana",
        trusted_how="555-0101",
        check_in="2026-11-22T18:00",
    )
    assert location == "/plan/talk?saved=1"
    page = client.get(location).text
    assert "Saved." in page and "SENTINEL-reason" in page and "data-statement" in page
    printed = client.get("/plan/talk?print=1").text
    assert "My plan for the conversation" in printed and "Ana: 555-0101" in printed
    assert "Samaritans" in printed  # crisis lines for the self-harm pushback (IE)

    _post(client, "/plan/limits", token, rule="no_contact", start="2026-12-01", duration="30")
    assert "30 days)" in client.get("/plan/limits?print=1").text
    assert 'data-orders="IE"' in client.get("/plan/limits").text

    _post(client, "/plan/care", token, name_1="Ana", how_1="555", code_word="blue", packed="keys")
    assert "EMERGENCY CARD" in client.get("/plan/care?print=card").text
    assert "My safety plan" in client.get("/plan/care?print=1").text
    plans = client.get("/plan").text
    assert plans.count("Saved on") == 3
    home = client.get("/home").text
    assert home.count('data-done="yes"') == 3  # talk, limits, care (no screen yet)
    r = client.post("/plan/care", data={"csrf": token, "name_1": "Ana"})
    assert r.status_code == 400 and "name and a way" in r.text


def test_path_print_without_a_plan_is_a_clear_404(ready: Ready) -> None:
    client, _ = ready
    r = client.get("/plan/care?print=card")
    assert r.status_code == 404 and "not been made yet" in r.text


def test_path_guide_lists_searches_and_opens_by_opaque_key(ready: Ready) -> None:
    client, token = ready
    page = client.get("/guide").text
    keys = re.findall(r'href="/guide/([0-9a-f]{20})"', page)
    assert len(keys) >= 40
    item = client.get(f"/guide/{keys[0]}").text
    assert item.count("<h1>") == 1 and "Sources" in item
    r = client.post("/guide", data={"csrf": token, "q": "broken record"})
    assert r.status_code == 200 and "<mark>broken</mark>" in r.text
    assert "Saying it clearly and kindly" in r.text
    assert client.get("/guide/" + "0" * 20).status_code == 404
    key = guide_library.item_key("repair-counselling")
    _screen(client, token, physical_harm="yes")
    assert "data-closed-path" in client.get(f"/guide/{key}").text


def test_path_lines_page_changes_country(ready: Ready) -> None:
    client, token = ready
    assert "Find A Helpline" in client.get("/lines").text
    _post(client, "/lines", token, country="NZ")
    page = client.get("/lines").text
    assert "New Zealand" in page and "checked 2026" in page


def test_helper_mode_needs_no_vault_and_stores_nothing(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app, base_url="https://testserver") as client:
        intro = client.get("/intro").text
        assert 'href="/friend"' in intro
        data_dir = settings.data_dir
        before = sorted(p.name for p in data_dir.rglob("*")) if data_dir.exists() else []
        page = client.get("/friend")
        assert page.status_code == 200 and "Nothing you do here is saved" in page.text
        assert "How to listen" in page.text or "listen" in page.text
        r = client.post("/friend", data={"csrf": csrf(client), "country": "AU"})
        assert r.status_code == 200 and "1800RESPECT" in r.text
        after = sorted(p.name for p in data_dir.rglob("*")) if data_dir.exists() else []
        assert after == before
        assert not any(p.is_file() for p in data_dir.rglob("*")) if data_dir.exists() else True
        assert client.get("/home", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("page", ["/check", "/health", "/decide", "/plan/talk", "/guide"])
def test_path_pages_need_a_session(client: TestClient, page: str) -> None:
    r = client.get(page, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] in ("/unlock", "/intro")

"""Import, who is who, timeline, message page, dismiss and charts through the web app."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

EXPORTS = Path(__file__).parents[1] / "data" / "exports" / "whatsapp"
UNDECIDABLE = EXPORTS / "undecidable" / "WhatsApp Chat with Sam.txt"
NAME = "WhatsApp Chat with Sam.txt"
CHAT = (
    "14/03/2021, 08:00 - Sam: I will kill you if you leave\n"
    "14/03/2021, 08:01 - Sam: <script>alert(1)</script> \u202eevil\u202c {{ 7*7 }}\n"
    "14/03/2021, 08:02 - Alex: please stop\n"
    "14/03/2021, 08:03 - Sam: <img src=x onerror=alert(1)>\n"
)
ID = re.compile(r"/timeline/([0-9a-f]{32})")


def _upload(client: TestClient, token: str, body: str | bytes, **fields: str) -> object:
    data = body.encode() if isinstance(body, str) else body
    return client.post(
        "/import",
        data={"csrf": token, **fields},
        files={"upload": (NAME, data, "text/plain")},
        follow_redirects=False,
    )


def _import(client: TestClient, token: str) -> str:
    r = _upload(client, token, CHAT)
    assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    return str(r.headers["location"])  # type: ignore[attr-defined]


def _map(client: TestClient, token: str) -> None:
    page = client.get("/chats").text
    chat = re.search(r'href="/chats/([0-9a-f]{32})"', page)
    assert chat
    form = client.get(f"/chats/{chat[1]}").text
    assert "WhatsApp chat export" in form and "· whatsapp<" not in form
    people = re.findall(r'<th scope="row" id="p(\d+)">([^<]+)</th>', form)
    roles = {f"role{i}": ("partner" if name == "Sam" else "me") for i, name in people}
    r = client.post(f"/chats/{chat[1]}", data={"csrf": token, **roles}, follow_redirects=False)
    assert r.status_code == 303


def test_upload_shows_the_result_and_duplicates_are_skipped(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    assert client.get("/import").status_code == 200
    where = _import(client, token)
    assert re.fullmatch(r"/import/[0-9a-f]{32}", where)
    page = client.get(where).text
    assert 'data-count="added">4<' in page and "say who is who" in page
    # the format by the name a person knows, and times as the timeline writes them
    assert "<dd>WhatsApp chat export</dd>" in page
    assert re.search(r'<time datetime="[0-9T:+-]+">\d{4}-\d\d-\d\d \d\d:\d\d</time>', page)
    form = client.get("/import").text
    assert '<option value="sms_backup_restore">SMS Backup &amp; Restore (XML)</option>' in form
    again = _upload(client, token, CHAT)
    assert again.headers["location"] == where + "?again=1"  # type: ignore[attr-defined]
    assert "data-duplicate" in client.get(again.headers["location"]).text  # type: ignore[attr-defined]


def test_undecidable_dates_ask_with_examples_then_import(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    asked = _upload(client, token, UNDECIDABLE.read_bytes())
    assert asked.status_code == 400  # type: ignore[attr-defined]
    text = asked.text  # type: ignore[attr-defined]
    assert "data-date-question" in text and "<code>3/4/21</code>" in text
    assert 'name="order" value="MDY"' in text
    done = _upload(client, token, UNDECIDABLE.read_bytes(), order="MDY")
    assert done.status_code == 303  # type: ignore[attr-defined]


def test_bad_upload_shows_a_clear_error(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = _upload(client, token, "nothing like a chat\n")
    assert r.status_code == 400 and "WhatsApp" in r.text  # type: ignore[attr-defined]
    r = _upload(client, token, CHAT, fmt="no-such-format")
    assert r.status_code == 400  # type: ignore[attr-defined]


def test_who_is_who_then_flags_filters_and_dismiss(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    _import(client, token)
    before = client.get("/timeline").text
    assert "data-unmapped" in before and "badge caution" not in before
    _map(client, token)
    page = client.get("/timeline").text
    assert "data-unmapped" not in page and ">Threat<" in page
    assert "data-flag-limits" in page and "They miss many messages" in page  # docs/flags.md
    threats = client.get("/timeline?category=threat").text
    ids = ID.findall(threats)
    assert len(set(ids)) == 1
    message = client.get(f"/timeline/{ids[0]}").text
    assert "<mark>I will kill you</mark>" in message and 'data-flag="threat"' in message
    r = client.post(
        f"/timeline/{ids[0]}/dismiss",
        data={"csrf": token, "category": "threat", "action": "dismiss"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "set aside" in client.get(f"/timeline/{ids[0]}").text
    assert ID.findall(client.get("/timeline?category=threat").text) == []


def test_mark_a_message_yourself_then_take_the_mark_off(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    _import(client, token)
    _map(client, token)
    page = client.get("/timeline").text
    plain = [
        i
        for i in dict.fromkeys(ID.findall(page))
        if "data-flag=" not in client.get(f"/timeline/{i}").text
    ]
    assert plain, "every message was flagged"
    target = plain[0]
    message = client.get(f"/timeline/{target}").text
    assert 'id="own-mark"' in message and '<option value="control">' in message
    no_csrf = client.post(
        f"/timeline/{target}/mark", data={"category": "control", "action": "mark"}
    )
    assert no_csrf.status_code == 403
    r = client.post(
        f"/timeline/{target}/mark",
        data={"csrf": token, "category": "control", "action": "mark"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    message = client.get(f"/timeline/{target}").text
    assert 'data-flag="control"' in message and "You marked this message." in message
    assert "Take my mark off" in message and '<option value="control">' not in message
    assert ID.findall(client.get("/timeline?category=control").text) == [target]
    bad = client.post(f"/timeline/{target}/mark", data={"csrf": token, "category": "nonsense"})
    assert bad.status_code == 400 and "Unknown flag type" in bad.text
    client.post(
        f"/timeline/{target}/mark", data={"csrf": token, "category": "control", "action": "unmark"}
    )
    assert ID.findall(client.get("/timeline?category=control").text) == []


def test_imported_markup_is_escaped_and_bidi_is_marked(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    _import(client, token)
    page = client.get("/timeline").text
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<span class="bidi">[U+202E]</span>' in page and "\u202e" not in page
    assert "{{ 7*7 }}" in page
    ids = ID.findall(page)
    for contact_id in set(ids):
        text = client.get(f"/timeline/{contact_id}").text
        assert "<script>alert" not in text and "<img src" not in text


def test_charts_and_filters_render(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    _import(client, token)
    _map(client, token)
    page = client.get("/charts").text
    assert page.count('role="img"') == 3 and page.count("<table>") == 3
    assert "Contact per day" in page and "Hour of day by weekday" in page
    assert client.get("/charts?channel=sms").status_code == 200
    assert client.get("/timeline?category=nonsense").status_code == 400
    assert client.get("/charts?from=2021-03-20&to=2021-03-01").status_code == 400


def test_settings_save_no_contact_day(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post(
        "/timeline/settings",
        data={"csrf": token, "nocontact": "2021-03-14", "offset": "+01:00"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get("/timeline?saved=1").text
    assert 'value="2021-03-14"' in page and "UTC+01:00" in page


def test_pages_need_unlock_and_csrf(client: TestClient) -> None:
    assert client.get("/timeline", follow_redirects=False).headers["location"] == "/unlock"
    r = client.post("/timeline/settings", data={"nocontact": ""}, follow_redirects=False)
    assert r.status_code == 403

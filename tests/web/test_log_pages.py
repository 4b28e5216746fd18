"""The log and report pages: quick add, versions, removal, check code, downloads (issue 4)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from onward.evidence.verify_chain import check
from onward.services.evidence_log import PER_PAGE

ENTRY_RE = re.compile(r'href="/log/([0-9a-f]{32})"')
CODE_RE = re.compile(r"data-chain-code>([0-9A-F-]{19})<")
PHOTO = b"\xff\xd8\xff\xe1\x00\x0cExif\x00\x00GPS!\xff\xd9"


def _add(client: TestClient, token: str, what: str, **extra: object) -> str:
    files = extra.pop("files", None)
    data = {"csrf": token, "at": "2026-03-01T21:30", "channel": "in_person", "what": what, **extra}
    r = client.post("/log", data=data, files=files, follow_redirects=False)  # type: ignore[arg-type]
    assert r.status_code == 303, r.text
    return str(r.headers["location"]).split("saved=")[1]


def test_log_page_has_the_quick_form_and_the_code(ready: tuple[TestClient, str]) -> None:
    client, _ = ready
    html = client.get("/log").text
    assert 'action="/log"' in html and 'enctype="multipart/form-data"' in html
    assert "<details>" in html and 'name="where"' in html and 'type="file"' in html
    assert CODE_RE.search(html).group(1) == "0000-0000-0000-0000"  # type: ignore[union-attr]
    for form in re.findall(r"<form\b[^>]*>", html):
        if 'method="post"' in form and "/lock" not in form:
            assert 'autocomplete="off"' in form, form
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(
        r"\son[a-z]+=", html
    )
    assert '<a href="/log">Log</a>' in client.get("/home").text


def test_log_quick_add_amend_and_remove(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    files = [("files", ("door.jpg", PHOTO, "image/jpeg")), ("files", ("", b"", "text/plain"))]
    entry_id = _add(client, token, "SENTINEL-web <b>at the door</b>", where="flat", files=files)
    listing = client.get(f"/log?saved={entry_id}").text
    assert "SENTINEL-web &lt;b&gt;at the door&lt;/b&gt;" in listing and "1 file" in listing
    assert CODE_RE.search(listing).group(1) != "0000-0000-0000-0000"  # type: ignore[union-attr]
    page = client.get(f"/log/{entry_id}").text
    assert "SENTINEL-web &lt;b&gt;" in page and "door.jpg" in page and "flat" in page
    file_id = re.search(r'href="/file/([0-9a-f]{32})"', page).group(1)  # type: ignore[union-attr]
    download = client.get(f"/file/{file_id}")
    assert download.content == PHOTO
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"] == 'attachment; filename="door.jpg"'

    r = client.post(
        f"/log/{entry_id}/amend",
        data={"csrf": token, "at": "2026-03-01T21:30", "channel": "phone", "what": "Corrected."},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/log/{entry_id}?saved=1"
    page = client.get(f"/log/{entry_id}?saved=1").text
    assert "Saved as a new version." in page
    versions = page.split('id="versions"')[1].split("</ol>")[0]
    assert "SENTINEL-web" in versions and "Corrected." in versions  # both versions kept

    r = client.post(f"/log/{entry_id}/redact", data={"csrf": token, "reason": ""})
    assert r.status_code == 400 and "why" in r.text
    r = client.post(
        f"/log/{entry_id}/redact", data={"csrf": token, "reason": "not him"}, follow_redirects=False
    )
    assert r.headers["location"] == "/log?removed=1"
    listing = client.get("/log?removed=1").text
    assert "SENTINEL-web" not in listing and "not him" in listing
    assert client.get(f"/file/{file_id}").status_code == 404
    assert "Removed entry" in client.get(f"/log/{entry_id}").text


def test_log_bad_input_keeps_what_was_typed(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    r = client.post("/log", data={"csrf": token, "at": "soon", "channel": "sms", "what": "kept"})
    assert r.status_code == 400 and "kept" in r.text and "2026-03-01 21:30" in r.text
    r = client.post("/log", data={"csrf": token, "channel": "sms", "what": " "})
    assert r.status_code == 400
    assert client.get("/log/" + "0" * 32).status_code == 404
    assert client.get("/log/not-an-id").status_code == 404


def test_log_anchor_button(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    _add(client, token, "first")
    code = CODE_RE.search(client.get("/log").text).group(1)  # type: ignore[union-attr]
    r = client.post("/log/anchor", data={"csrf": token}, follow_redirects=False)
    assert r.headers["location"] == "/log?noted=1"
    page = client.get("/log?noted=1").text
    assert "Noted." in page and "2 records" in page
    preview = client.post("/report/preview", data={"csrf": token}).text
    assert code in preview.split("Code noted by the person")[1]


def test_report_page_downloads_pdf_and_folder(
    ready: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, token = ready
    _add(client, token, "SENTINEL-report visit")
    page = client.get("/report").text
    assert 'formaction="/report/bundle"' in page and 'name="categories"' in page
    # the flag types a stored message can carry; "begging" is for one's own drafts only
    assert 'value="threat"' in page and 'value="begging"' not in page
    assert "not a promise that a court will accept them" in page
    for form in re.findall(r"<form\b[^>]*>", page):
        assert 'autocomplete="off"' in form or "/lock" in form
    r = client.post("/report/pdf", data={"csrf": token, "start": "2026-02-01", "end": "2026-03-31"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert re.fullmatch(r'attachment; filename="report-\d{4}-\d{2}-\d{2}\.pdf"',
                        r.headers["content-disposition"])  # fmt: skip
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "SENTINEL-report visit" in text
    r = client.post("/report/bundle", data={"csrf": token, "categories": ["threat"], "names": "1"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    (tmp_path / "b.zip").write_bytes(r.content)
    ok, line = check(str(tmp_path / "b.zip"))
    assert ok, line
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        assert any(n.endswith("/verify_chain.py") for n in z.namelist())
    listing = client.get("/log").text  # both downloads are on the chain now
    assert "3 records" in listing  # the entry and two exports
    preview = client.post("/report/preview", data={"csrf": token, "start": "2026-03-01"})
    assert preview.status_code == 200 and "SENTINEL-report visit" in preview.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", preview.text)
    bad = client.post(
        "/report/pdf", data={"csrf": token, "start": "2026-03-02", "end": "2026-03-01"}
    )
    assert bad.status_code == 400


@pytest.mark.parametrize("path", ["/log", "/report", "/log/" + "0" * 32])
def test_log_pages_need_unlock(client: TestClient, path: str) -> None:
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/unlock"


def test_log_shows_entries_saved_while_the_clock_went_back(ready: tuple[TestClient, str]) -> None:
    from datetime import UTC, datetime, timedelta

    from onward.services import evidence_log
    from onward.services.evidence_log import EntryInput
    from onward.web import security

    client, token = ready
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    vault = sessions.vault_for(client.cookies.get(security.SESSION_COOKIE))
    future = datetime.now(UTC) + timedelta(days=2)  # as if the clock was later set back
    evidence_log.add_entry(vault, EntryInput(future, "sms", "by a wrong clock"), now=future)
    entry_id = _add(client, token, "now")
    assert "clock had gone back" in client.get("/log").text
    page = client.get(f"/log/{entry_id}").text
    assert "clock had gone back" in page.split('class="meta"')[1]
    r = client.post("/report/preview", data={"csrf": token})
    assert "Records saved while the clock had gone back</th><td>1<" in r.text


def test_log_is_paged_newest_first(ready: tuple[TestClient, str]) -> None:
    client, token = ready
    for i in range(PER_PAGE + 3):
        _add(client, token, f"visit number {i:03d}", at=f"2026-03-01T{i // 60:02d}:{i % 60:02d}")
    first = client.get("/log").text
    assert f"visit number {PER_PAGE + 2:03d}" in first and "visit number 002" not in first
    assert len(ENTRY_RE.findall(first)) == PER_PAGE
    assert 'href="/log?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert f"Page 1 of 2 · {PER_PAGE + 3} entries" in first
    second = client.get("/log?page=2").text
    assert len(ENTRY_RE.findall(second)) == 3 and "visit number 000" in second
    assert 'href="/log?page=1" rel="prev"' in second and 'rel="next"' not in second
    for odd in ("abc", "-1", "0", "99999999999999", "2.5"):
        r = client.get(f"/log?page={odd}")
        assert r.status_code == 200 and len(ENTRY_RE.findall(r.text)) in (3, PER_PAGE), odd

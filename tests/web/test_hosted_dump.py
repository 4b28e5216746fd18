"""Issue #6: a dump of the hosted database holds no text any client wrote (R42, R43).

Two clients and an advocate use the real app over HTTP as the non-owner role: journal
entries through the API, a log entry and a safety plan through the pages, a share with a
label and a note that the advocate accepts and opens, then a passphrase change. A
``pg_dump`` of the whole database (schema and data, as an operator's backup would be)
must contain none of the words they wrote, no user name and no session cookie.
Needs PostgreSQL and its ``pg_dump``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE
from tests.web.test_hosted import _client, csrf, sign_up
from tests.web.test_hosted_sharing import PENDING_RE, SHARE_RE, sign_up_advocate

from onward.config import Settings
from onward.web.security import SESSION_COOKIE

pytestmark = pytest.mark.pg

WORDS = {
    "journal": "zq-journal-5150",
    "log": "zq-doorstep-2291",
    "plan": "zq-safeplace-7784",
    "label": "zq-label-3306",
    "note": "zq-note-9043",
}
NEW_PASSPHRASE = "amber lantern quietly north"


def _pg_dump() -> str:
    folder = os.environ.get("ONWARD_TEST_PGBIN")
    found = Path(folder) / "pg_dump" if folder else shutil.which("pg_dump")
    if not found or not Path(found).exists():
        pytest.fail("pg_dump not found: install PostgreSQL's client (bash .ci/run does)")
    return str(found)


def test_hosted_database_dump_holds_no_client_text(hosted: Settings, pg_url: str) -> None:
    names = ("mariposa", "quillon", "advocatesam")
    with _client(hosted) as alice, _client(hosted) as bea, _client(hosted) as sam:
        tokens = {"alice": sign_up(alice, names[0]), "bea": sign_up(bea, names[1])}
        code = sign_up_advocate(hosted, sam, names[2])
        for who, client in (("alice", alice), ("bea", bea)):
            head = {"x-csrf-token": tokens[who]}
            r = client.post("/api/v1/entries", json={"text": WORDS["journal"] + who}, headers=head)
            assert r.status_code == 201, r.text
            token = tokens[who]
            r = client.post("/log", data={"csrf": token, "what": WORDS["log"], "channel": "phone"})
            assert r.status_code == 200, r.text
            r = client.post("/plan/care", data={"csrf": token, "place_1": WORDS["plan"]})
            assert r.status_code == 200, r.text
        share = {
            "advocate_code": code,
            "plan": True,
            "report": True,
            "label": WORDS["label"],
            "note": WORDS["note"],
        }
        r = alice.post("/api/v1/shares", json=share, headers={"x-csrf-token": tokens["alice"]})
        assert r.status_code == 201, r.text
        (pending,) = PENDING_RE.findall(sam.get("/shared").text)
        r = sam.post(f"/shared/{pending}/accept", data={"csrf": csrf(sam)})
        assert r.status_code == 200, r.text
        (share_id,) = SHARE_RE.findall(sam.get("/shared").text)
        view = sam.get(f"/shared/{share_id}")
        assert view.status_code == 200 and WORDS["plan"] in view.text  # it really was shared
        r = bea.post(
            "/passphrase",
            data={
                "csrf": csrf(bea),
                "old": PASSPHRASE,
                "new": NEW_PASSPHRASE,
                "confirm": NEW_PASSPHRASE,
            },
        )
        assert r.status_code in (200, 303), r.text
        cookies = [c.cookies.get(SESSION_COOKIE) for c in (alice, bea, sam)]
    dump = subprocess.run(
        [_pg_dump(), "--no-owner", pg_url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    ).stdout
    assert "COPY public.items" in dump and "COPY public.shares" in dump
    leaks = [w for w in WORDS.values() if w in dump]
    leaks += [n for n in names if n in dump.lower()]
    leaks += [c for c in cookies if c and c in dump]
    assert PASSPHRASE not in dump and NEW_PASSPHRASE not in dump
    assert leaks == []

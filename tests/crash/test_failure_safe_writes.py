"""A full disk during a save rolls the save back, says so, and spills nothing (R48).

Two levels:

* SQLite underneath: the ``PowerCutVFS`` shim (``powercut.py``) raises ``SQLITE_FULL`` from
  ``xWrite`` at a random write of a save's transaction, on Onward's schema and PRAGMAs. The
  save fails with that error, nothing of it stays, integrity_check is ok, every entry
  committed before is intact, and still so after a power cut.
* The app on SQLCipher: ``PRAGMA max_page_count`` on every pooled connection makes the file
  "full". A journal save, an edit and an evidence-log save each raise ``DiskFullError`` with
  a plain message; what was saved before is untouched, the chain still verifies, the next
  save works once there is room, and the sentinel text is in no file, log line or output.
  The note form shows the message and keeps what the person typed.
"""

from __future__ import annotations

import logging
import random
import tempfile
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import apsw
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.pool import Pool
from tests.conftest import PASSPHRASE, fast_settings
from tests.crash.powercut import (
    DB_NAME,
    INSERT_ITEM,
    KIND,
    SNAP_DIR,
    VAULT_ID,
    cipher,
    encrypt_entry,
    integrity,
    open_plain,
    power_cut,
    pragmas,
    registered,
    schema_sql,
    stored_entries,
)
from tests.web.conftest import csrf, setup_vault

from onward.errors import DiskFullError
from onward.services import chain_store, evidence_log, journal
from onward.services.vault import create_vault, unlock_vault
from onward.store.db import sqlite_pragma
from onward.store.ids import new_id
from onward.web.app import create_app

pytestmark = pytest.mark.crash

SEED = 20261123
TRIALS = 20
SENTINEL = "zq-diskfull-sentinel-4417"
DISK_FULL = "Your disk is full, so this was not saved."
FREE_SPACE = "Free some space and try again."
# SQLite's largest max_page_count on every version SQLCipher has shipped: "no limit".
NO_LIMIT = 1_073_741_823


# --- the shim: SQLITE_FULL from xWrite ------------------------------------------------


def _save(conn: apsw.Connection, item_id: str, body: bytes) -> None:
    """One save as the app makes it: BEGIN IMMEDIATE, insert, COMMIT; rolled back on error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(INSERT_ITEM, {"id": item_id, "vault_id": VAULT_ID, "kind": KIND, "body": body})
        conn.execute("COMMIT")
    except BaseException:
        if not conn.get_autocommit():  # SQLite may have rolled back already
            conn.execute("ROLLBACK")
        raise


def _full_trial(folder: Path, n: int, rng: random.Random) -> bool:
    """One store: a few saves, then one that meets a full disk. True if it failed."""
    db, snapshots = folder / "db", folder / SNAP_DIR
    db.mkdir(parents=True)
    box, tag = cipher(f"full{n}"), f"full{n}"
    kept: dict[str, str] = {}
    failed = False
    with registered(f"diskfull{n}", snapshots) as vfs:
        conn = apsw.Connection(str(db / DB_NAME), vfs=vfs.name)
        for pragma in pragmas("FULL"):
            conn.execute(pragma)
        for statement in schema_sql():
            conn.execute(statement)
        for i in range(rng.randint(1, 10)):
            item_id, text = new_id(), f"kept {tag}:{i}"
            _save(conn, item_id, encrypt_entry(box, item_id, text))
            kept[item_id] = text
        # A large entry (overflow pages), so the fault can land anywhere in its writes.
        doomed, text = new_id(), f"{SENTINEL} " + "word " * rng.randint(2_000, 6_000)
        vfs.writes_until_full = rng.randint(1, 8)
        try:
            _save(conn, doomed, encrypt_entry(box, doomed, text))
        except apsw.FullError:
            failed = True
        vfs.writes_until_full = None
        assert conn.get_autocommit(), "the failed save left a transaction open"
        if not failed:
            kept[doomed] = text
        assert integrity(conn) == "ok"
        assert {k: v[1] for k, v in stored_entries(conn, box).items()} == kept
        after = new_id()  # the store still takes saves
        _save(conn, after, encrypt_entry(box, after, "after"))
        kept[after] = "after"
        conn.close()
    power_cut(db, snapshots)
    conn = open_plain(db / DB_NAME)
    try:
        assert integrity(conn) == "ok"
        assert {k: v[1] for k, v in stored_entries(conn, box).items()} == kept
    finally:
        conn.close()
    return failed


def test_sqlite_full_in_xwrite_rolls_the_save_back_and_keeps_the_rest(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    failed = 0
    for n in range(TRIALS):
        try:
            failed += _full_trial(tmp_path / f"t{n}", n, rng)
        except AssertionError as exc:
            raise AssertionError(f"seed {SEED}, trial {n}: {exc}") from exc
    # Each trial's fault lands within the doomed save's first 8 writes; a large entry has
    # more than that, so nearly every trial must really have hit the full disk.
    assert failed >= TRIALS - 2, f"only {failed} of {TRIALS} saves met the full disk"


# --- the app on SQLCipher: max_page_count ---------------------------------------------


@pytest.fixture
def page_limit() -> Iterator[dict[str, int]]:
    """Set ``limit["pages"]`` to cap every pooled SQLite connection at that many pages."""
    limit = {"pages": NO_LIMIT}

    def cap(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {limit['pages']}")

    event.listen(Pool, "checkout", cap)
    try:
        yield limit
    finally:
        event.remove(Pool, "checkout", cap)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of the test's own, for Python's tempfile and SQLite's temp files."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    for name in ("TMPDIR", "SQLITE_TMPDIR"):
        monkeypatch.setenv(name, str(folder))
    return folder


def _big(words: int) -> str:
    return f"{SENTINEL} " + " ".join(["plenty"] * words)


def _assert_no_sentinel(folder: Path, *texts: str) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), f"plaintext in {path.name}"
    for text in texts:
        assert SENTINEL not in text


def _assert_disk_full(error: DiskFullError) -> None:
    assert (error.user_message, error.hint) == (DISK_FULL, FREE_SPACE)


def test_disk_full_on_sqlcipher_says_so_and_loses_nothing(
    tmp_path: Path,
    page_limit: dict[str, int],
    private_tmp: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = fast_settings(tmp_path / "data")
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    errors: list[DiskFullError] = []
    try:
        saved = [journal.add_entry(vault, text=f"kept {i}") for i in range(5)]
        when = datetime.now(UTC)
        evidence_log.add_entry(vault, evidence_log.EntryInput(when, "phone", "kept log"))
        head = chain_store.head(vault)
        page_limit["pages"] = int(sqlite_pragma(vault.engine, "PRAGMA page_count")) + 1
        saves = (
            lambda: journal.add_entry(vault, text=_big(10_000)),
            lambda: journal.edit_entry(vault, entry_id=saved[0].id, text=_big(10_000)),
            lambda: evidence_log.add_entry(
                vault, evidence_log.EntryInput(when, "phone", _big(2_500))
            ),
        )
        for attempt in saves:
            with pytest.raises(DiskFullError) as caught:
                attempt()
            _assert_disk_full(caught.value)
            errors.append(caught.value)
        page_limit["pages"] = NO_LIMIT

        assert sqlite_pragma(vault.engine, "PRAGMA integrity_check") == "ok"
        assert [(e.id, e.text) for e in journal.all_entries(vault)] == [
            (e.id, e.text) for e in reversed(saved)
        ]
        assert [e.latest.data["what"] for e in evidence_log.list_entries(vault)] == ["kept log"]
        assert chain_store.head(vault) == head
        assert chain_store.verify_vault_chain(vault).ok
        journal.add_entry(vault, text="after")  # with room again, saving works
    finally:
        vault.lock()

    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        assert sqlite_pragma(vault.engine, "PRAGMA integrity_check") == "ok"
        assert len(journal.all_entries(vault)) == len(saved) + 1
    finally:
        vault.lock()
    out, err = capfd.readouterr()
    shown = ["".join(traceback.format_exception(e)) for e in errors]
    _assert_no_sentinel(tmp_path, caplog.text, out, err, *shown)


def test_disk_full_on_the_note_form_says_so_and_keeps_the_text(
    tmp_path: Path, page_limit: dict[str, int], private_tmp: Path
) -> None:
    settings = fast_settings(tmp_path / "data")
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        setup_vault(client)
        r = client.post("/notes", data={"csrf": csrf(client), "text": "kept"})
        assert r.status_code == 200, r.text  # followed to the saved note
        vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)  # only to read the size
        try:
            page_limit["pages"] = int(sqlite_pragma(vault.engine, "PRAGMA page_count")) + 1
        finally:
            vault.lock()
        text = _big(10_000)
        r = client.post("/notes", data={"csrf": csrf(client), "text": text}, follow_redirects=False)
        assert r.status_code == 400
        assert DISK_FULL in r.text and FREE_SPACE in r.text
        assert text in r.text  # what was typed is still in the form
        page_limit["pages"] = NO_LIMIT
        listing = client.get("/notes").text
        assert "kept" in listing and SENTINEL not in listing
    _assert_no_sentinel(tmp_path)

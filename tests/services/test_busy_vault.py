"""A vault another process holds (a long import, the app) refuses a save with a plain
message, in the services, the CLI and the web app, and keeps everything saved before.

The other process is another engine on the same SQLite file holding its write lock, as a
second `onward` would; the wait is cut from 10 s to 0.2 s so the tests stay quick.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE, fast_settings
from tests.web.conftest import setup_vault
from typer.testing import CliRunner

from onward.cli import app as cli_app
from onward.config import Settings
from onward.errors import VaultBusyError
from onward.services import evidence_log
from onward.services import vault as vs
from onward.services.evidence_log import EntryInput
from onward.store import db
from onward.web.app import create_app

WHEN = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


@pytest.fixture
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)


@contextmanager
def held(settings: Settings) -> Iterator[None]:
    """Another Onward with a save under way (its write transaction open)."""
    other, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        with other.engine.begin():
            yield
    finally:
        other.lock()


@pytest.fixture
def made(tmp_path: Path, quick_busy: None) -> Settings:
    settings = fast_settings(tmp_path / "data")
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    try:
        evidence_log.add_entry(vault, EntryInput(WHEN, "phone", "SENTINEL-first"))
    finally:
        vault.lock()
    return settings


def _texts(settings: Settings) -> list[str]:
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        return [e.latest.data["what"] for e in evidence_log.list_entries(vault)]
    finally:
        vault.lock()


def test_a_save_while_another_process_writes_is_refused_plainly(made: Settings) -> None:
    vault, _ = vs.unlock_vault(made, passphrase=PASSPHRASE)
    try:
        with held(made), pytest.raises(VaultBusyError) as caught:
            evidence_log.add_entry(vault, EntryInput(WHEN, "phone", "SENTINEL-second"))
        assert "busy" in caught.value.user_message and caught.value.hint
        assert "SENTINEL" not in caught.value.user_message + str(caught.value.hint)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
        # Once the other one is done, the same save goes through.
        evidence_log.add_entry(vault, EntryInput(WHEN, "phone", "SENTINEL-second"))
    finally:
        vault.lock()
    assert sorted(_texts(made)) == ["SENTINEL-first", "SENTINEL-second"]


def test_cli_log_add_on_a_busy_vault_says_so_without_a_traceback(made: Settings) -> None:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, (PASSPHRASE + "\n").encode())
    os.close(write_fd)
    argv = ["--data-dir", str(made.data_dir), "log", "add", "--passphrase-fd", str(read_fd)]
    try:
        with held(made):
            result = CliRunner().invoke(cli_app, argv, input="SENTINEL-typed")
    finally:
        os.close(read_fd)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "busy" in result.output and "Hint:" in result.output
    assert "Traceback" not in result.output and "SENTINEL" not in result.output
    assert _texts(made) == ["SENTINEL-first"]


def test_web_save_on_a_busy_vault_keeps_the_form_and_says_why(
    tmp_path: Path, quick_busy: None
) -> None:
    settings = fast_settings(tmp_path / "data")
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        token = setup_vault(client)
        form = {"csrf": token, "at": "2026-03-01T21:30", "channel": "phone", "what": "SENTINEL"}
        with held(settings):
            r = client.post("/log", data=form, follow_redirects=False)
        assert r.status_code == 400, r.text
        assert "kept the vault busy" in r.text and "Wait for the other one" in r.text
        assert ">SENTINEL</textarea>" in r.text  # what was typed is still in the form
        assert client.post("/log", data=form, follow_redirects=False).status_code == 303


def test_cli_import_on_a_busy_vault_says_so_and_can_run_again(made: Settings) -> None:
    export = (
        Path(__file__).parents[1]
        / "data/exports/whatsapp/android-24h-dmy/WhatsApp Chat with Sam Taylor.txt"
    )

    def run() -> tuple[int, str]:
        read_fd, write_fd = os.pipe()
        os.write(write_fd, (PASSPHRASE + "\n").encode())
        os.close(write_fd)
        argv = ["--data-dir", str(made.data_dir), "import", str(export), "--me", "Alex Rivera"]
        argv += ["--partner", "Sam Taylor", "--passphrase-fd", str(read_fd)]
        try:
            result = CliRunner().invoke(cli_app, argv)
        finally:
            os.close(read_fd)
        return result.exit_code, result.output

    with held(made):
        code, output = run()
    assert code == 1, output
    assert "busy" in output and "Traceback" not in output
    code, output = run()
    assert code == 0, output

"""`onward admin …` and the hosted config file (needs PostgreSQL)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE, fast_settings

from onward.cli.hosted_cmds import load_config_file
from onward.services import accounts


@pytest.mark.pg
def test_cli_admin_create_advocate_code_signs_up_an_advocate(pg_url: str, tmp_path: Path) -> None:
    onward = Onward(tmp_path / "data", pg_url)
    r = onward("admin", "create-advocate")
    assert r.code == 0, r.err
    match = re.search(r"\b([0-9a-f]{6}(?:-[0-9a-f]{6}){3})\b", r.out)
    assert match
    settings = fast_settings(tmp_path / "data", pg_url, hosted=True)
    account, vault, _ = accounts.sign_up(
        settings, name="helper", passphrase=PASSPHRASE, invitation=match.group(1)
    )
    vault.lock()
    assert account.role == "advocate"
    r = onward("admin", "counts")
    assert r.code == 0 and "advocate: 1" in r.out


def test_cli_hosted_config_file_sets_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "onward.env"
    path.write_text("# hosted\nONWARD_SIGNUP=open\n\nONWARD_KDF_SLOTS = 3\n", encoding="utf-8")
    # load_config_file writes os.environ; give it a copy so nothing leaks into later tests
    monkeypatch.setattr(os, "environ", os.environ.copy())
    os.environ.pop("ONWARD_SIGNUP", None)
    os.environ.pop("ONWARD_KDF_SLOTS", None)
    load_config_file(path)
    assert os.environ["ONWARD_SIGNUP"] == "open"
    assert os.environ["ONWARD_KDF_SLOTS"] == "3"

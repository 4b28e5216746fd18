"""SQLite page sizes: 16 KiB for new files, 4 KiB kept for vaults made before header format 2.

SQLCipher cannot read a file's page size from the file (the header page is encrypted), so the
vault header records it (store/header.py). These tests open real SQLCipher files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.errors import IntegrityError, SchemaTooNewError
from onward.importers.base import ParseOptions
from onward.services import backup, journal
from onward.services import vault as vs
from onward.services.imports import run_import
from onward.store import db
from onward.store.header import HEADER_FORMAT, VaultHeader

GOLDEN = Path(__file__).parent.parent / "data" / "vaults" / "v0_1"
CHAT = (
    "23/03/2024, 21:04 - Sam: are you home\n"
    "23/03/2024, 21:05 - Ari: yes, why\n"
    "23/03/2024, 21:09 - Sam: answer me\n"
)


def _page_size(engine: Engine) -> int:
    return int(db.sqlite_pragma(engine, "PRAGMA page_size"))


def _header(data_dir: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((data_dir / "store.hdr").read_text())
    return loaded


@pytest.fixture
def made(sqlite_settings: Settings) -> Settings:
    """A new SQLite vault, locked."""
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    vault.lock()
    return sqlite_settings


def _golden(tmp_path: Path) -> Settings:
    shutil.copytree(GOLDEN, tmp_path / "old")
    return fast_settings(tmp_path / "old")


def test_a_new_vault_has_16_kib_pages_and_says_so(made: Settings) -> None:
    vault, _ = vs.unlock_vault(made, passphrase=PASSPHRASE)
    try:
        journal.add_entry(vault, text="a first entry")
        assert _page_size(vault.engine) == db.SQLITE_PAGE_SIZE == 16384
    finally:
        vault.lock()
    header = _header(made.data_dir)
    assert header["page_size"] == 16384
    assert header["format"] == HEADER_FORMAT == 2
    assert (made.data_dir / "store.db").stat().st_size % 16384 == 0


def test_a_vault_from_before_format_2_keeps_its_4_kib_pages(tmp_path: Path) -> None:
    settings = _golden(tmp_path)
    assert "page_size" not in _header(settings.data_dir)
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        assert vault.page_size == db.LEGACY_PAGE_SIZE
        assert _page_size(vault.engine) == 4096
        journal.add_entry(vault, text="written after the upgrade")
        # The import's own connection must open the file with the same size.
        export = tmp_path / "chat.txt"
        export.write_text(CHAT, encoding="utf-8")
        result = run_import(vault, export, options=ParseOptions(timezone="UTC"))
        assert result.added == 3
    finally:
        vault.lock()
    header = _header(settings.data_dir)  # re-saved at unlock: still readable by format 1
    assert header["format"] == 1
    assert header["page_size"] == 4096
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        texts = {e.text for e in journal.all_entries(vault)}
    finally:
        vault.lock()
    assert "written after the upgrade" in texts
    assert "golden entry one" in texts


def test_a_restore_writes_16_kib_pages_whatever_the_backup_came_from(tmp_path: Path) -> None:
    settings = _golden(tmp_path)
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        before = sorted(e.text for e in journal.all_entries(vault))
        backup.write_backup(vault, tmp_path / "old.bak")
    finally:
        vault.lock()
    fresh = fast_settings(tmp_path / "new")
    backup.restore_backup(fresh, path=tmp_path / "old.bak", passphrase=PASSPHRASE)
    _assert_restored_at_16_kib(fresh, before)
    # Restoring over the old 4 KiB vault in place gives the same.
    backup.restore_backup(
        settings, path=tmp_path / "old.bak", passphrase=PASSPHRASE, replace_existing=True
    )
    _assert_restored_at_16_kib(settings, before)


def _assert_restored_at_16_kib(settings: Settings, texts: list[str]) -> None:
    header = _header(settings.data_dir)
    assert (header["page_size"], header["format"]) == (16384, 2)
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        assert _page_size(vault.engine) == 16384
        assert sorted(e.text for e in journal.all_entries(vault)) == texts
    finally:
        vault.lock()


def test_a_header_with_the_wrong_page_size_fails_clearly_and_changes_nothing(
    made: Settings,
) -> None:
    hdr = made.data_dir / "store.hdr"
    data = json.loads(hdr.read_text())
    data["page_size"] = 4096
    hdr.write_text(json.dumps(data))
    before = (made.data_dir / "store.db").read_bytes()
    with pytest.raises(IntegrityError) as err:
        vs.unlock_vault(made, passphrase=PASSPHRASE)
    assert "could not be opened" in str(err.value)
    assert err.value.hint and "backup" in err.value.hint
    assert (made.data_dir / "store.db").read_bytes() == before


def test_header_page_size_is_read_checked_and_versioned(made: Settings) -> None:
    text = (made.data_dir / "store.hdr").read_text()
    assert VaultHeader.from_json(text).page_size == 16384
    data = json.loads(text)
    del data["page_size"]
    assert VaultHeader.from_json(json.dumps(data)).page_size == 4096  # format 1: SQLCipher's
    for bad in (1000, 0, "16384", 2**17, True):
        data["page_size"] = bad
        with pytest.raises(IntegrityError, match="header is damaged"):
            VaultHeader.from_json(json.dumps(data))
    data["page_size"] = 16384
    data["format"] = HEADER_FORMAT + 1
    with pytest.raises(SchemaTooNewError):
        VaultHeader.from_json(json.dumps(data))

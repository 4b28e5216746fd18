"""Vault life cycle on SQLite and PostgreSQL (R11–R13, R17, R18, R21, R42, R51)."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import (
    IntegrityError,
    TooManyAttemptsError,
    VaultExistsError,
    VaultMissingError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from onward.services import journal
from onward.services import vault as vs
from onward.store.tables import items

NEW = "copper meadow whistle"


def _bodies(settings: Settings) -> list[bytes]:
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        with vault.engine.connect() as conn:
            return [row.body for row in conn.execute(select(items.c.body).order_by(items.c.seq))]
    finally:
        vault.lock()


def test_vault_create_then_unlock_reads_entries(settings: Settings) -> None:
    vault, recovery = vs.create_vault(settings, passphrase=PASSPHRASE)
    journal.add_entry(vault, text="SENTINEL-create first words")
    vault.lock()
    assert len(recovery.split("-")) == 13
    again, report = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        assert [e.text for e in journal.all_entries(again)] == ["SENTINEL-create first words"]
        assert report.failed_attempts == 0
    finally:
        again.lock()


def test_vault_create_twice_is_refused(settings: Settings) -> None:
    vs.create_vault(settings, passphrase=PASSPHRASE)[0].lock()
    with pytest.raises(VaultExistsError):
        vs.create_vault(settings, passphrase=NEW)


def test_vault_unlock_without_vault_says_how_to_create(settings: Settings) -> None:
    with pytest.raises(VaultMissingError) as info:
        vs.unlock_vault(settings, passphrase=PASSPHRASE)
    assert "onward init" in (info.value.hint or "")


def test_unlock_with_the_data_file_gone_says_so_and_makes_no_empty_vault(
    sqlite_settings: Settings,
) -> None:
    vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)[0].lock()
    data = sqlite_settings.data_dir / "store.db"
    data.rename(sqlite_settings.data_dir.parent / "moved.db")
    with pytest.raises(VaultMissingError) as info:
        vs.unlock_vault(sqlite_settings, passphrase=PASSPHRASE)
    assert "store.db" in info.value.user_message and "onward restore" in str(info.value.hint)
    assert not data.exists()  # before, unlocking made a new, empty data file here
    (sqlite_settings.data_dir.parent / "moved.db").rename(data)
    vs.unlock_vault(sqlite_settings, passphrase=PASSPHRASE)[0].lock()


def test_init_over_a_data_file_whose_header_is_gone_moves_it_aside(
    sqlite_settings: Settings,
) -> None:
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    journal.add_entry(vault, text="SENTINEL-old")
    vault.lock()
    header = sqlite_settings.data_dir / "store.hdr"
    kept_header = header.read_bytes()
    old_data = (sqlite_settings.data_dir / "store.db").read_bytes()
    header.unlink()
    vs.create_vault(sqlite_settings, passphrase=NEW)[0].lock()
    aside = sorted(sqlite_settings.data_dir.glob("store.db.orphan-*"))
    assert [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))] != []
    assert aside[0].read_bytes() == old_data  # set aside byte for byte, not deleted
    # With the old header back beside it, the old vault opens again.
    elsewhere = sqlite_settings.data_dir.parent / "old"
    elsewhere.mkdir()
    (elsewhere / "store.hdr").write_bytes(kept_header)
    aside[0].rename(elsewhere / "store.db")
    old = sqlite_settings.model_copy(update={"data_dir": elsewhere})
    again, _ = vs.unlock_vault(old, passphrase=PASSPHRASE)
    try:
        assert [e.text for e in journal.all_entries(again)] == ["SENTINEL-old"]
    finally:
        again.lock()


def test_vault_wrong_passphrase_exits_2_and_counts(settings: Settings) -> None:
    vs.create_vault(settings, passphrase=PASSPHRASE)[0].lock()
    for _ in range(3):
        with pytest.raises(WrongPassphraseError) as info:
            vs.unlock_vault(settings, passphrase="not the right one")
        assert info.value.exit_code == 2
    vault, report = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    vault.lock()
    assert report.failed_attempts == 3
    assert report.last_failed_at is not None
    vault, report = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    vault.lock()
    assert report.failed_attempts == 0  # shown once, then reset (R12)


@pytest.mark.parametrize(
    ("failures", "delay"), [(1, 0), (3, 0), (4, 1), (5, 2), (6, 4), (9, 32), (10, 60), (30, 60)]
)
def test_delay_after_grows_and_is_capped(failures: int, delay: int) -> None:
    assert vs.delay_after(failures) == delay


def test_vault_progressive_delay_then_right_passphrase_unlocks(sqlite_settings: Settings) -> None:
    settings = sqlite_settings
    vs.create_vault(settings, passphrase=PASSPHRASE)[0].lock()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    now = start
    for _ in range(10):
        with pytest.raises(WrongPassphraseError):
            vs.unlock_vault(settings, passphrase="wrong guess here", now=now)
        now += timedelta(seconds=61)
    with pytest.raises(TooManyAttemptsError) as info:
        vs.unlock_vault(settings, passphrase=PASSPHRASE, now=now - timedelta(seconds=30))
    assert 0 < info.value.retry_after_s <= 60
    vault, report = vs.unlock_vault(settings, passphrase=PASSPHRASE, now=now)
    vault.lock()
    assert report.failed_attempts == 10  # never a destructive lockout (R13)


def test_vault_passphrase_change_rewrites_no_record(settings: Settings) -> None:
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    for i in range(5):
        journal.add_entry(vault, text=f"entry {i}")
    vault.lock()
    before = _bodies(settings)
    vs.change_passphrase(settings, old=PASSPHRASE, new=NEW)
    with pytest.raises(WrongPassphraseError):
        vs.unlock_vault(settings, passphrase=PASSPHRASE)
    vault, _ = vs.unlock_vault(settings, passphrase=NEW)
    try:
        assert len(journal.all_entries(vault)) == 5
        with vault.engine.connect() as conn:
            after = [r.body for r in conn.execute(select(items.c.body).order_by(items.c.seq))]
    finally:
        vault.lock()
    assert after == before


def test_vault_recovery_key_sets_a_new_passphrase(settings: Settings) -> None:
    vault, recovery = vs.create_vault(settings, passphrase=PASSPHRASE)
    journal.add_entry(vault, text="kept through recovery")
    vault.lock()
    with pytest.raises(WrongPassphraseError):
        vs.recover_with_key(settings, recovery_key=recovery[:-4] + "AAAA", new_passphrase=NEW)
    vs.recover_with_key(settings, recovery_key=recovery.lower(), new_passphrase=NEW)
    vault, _ = vs.unlock_vault(settings, passphrase=NEW)
    try:
        assert journal.all_entries(vault)[0].text == "kept through recovery"
    finally:
        vault.lock()


@pytest.mark.parametrize("weak", ["short", "password123", "iloveyou", "qwertyuiop", "aaaaaaaaaaaa"])
def test_passphrase_rules_refuse_weak_choices(sqlite_settings: Settings, weak: str) -> None:
    with pytest.raises(WeakPassphraseError):
        vs.create_vault(sqlite_settings, passphrase=weak)


def test_vault_lock_wipes_key_in_memory(settings: Settings) -> None:
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    key = vault.dek
    vault.lock()
    assert key.wiped and vault.locked


def test_header_below_kdf_floor_is_refused(sqlite_settings: Settings) -> None:
    vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)[0].lock()
    path = sqlite_settings.header_path
    data = json.loads(path.read_text())
    data["kdf"]["memory_kib"] = 1024
    path.write_text(json.dumps(data))
    with pytest.raises(IntegrityError, match="safe minimum"):
        vs.unlock_vault(sqlite_settings, passphrase=PASSPHRASE)


def test_unlock_upgrades_kdf_to_current_default(tmp_path: Path) -> None:
    from tests.conftest import fast_settings

    low = fast_settings(tmp_path / "d")
    vs.create_vault(low, passphrase=PASSPHRASE)[0].lock()
    higher = fast_settings(tmp_path / "d", kdf_time_cost=4)
    vs.unlock_vault(higher, passphrase=PASSPHRASE)[0].lock()
    assert json.loads(low.header_path.read_text())["kdf"]["time_cost"] == 4
    vs.unlock_vault(higher, passphrase=PASSPHRASE)[0].lock()


def test_data_folder_is_private_and_holds_no_plaintext(sqlite_settings: Settings) -> None:
    sentinel = "SENTINEL-disk-7f3a9"
    vault, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    for _ in range(20):
        journal.add_entry(vault, text=f"{sentinel} my private words")
    dek = vault.dek.raw()
    vault.lock()
    folder = sqlite_settings.data_dir
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path.name
        raw = path.read_bytes()
        assert sentinel.encode() not in raw
        assert PASSPHRASE.encode() not in raw
        assert dek not in raw
        assert not raw.startswith(b"SQLite format 3\0")


def test_golden_vault_from_version_0_1_opens(tmp_path: Path) -> None:
    """A vault written by release 0.1 must open in every later version (R20)."""
    import shutil

    from tests.conftest import fast_settings

    golden = Path(__file__).parent.parent / "data" / "vaults" / "v0_1"
    shutil.copytree(golden, tmp_path / "d")
    settings = fast_settings(tmp_path / "d")
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        texts = sorted(e.text for e in journal.all_entries(vault))
    finally:
        vault.lock()
    expected = json.loads((golden.parent / "v0_1.expected.json").read_text())
    assert texts == expected
    from onward.store import db

    if db.head_revision() != "0001":  # the schema moved on: an upgrade backup was written first
        assert list((tmp_path / "d").glob("pre-upgrade-0001-*.bak"))

"""A stale store.db-wal from another copy of the data never gets written into store.db."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.errors import IntegrityError
from onward.services import items
from onward.services import vault as vs
from onward.store.wal_guard import FOREIGN_SUFFIX


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _vault_with_notes(data_dir: Path, count: int) -> Settings:
    settings = fast_settings(data_dir)
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    for n in range(count):
        items.add(vault, kind="note", data={"n": n})
    vault.lock()  # the last connection checkpoints and removes the -wal
    assert not (data_dir / "store.db-wal").exists()
    return settings


def _live_copy(settings: Settings, into: Path, extra: int) -> None:
    """Copy the data folder while the vault is open: the -wal holds the latest saves."""
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        for n in range(extra):
            items.add(vault, kind="note", data={"n": n})
        assert (settings.data_dir / "store.db-wal").stat().st_size > 32
        shutil.copytree(settings.data_dir, into)
    finally:
        vault.lock()


def _count(settings: Settings) -> int:
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        return items.count(vault, kind="note")
    finally:
        vault.lock()


def test_foreign_wal_is_moved_aside_and_the_data_file_opens_unchanged(tmp_path: Path) -> None:
    mine = _vault_with_notes(tmp_path / "mine", 3)
    other = _vault_with_notes(tmp_path / "other", 1)
    _live_copy(other, tmp_path / "other-open", extra=20)
    foreign = tmp_path / "other-open" / "store.db-wal"
    shutil.copy(foreign, mine.data_dir / "store.db-wal")
    before = _digest(mine.data_dir / "store.db")

    assert _count(mine) == 3  # opened, with nothing of the other file in it

    kept = [p for p in mine.data_dir.iterdir() if FOREIGN_SUFFIX in p.name]
    assert len(kept) == 1 and _digest(kept[0]) == _digest(foreign)  # moved, not deleted
    assert not (mine.data_dir / "store.db-wal").exists()
    vault, _ = vs.unlock_vault(mine, passphrase=PASSPHRASE)
    try:
        items.add(vault, kind="note", data={"n": 3})  # and it takes new saves
    finally:
        vault.lock()
    assert _count(mine) == 4
    assert before != _digest(mine.data_dir / "store.db")  # changed only by the new save


def test_wal_left_by_a_crash_is_replayed_not_moved(tmp_path: Path) -> None:
    settings = _vault_with_notes(tmp_path / "data", 2)
    _live_copy(settings, tmp_path / "crashed", extra=5)  # as a power cut would leave it
    crashed = fast_settings(tmp_path / "crashed")
    assert _count(crashed) == 7
    assert not [p for p in crashed.data_dir.iterdir() if FOREIGN_SUFFIX in p.name]


def test_unreadable_data_file_is_refused_and_nothing_is_touched(tmp_path: Path) -> None:
    mine = _vault_with_notes(tmp_path / "mine", 2)
    other = _vault_with_notes(tmp_path / "other", 1)
    _live_copy(other, tmp_path / "other-open", extra=20)
    # store.db from another vault (another key), with that vault's WAL beside it
    for name in ("store.db", "store.db-wal"):
        shutil.copy(tmp_path / "other-open" / name, mine.data_dir / name)
    before = {p.name: _digest(p) for p in mine.data_dir.iterdir() if not p.name.endswith("shm")}

    with pytest.raises(IntegrityError, match="Nothing was changed") as caught:
        vs.unlock_vault(mine, passphrase=PASSPHRASE)
    assert "onward restore" in (caught.value.hint or "")
    after = {p.name: _digest(p) for p in mine.data_dir.iterdir() if not p.name.endswith("shm")}
    assert after == before

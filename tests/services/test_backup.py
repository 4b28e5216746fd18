"""Encrypted, verified backups and safe restores, across back ends (R49)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.errors import BackupError, IntegrityError, VaultExistsError, WrongPassphraseError
from onward.services import backup, journal
from onward.services import vault as vs


def _make(settings: Settings, texts: list[str]) -> Path:
    vault, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    for text in texts:
        journal.add_entry(vault, text=text)
    out = settings.data_dir.parent / "backup.bak"
    info = backup.write_backup(vault, out)
    vault.lock()
    assert info.rows == len(texts)
    return out


def _texts(settings: Settings, passphrase: str = PASSPHRASE) -> list[str]:
    vault, _ = vs.unlock_vault(settings, passphrase=passphrase)
    try:
        return sorted(e.text for e in journal.all_entries(vault))
    finally:
        vault.lock()


def test_backup_restores_into_a_fresh_folder(settings: Settings, tmp_path: Path) -> None:
    texts = [f"SENTINEL-backup {i}" for i in range(30)]
    out = _make(settings, texts)
    assert b"SENTINEL-backup" not in out.read_bytes()
    fresh = fast_settings(tmp_path / "fresh")
    assert backup.restore_backup(fresh, path=out, passphrase=PASSPHRASE) == 30
    assert _texts(fresh) == sorted(texts)
    # the restored vault keeps working: new entries get new sequence numbers
    vault, _ = vs.unlock_vault(fresh, passphrase=PASSPHRASE)
    journal.add_entry(vault, text="after restore")
    assert journal.list_entries(vault, limit=1).entries[0].text == "after restore"
    vault.lock()


def test_backup_from_sqlite_restores_on_postgres(tmp_path: Path, pg_url: str) -> None:
    out = _make(fast_settings(tmp_path / "a"), ["moves between back ends"])
    target = fast_settings(tmp_path / "b", pg_url)
    backup.restore_backup(target, path=out, passphrase=PASSPHRASE)
    assert _texts(target) == ["moves between back ends"]
    vault, _ = vs.unlock_vault(target, passphrase=PASSPHRASE)
    journal.add_entry(vault, text="new row after restore")  # sequence was reset
    vault.lock()


def test_restore_never_replaces_without_consent(settings: Settings) -> None:
    out = _make(settings, ["original"])
    with pytest.raises(VaultExistsError):
        backup.restore_backup(settings, path=out, passphrase=PASSPHRASE)
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    journal.add_entry(vault, text="written after the backup")
    vault.lock()
    backup.restore_backup(settings, path=out, passphrase=PASSPHRASE, replace_existing=True)
    assert _texts(settings) == ["original"]


@pytest.mark.parametrize("where", [0.5, 0.9, -20, -1])
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    sqlite_settings: Settings, tmp_path: Path, where: float
) -> None:
    out = _make(sqlite_settings, [f"entry {i}" for i in range(400)])
    data = bytearray(out.read_bytes())
    index = int(len(data) * where) if where > 0 else len(data) + int(where)
    data[index] ^= 0x5A
    out.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="damaged"):
        backup.restore_backup(
            sqlite_settings, path=out, passphrase=PASSPHRASE, replace_existing=True
        )
    assert len(_texts(sqlite_settings)) == 400


def test_restore_refuses_a_cut_backup(sqlite_settings: Settings, tmp_path: Path) -> None:
    out = _make(sqlite_settings, [f"entry {i}" for i in range(400)])
    out.write_bytes(out.read_bytes()[:-100])
    with pytest.raises(IntegrityError):
        backup.restore_backup(fast_settings(tmp_path / "x"), path=out, passphrase=PASSPHRASE)


def test_restore_refuses_a_foreign_file(tmp_path: Path) -> None:
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    with pytest.raises(BackupError, match="not an Onward backup"):
        backup.restore_backup(fast_settings(tmp_path / "x"), path=foreign, passphrase=PASSPHRASE)
    with pytest.raises(BackupError, match="does not exist"):
        backup.read_header(tmp_path / "missing.bak")


def test_restore_with_wrong_passphrase_says_which_one(tmp_path: Path) -> None:
    out = _make(fast_settings(tmp_path / "a"), ["x"])
    with pytest.raises(WrongPassphraseError, match="backup"):
        backup.restore_backup(fast_settings(tmp_path / "b"), path=out, passphrase="nope nope nope")


def test_restore_ignores_a_stale_wal(tmp_path: Path) -> None:
    out = _make(fast_settings(tmp_path / "a"), ["from the backup"])
    target = fast_settings(tmp_path / "b")
    target.data_dir.mkdir(mode=0o700)
    (target.data_dir / "store.db-wal").write_bytes(b"stale wal pages " * 512)
    backup.restore_backup(target, path=out, passphrase=PASSPHRASE)
    assert _texts(target) == ["from the backup"]


def test_backup_opens_with_the_passphrase_it_was_made_with(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "a")
    out = _make(settings, ["old passphrase backup"])
    vs.change_passphrase(settings, old=PASSPHRASE, new="sable orchard kettle")
    with pytest.raises(WrongPassphraseError):
        backup.restore_backup(
            fast_settings(tmp_path / "b"), path=out, passphrase="sable orchard kettle"
        )
    backup.restore_backup(fast_settings(tmp_path / "c"), path=out, passphrase=PASSPHRASE)

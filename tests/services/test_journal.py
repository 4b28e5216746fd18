"""The journal service: add, page, edit, delete, isolation (R2, R23, R37)."""

from __future__ import annotations

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, LockedError, NotFoundError
from onward.services import journal
from onward.services import vault as vs
from onward.store import repos


@pytest.fixture
def vault(settings: Settings):  # type: ignore[no-untyped-def]
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def test_journal_pages_newest_first(vault: vs.Vault) -> None:
    for i in range(7):
        journal.add_entry(vault, text=f"entry {i}")
    first = journal.list_entries(vault, limit=3)
    assert [e.text for e in first.entries] == ["entry 6", "entry 5", "entry 4"]
    assert first.total == 7
    second = journal.list_entries(vault, limit=3, before=first.next_before)
    assert [e.text for e in second.entries] == ["entry 3", "entry 2", "entry 1"]
    third = journal.list_entries(vault, limit=3, before=second.next_before)
    assert [e.text for e in third.entries] == ["entry 0"]
    assert third.next_before is None


def test_journal_keeps_text_exactly(vault: vs.Vault) -> None:
    text = "  line one\r\nline two 🙂 <b>not bold</b>\u202e\n"
    entry = journal.add_entry(vault, text=text)
    assert journal.get_entry(vault, entry_id=entry.id).text == text


def test_journal_edit_keeps_created_and_marks_updated(vault: vs.Vault) -> None:
    entry = journal.add_entry(vault, text="first")
    edited = journal.edit_entry(vault, entry_id=entry.id, text="second")
    assert edited.text == "second"
    assert edited.created_at == entry.created_at
    assert edited.updated_at is not None


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_journal_rejects_empty_text(vault: vs.Vault, text: str) -> None:
    with pytest.raises(InvalidInputError):
        journal.add_entry(vault, text=text)


def test_journal_rejects_too_long_text(vault: vs.Vault) -> None:
    with pytest.raises(InvalidInputError, match="too long"):
        journal.add_entry(vault, text="x" * (journal.MAX_CHARS + 1))


def test_journal_delete_removes_the_row_and_its_key(vault: vs.Vault) -> None:
    keep = journal.add_entry(vault, text="keep")
    gone = journal.add_entry(vault, text="SENTINEL-delete-me")
    journal.delete_entry(vault, entry_id=gone.id)
    with pytest.raises(NotFoundError):
        journal.get_entry(vault, entry_id=gone.id)
    with pytest.raises(NotFoundError):
        journal.delete_entry(vault, entry_id=gone.id)
    with vault.engine.connect() as conn:
        assert repos.get_item(conn, vault_id=vault.vault_id, kind="note", item_id=gone.id) is None
    assert [e.id for e in journal.all_entries(vault)] == [keep.id]


def test_journal_unknown_id_is_not_found(vault: vs.Vault) -> None:
    with pytest.raises(NotFoundError):
        journal.get_entry(vault, entry_id="0" * 32)


def test_journal_refuses_use_after_lock(settings: Settings) -> None:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    v.lock()
    with pytest.raises(LockedError):
        journal.add_entry(v, text="too late")


def test_journal_rows_of_another_vault_are_invisible(vault: vs.Vault) -> None:
    entry = journal.add_entry(vault, text="mine")
    with vault.engine.begin() as conn:
        repos.insert_item(
            conn, vault_id="f" * 32, item_id="e" * 32, kind="note", body=b"someone else"
        )
        assert repos.get_item(conn, vault_id="f" * 32, kind="note", item_id=entry.id) is None
        assert not repos.delete_item(conn, vault_id="f" * 32, kind="note", item_id=entry.id)
    assert [e.id for e in journal.all_entries(vault)] == [entry.id]

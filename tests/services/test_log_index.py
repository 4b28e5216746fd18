"""The log's in-memory index: pages of entries without decrypting every version each time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import NotFoundError
from onward.services import evidence_log, items, log_index
from onward.services import vault as vs
from onward.services.evidence_log import PER_PAGE, EntryInput, NewFile
from onward.store.tables import items as items_table

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _add(vault: vs.Vault, n: int, start: int = 0) -> list[str]:
    return [
        evidence_log.add_entry(
            vault, EntryInput(T0 + timedelta(hours=start + i), "sms", f"entry {start + i}"), now=NOW
        ).entry_id
        for i in range(n)
    ]


@pytest.fixture
def decrypts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds of every item decrypted from now on."""
    seen: list[str] = []
    real = items.decrypt

    def counting(vault: vs.Vault, kind: str, row: object) -> items.Doc:
        seen.append(kind)
        return real(vault, kind, row)  # type: ignore[arg-type]

    monkeypatch.setattr(items, "decrypt", counting)
    return seen


def _whats(page: evidence_log.Overview) -> list[str]:
    return [r.entry.latest.data["what"] for r in page.rows]


def test_log_pages_are_newest_first_and_clamped(vault: vs.Vault) -> None:
    _add(vault, PER_PAGE * 2 + 7)
    first = evidence_log.overview(vault, now=NOW)
    assert (first.total, first.page, first.pages) == (PER_PAGE * 2 + 7, 1, 3)
    assert _whats(first)[:2] == [f"entry {PER_PAGE * 2 + 6}", f"entry {PER_PAGE * 2 + 5}"]
    last = evidence_log.overview(vault, page=3, now=NOW)
    assert _whats(last) == [f"entry {i}" for i in range(6, -1, -1)]
    assert _whats(evidence_log.overview(vault, page=99, now=NOW)) == _whats(last)
    assert evidence_log.overview(vault, page=-4, now=NOW).page == 1
    seen = [w for p in (1, 2, 3) for w in _whats(evidence_log.overview(vault, page=p, now=NOW))]
    assert sorted(seen) == sorted(f"entry {i}" for i in range(PER_PAGE * 2 + 7))


def test_log_page_decrypts_only_its_own_entries_once_the_index_is_built(
    vault: vs.Vault, decrypts: list[str]
) -> None:
    _add(vault, PER_PAGE * 3)
    evidence_log.overview(vault, now=NOW)  # builds the index: every version once
    decrypts.clear()
    evidence_log.overview(vault, page=2, now=NOW)
    assert decrypts.count(evidence_log.KIND_VERSION) == PER_PAGE
    decrypts.clear()
    (new,) = _add(vault, 1, start=1000)
    assert evidence_log.overview(vault, now=NOW).rows[0].entry.entry_id == new
    # the new one, read once for the index and used again on the page, then 49 more
    assert decrypts.count(evidence_log.KIND_VERSION) == PER_PAGE


def test_log_index_follows_amends_and_removals(vault: vs.Vault) -> None:
    ids = _add(vault, 3)
    evidence_log.overview(vault, now=NOW)
    evidence_log.amend_entry(
        vault, entry_id=ids[0], data=EntryInput(T0 + timedelta(days=2), "phone", "moved"), now=NOW
    )
    evidence_log.redact_entry(vault, entry_id=ids[1], reason="by mistake", now=NOW)
    page = evidence_log.overview(vault, now=NOW)
    by_id = {r.entry.entry_id: r for r in page.rows}
    assert page.rows[0].entry.entry_id == ids[1]  # removed ones sort by when they were removed
    assert by_id[ids[1]].entry.redacted and by_id[ids[1]].versions == 0
    assert by_id[ids[0]].amended and by_id[ids[0]].entry.latest.data["what"] == "moved"
    assert [v.number for v in evidence_log.get_entry(vault, entry_id=ids[0]).versions] == [1, 2]
    assert evidence_log.get_entry(vault, entry_id=ids[1]).redacted
    assert not by_id[ids[2]].amended


def test_log_index_sees_what_another_window_saved(settings: Settings, vault: vs.Vault) -> None:
    ids = _add(vault, 2)
    evidence_log.overview(vault, now=NOW)
    other, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        (added,) = _add(other, 1, start=50)
        evidence_log.redact_entry(other, entry_id=ids[0], reason="typo", now=NOW)
    finally:
        other.lock()
    page = evidence_log.overview(vault, now=NOW)
    assert {r.entry.entry_id for r in page.rows} == {*ids, added}
    assert evidence_log.get_entry(vault, entry_id=ids[0]).redacted
    assert evidence_log.get_entry(vault, entry_id=added).latest.data["what"] == "entry 50"


def test_log_index_starts_again_when_items_went_without_a_record(vault: vs.Vault) -> None:
    ids = _add(vault, 3)
    evidence_log.overview(vault, now=NOW)
    gone = evidence_log.get_entry(vault, entry_id=ids[1]).latest.item_id
    with items.transaction(vault) as conn:  # as a restored backup or a repair would
        conn.execute(delete(items_table).where(items_table.c.id == gone))
    assert {r.entry.entry_id for r in evidence_log.overview(vault, now=NOW).rows} == {
        ids[0],
        ids[2],
    }
    with pytest.raises(NotFoundError):
        evidence_log.get_entry(vault, entry_id=ids[1])


def test_log_attachments_are_found_through_the_index(vault: vs.Vault) -> None:
    entry = evidence_log.add_entry(
        vault,
        EntryInput(T0, "in_person", "at the door"),
        [NewFile("note.txt", b"SENTINEL bytes")],
        now=NOW,
    )
    _add(vault, 5)
    file_id = entry.latest.data["attachments"][0]["file_id"]
    meta, data = evidence_log.read_attachment(vault, file_id=file_id)
    assert (meta["name"], data) == ("note.txt", b"SENTINEL bytes")
    evidence_log.redact_entry(vault, entry_id=entry.entry_id, reason="wrong file", now=NOW)
    with pytest.raises(NotFoundError):
        evidence_log.read_attachment(vault, file_id=file_id)


def test_locking_drops_the_index(vault: vs.Vault) -> None:
    _add(vault, 1)
    evidence_log.overview(vault, now=NOW)
    assert vault.memo
    vault.lock()
    assert not vault.memo
    assert log_index.KIND_VERSION == evidence_log.KIND_VERSION


def test_a_fresh_index_reads_each_item_once(vault: vs.Vault, decrypts: list[str]) -> None:
    """Hosted mode opens the vault for one request: its index is built every time, and the
    page uses the items the build decrypted instead of reading them again."""
    ids = _add(vault, 3)
    vault.memo.clear()
    decrypts.clear()
    assert len(evidence_log.overview(vault, now=NOW).rows) == 3
    assert decrypts.count(evidence_log.KIND_VERSION) == 3
    vault.memo.clear()
    decrypts.clear()
    assert evidence_log.get_entry(vault, entry_id=ids[1]).latest.data["what"] == "entry 1"
    assert decrypts.count(evidence_log.KIND_VERSION) == 3

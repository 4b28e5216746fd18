"""The contact log: append-only versions, redaction, attachments, timeline rows (R23-R26)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.services import chain_store, contacts, evidence_log, items, log_files
from onward.services import vault as vs
from onward.services.evidence_log import EntryInput, NewFile
from onward.store import contacts_repo
from onward.store.contacts_repo import ContactFilter
from onward.store.tables import items as items_table

T0 = datetime(2026, 3, 1, 21, 30, tzinfo=timezone(timedelta(hours=1)))
NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00SENTINEL\xff\xd9"


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _timeline(vault: vs.Vault) -> list[contacts.Contact]:
    with items.transaction(vault) as conn:
        rows = contacts_repo.page(conn, vault_id=vault.vault_id, where=ContactFilter(), limit=50)
    return [contacts.decrypt_row(vault, r, {}) for r in rows]


def test_log_add_keeps_times_channel_and_adds_a_chain_event(vault: vs.Vault) -> None:
    entry = evidence_log.add_entry(
        vault,
        EntryInput(T0, "in_person", "At the door, shouting.", where="home", witnesses="Sam"),
        now=NOW,
    )
    doc = entry.latest.data
    assert doc["occurred_at"] == "2026-03-01T21:30:00+01:00"
    assert datetime.fromisoformat(doc["recorded_at"]) == NOW
    assert datetime.fromisoformat(doc["recorded_at"]).utcoffset() is not None
    assert (doc["version"], doc["amends"], doc["clock"], doc["method"]) == (1, None, None, "manual")
    (link,) = chain_store.read_chain(vault)
    assert link.event["type"] == "create" and link.event["item"] == entry.latest.item_id
    assert link.event["sha256"] == evidence_log.record_sha256(doc) == entry.latest.sha256
    assert "At the door" not in str(link.event)  # the chain holds a salted hash, not the text


def test_log_amend_is_a_new_version_and_keeps_the_old_one(vault: vs.Vault) -> None:
    first = evidence_log.add_entry(vault, EntryInput(T0, "phone", "Called 14 times."), now=NOW)
    amended = evidence_log.amend_entry(
        vault,
        entry_id=first.entry_id,
        data=EntryInput(T0, "phone", "Called 16 times; two were withheld numbers."),
        now=NOW + timedelta(minutes=5),
    )
    assert [v.number for v in amended.versions] == [1, 2]
    again = evidence_log.get_entry(vault, entry_id=first.entry_id)
    assert [v.data["what"] for v in again.versions] == [
        "Called 14 times.",
        "Called 16 times; two were withheld numbers.",
    ]
    assert again.latest.data["amends"] == first.latest.item_id
    events = [x.event for x in chain_store.read_chain(vault)]
    assert [e["type"] for e in events] == ["create", "amend"]
    assert events[1]["amends"] == first.latest.item_id
    assert events[1]["sha256"] == again.latest.sha256
    # the timeline shows the entry once, as it now stands
    (row,) = _timeline(vault)
    assert row.text == "Called 16 times; two were withheld numbers."
    assert (row.channel, row.kind, row.role) == ("phone", "call", contacts.ROLE_PARTNER)
    assert row.body["entry"] == first.entry_id and row.body["version"] == 2


def test_log_attachments_are_kept_byte_for_byte(vault: vs.Vault) -> None:
    audio = bytes(range(256)) * 50
    entry = evidence_log.add_entry(
        vault,
        EntryInput(T0, "sms", "Screenshot and voicemail."),
        [NewFile("C:\\Users\\me\\shot.jpg", PHOTO, "image/png"), NewFile("vm.bin", audio)],
        now=NOW,
    )
    metas = entry.latest.data["attachments"]
    assert [m["name"] for m in metas] == ["shot.jpg", "vm.bin"]
    assert metas[0]["media_type"] == "image/jpeg"  # the signature wins over the declared type
    assert metas[1]["media_type"] == "application/octet-stream"
    for meta, original in zip(metas, (PHOTO, audio), strict=True):
        assert meta["sha256"] == hashlib.sha256(original).hexdigest()
        assert meta["size"] == len(original)
        got_meta, data = evidence_log.read_attachment(vault, file_id=meta["file_id"])
        assert data == original and got_meta == meta
    with vault.engine.connect() as conn:
        bodies = conn.execute(select(items_table.c.body)).scalars().all()
    assert all(b"SENTINEL" not in body for body in bodies)
    amended = evidence_log.amend_entry(
        vault, entry_id=entry.entry_id, data=EntryInput(T0, "sms", "Same, more."), now=NOW
    )
    assert amended.latest.data["attachments"] == metas  # files carry over to the new version


def test_log_redaction_removes_content_and_keeps_the_chain_valid(vault: vs.Vault) -> None:
    keep = evidence_log.add_entry(vault, EntryInput(T0, "email", "Keep this one."), now=NOW)
    drop = evidence_log.add_entry(
        vault, EntryInput(T0, "in_person", "SENTINEL-drop"), [NewFile("p.jpg", PHOTO)], now=NOW
    )
    evidence_log.amend_entry(
        vault, entry_id=drop.entry_id, data=EntryInput(T0, "in_person", "SENTINEL-drop 2"), now=NOW
    )
    file_id = drop.latest.data["attachments"][0]["file_id"]
    with vault.engine.connect() as conn:
        before = conn.execute(select(items_table.c.body)).scalars().all()
    removed = evidence_log.redact_entry(
        vault, entry_id=drop.entry_id, reason="Logged by mistake.", now=NOW + timedelta(hours=1)
    )
    assert removed.redacted and removed.redaction is not None
    doc = removed.redaction.data
    assert doc["reason"] == "Logged by mistake." and len(doc["versions"]) == 2
    assert doc["files"] == [file_id]
    with vault.engine.connect() as conn:
        after = set(conn.execute(select(items_table.c.body)).scalars().all())
        ids = set(conn.execute(select(items_table.c.id)).scalars().all())
    assert not ids & {*doc["versions"], file_id}
    assert len(after & set(before)) == 1  # only the kept entry's ciphertext remains
    with pytest.raises(NotFoundError):
        evidence_log.read_attachment(vault, file_id=file_id)
    events = [x.event for x in chain_store.read_chain(vault)]
    assert [e["type"] for e in events] == ["create", "create", "amend", "redact"]
    assert events[-1]["removed"] == doc["versions"]
    assert events[-1]["sha256"] == evidence_log.record_sha256(doc)
    assert chain_store.verify_vault_chain(vault).ok
    assert [c.text for c in _timeline(vault)] == ["Keep this one."]
    listed = evidence_log.list_entries(vault)
    assert [e.entry_id for e in listed] == [drop.entry_id, keep.entry_id]  # removal is newest
    with pytest.raises(InvalidInputError):
        evidence_log.amend_entry(
            vault, entry_id=drop.entry_id, data=EntryInput(T0, "other", "x"), now=NOW
        )
    with pytest.raises(InvalidInputError):
        evidence_log.redact_entry(vault, entry_id=drop.entry_id, reason="again")


def test_log_redaction_needs_a_reason(vault: vs.Vault) -> None:
    entry = evidence_log.add_entry(vault, EntryInput(T0, "other", "x"), now=NOW)
    with pytest.raises(InvalidInputError, match="why"):
        evidence_log.redact_entry(vault, entry_id=entry.entry_id, reason="  ")


def test_log_clock_that_went_back_is_flagged_and_verifies(vault: vs.Vault) -> None:
    evidence_log.add_entry(vault, EntryInput(T0, "sms", "first"), now=NOW)
    back = evidence_log.add_entry(
        vault, EntryInput(T0, "sms", "second"), now=NOW - timedelta(days=1)
    )
    assert back.latest.data["clock"] == "clock_back"
    assert chain_store.read_chain(vault)[-1].event["clock"] == "clock_back"
    assert chain_store.verify_vault_chain(vault).ok


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (EntryInput(T0, "carrier-pigeon", "x"), "how"),
        (EntryInput(T0, "sms", "   "), "few words"),
        # only invisible characters: zero-width space, left-to-right mark, byte order mark,
        # no-break space, word joiner, Hangul filler; alone and mixed with spaces
        (EntryInput(T0, "sms", "\u200b"), "few words"),
        (EntryInput(T0, "sms", " \u200e\n\ufeff\u00a0\u2060\t\u3164 "), "few words"),
        (EntryInput(T0, "sms", "x" * 20_001), "too long"),
        (EntryInput(T0, "sms", "x", where="y" * 2_001), "too long"),
    ],
)
def test_log_refuses_bad_input(sqlite_settings: Settings, data: EntryInput, message: str) -> None:
    v, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        with pytest.raises(InvalidInputError, match=message):
            evidence_log.add_entry(v, data)
        with pytest.raises(InvalidInputError, match="empty"):
            evidence_log.add_entry(v, EntryInput(T0, "sms", "x"), [NewFile("a", b"")])
        assert chain_store.head(v).length == 0  # nothing half-saved
    finally:
        v.lock()


def test_log_refuses_files_over_the_limit(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_files, "MAX_FILE_BYTES", 10)
    v, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        with pytest.raises(InvalidInputError, match="too large"):
            evidence_log.add_entry(v, EntryInput(T0, "sms", "x"), [NewFile("a", b"x" * 11)])
        assert evidence_log.list_entries(v) == []
    finally:
        v.lock()


def test_log_refuses_a_time_more_than_a_day_ahead(vault: vs.Vault) -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    with pytest.raises(InvalidInputError, match="in the future"):  # 2062 for 2026
        evidence_log.add_entry(
            vault, EntryInput(datetime(2062, 3, 1, tzinfo=UTC), "sms", "x"), now=now
        )
    ahead = now + timedelta(hours=23)  # a zone typed wrong, or a clock behind: accepted
    entry = evidence_log.add_entry(vault, EntryInput(ahead, "sms", "x"), now=now)
    with pytest.raises(InvalidInputError, match="in the future"):  # a correction too
        evidence_log.amend_entry(
            vault,
            entry_id=entry.entry_id,
            data=EntryInput(now + timedelta(days=2), "sms", "x"),
            now=now,
        )
    assert chain_store.head(vault).length == 1


def test_log_unknown_entries_are_not_found(sqlite_settings: Settings) -> None:
    v, _ = vs.create_vault(sqlite_settings, passphrase=PASSPHRASE)
    try:
        for bad in ("0" * 32, "../etc", ""):
            with pytest.raises(NotFoundError):
                evidence_log.get_entry(v, entry_id=bad)
    finally:
        v.lock()


def test_log_parse_when() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert evidence_log.parse_when("", now=now) == now
    assert evidence_log.parse_when("2026-03-01T21:30+01:00") == T0
    local = evidence_log.parse_when("2026-03-01 21:30")
    assert local.utcoffset() is not None and (local.hour, local.minute) == (21, 30)
    assert evidence_log.parse_when("2026-03-01T21:30").hour == 21  # from <input datetime-local>
    with pytest.raises(InvalidInputError):
        evidence_log.parse_when("yesterday evening")


def test_log_media_types_from_signatures() -> None:
    sniff = log_files.sniff_media_type
    assert sniff(b"\x89PNG\r\n\x1a\n...") == "image/png"
    assert sniff(b"%PDF-1.7") == "application/pdf"
    assert sniff(b"RIFF\0\0\0\0WAVEfmt ") == "audio/wav"
    assert sniff(b"\0\0\0\x20ftypM4A ") == "audio/mp4"
    assert sniff(b"plain", "text/plain; charset=utf-8") == "text/plain"
    assert sniff(b"plain", "") == "application/octet-stream"
    assert log_files.clean_name("../../x\x00y.txt") == "xy.txt"
    assert log_files.clean_name("") == "file"
    assert log_files.clean_name("é" * 127 + ".") == "é" * 127 + "."  # 255 bytes: kept whole
    for name in ("é" * 128, "n" * 100_000):  # longer than a file name can be: refused
        with pytest.raises(InvalidInputError, match="name of a file") as refused:
            log_files.clean_name(name)
        assert "shorter" in str(refused.value.hint)
        assert name[:20] not in str(refused.value) + str(refused.value.hint)

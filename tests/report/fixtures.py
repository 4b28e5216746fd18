"""A vault with a bit of everything a report covers: entries, a removal, an import, a journal."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection
from tests.report.test_working_copy import GPS_MARK, hand_made_jpeg

from onward.services import chain_store, contacts, evidence_log, journal
from onward.services.evidence_log import EntryInput, NewFile
from onward.services.vault import Vault
from onward.store import contacts_repo, repos
from onward.store.crypto import BatchCipher, SecretKey, record_aad, wrap_key
from onward.store.ids import new_id
from onward.store.tables import imports

T0 = datetime(2026, 3, 1, 20, tzinfo=UTC)
JOURNAL_SENTINEL = "SENTINEL-journal-never-exported"
EXPORT = b"01/03/2026, 20:00 - Alex Morgan: Alex here. You will regret leaving me.\n"
MESSAGES: tuple[tuple[str, str, list[str]], ...] = (
    ("Alex Morgan", "Alex here. You will regret leaving me.", ["threat"]),
    ("Alex Morgan", "Where are you? I saw your car at Sam's.", ["monitoring"]),
    ("Alex Morgan", "good night", []),
    ("Me", "Please stop.", []),
)


@dataclass
class Seeded:
    kept: str  # entry id with two versions and a photo
    removed: str  # entry id that was redacted
    import_id: str
    photo: bytes


def _flags(categories: list[str]) -> list[dict[str, object]]:
    return [{"category": c, "reason": "r", "span": None} for c in categories]


def _key_fields(vault: Vault, import_id: str, key: SecretKey, how: str) -> dict[str, str]:
    """The batch key as services.imports keeps it (wrapped), as plain hex, or not at all."""
    if how == "wrapped":
        aad = record_aad(vault.vault_id, "imports", import_id, "key")
        return {"wrapped_key": base64.b64encode(wrap_key(vault.dek, key, aad)).decode()}
    return {"key": key.raw().hex()} if how == "hex" else {}


def _original(conn: Connection, vault: Vault, data: bytes) -> dict[str, str]:
    """The original export kept as an item, the way services.originals stores it."""
    item_id = new_id()
    body = vault.cipher.encrypt(data, record_aad(vault.vault_id, "items", item_id, "original"))
    repos.insert_item(conn, vault_id=vault.vault_id, item_id=item_id, kind="original", body=body)
    return {"item": item_id, "kind": "original"}


def add_import(
    vault: Vault, *, at: datetime = T0, key: str = "wrapped", export: bytes = EXPORT
) -> str:
    """An import as services.imports records it: provenance, key, original, chain link."""
    batch_key = SecretKey.generate()
    batch = BatchCipher(batch_key)
    import_id = new_id()
    doc: dict[str, object] = {
        "file_name": "WhatsApp Chat with Alex.txt",
        "sha256": hashlib.sha256(export).hexdigest(),
        "parser": "whatsapp.text_export",
        "parser_version": "1.2",
        "imported_at": at.isoformat(),
        "counts": {"messages": len(MESSAGES), "issues": 0},
        "participants": ["Alex Morgan", "Me"],
        **_key_fields(vault, import_id, batch_key, key),
    }
    keys = contacts.Keys(vault)
    rows = [
        contacts.make_row(
            vault,
            batch,
            import_id=import_id,
            conv_id="c" * 32,
            ts=at + timedelta(minutes=i),
            channel="whatsapp",
            kind="text",
            role=contacts.ROLE_ME if sender == "Me" else contacts.ROLE_PARTNER,
            sender_key=keys.sender("c" * 32, sender),
            flags=contacts.bits_for(cats),
            dedupe=keys.dedupe(import_id, i),
            body={"text": text, "sender": sender, "ref": i + 1, "flags": _flags(cats)},
        )
        for i, (sender, text, cats) in enumerate(MESSAGES)
    ]
    with vault.engine.begin() as conn:
        doc["original"] = _original(conn, vault, export)
        body = vault.cipher.encrypt(
            json.dumps(doc).encode(), record_aad(vault.vault_id, "imports", import_id, "body")
        )
        sha = str(doc["sha256"])
        row = {"id": import_id, "vault_id": vault.vault_id, "file_sha256": sha, "body": body}
        conn.execute(imports.insert().values(**row))
        contacts_repo.insert_many(conn, rows)
        event = {"type": "import", "file_name": doc["file_name"], "file_sha256": sha}
        chain_store.append(conn, vault, event, now=at + timedelta(minutes=10))
    return import_id


def seed(vault: Vault) -> Seeded:
    photo = hand_made_jpeg()
    assert GPS_MARK in photo
    kept = evidence_log.add_entry(
        vault,
        EntryInput(T0 - timedelta(hours=2), "in_person", "Alex Morgan at the door, shouting.",
                   where="my flat", witnesses="Sam Lee", harm="door frame cracked"),
        [NewFile("door.jpg", photo), NewFile("note.pdf", b"%PDF-1.4 fake")],
        now=T0 - timedelta(hours=1),
    )  # fmt: skip
    evidence_log.amend_entry(
        vault,
        entry_id=kept.entry_id,
        data=EntryInput(
            T0 - timedelta(hours=2), "in_person", "Alex Morgan at the door for 40 min."
        ),
        now=T0 - timedelta(minutes=50),
    )
    removed = evidence_log.add_entry(
        vault, EntryInput(T0, "phone", "SENTINEL-removed text"), now=T0 - timedelta(minutes=40)
    )
    evidence_log.redact_entry(
        vault, entry_id=removed.entry_id, reason="wrong person", now=T0 - timedelta(minutes=30)
    )
    journal.add_entry(vault, text=JOURNAL_SENTINEL)
    return Seeded(kept.entry_id, removed.entry_id, add_import(vault), photo)

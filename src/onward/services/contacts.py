"""The contact timeline: every message, call and logged visit on one list.

Rows come from two places: imports (``services.imports``, many at once, encrypted
with one key per import) and entries logged by hand (``services.evidence_log``,
one envelope key each). The plaintext index columns are listed in
``store.tables.contacts``; everything else is in the encrypted body:

    {"text", "sender", "conv", "ref", "attachments": [...], "call": {...} | null,
     "flags": [{"category", "reason", "span": [s, e] | null, "rule_id",
                "score"?, "model"?: <model version, second-check flags only>}],
                (``rule_id`` ``"person"``: a mark the person set themselves)
     "warnings": [...], "entry": <log entry id> | null}

An imported row leaves out the parts it does not have (attachments, call, flags,
warnings, entry); a missing part reads as empty, so rows written before and after that
rule read the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from onward.services.contact_codes import (
    CATEGORY_BITS,
    ROLE_ME,
    ROLE_OTHER,
    ROLE_PARTNER,
    ROLE_UNKNOWN,
)
from onward.services.vault import Vault
from onward.store import contacts_repo
from onward.store.contacts_repo import ContactFilter, ContactRow
from onward.store.crypto import BatchCipher, record_aad
from onward.store.ids import new_id

TABLE = "contacts"
PERSON_RULE = "person"  # the rule_id of a mark the person set on a message themselves
DEDUPE_PURPOSE = b"onward-dedupe"


def bits_for(categories: list[str] | tuple[str, ...] | set[str]) -> int:
    out = 0
    for name in categories:
        out |= CATEGORY_BITS.get(name, 0)
    return out


def categories_of(bits: int) -> list[str]:
    return [name for name, bit in CATEGORY_BITS.items() if bits & bit]


def is_model_flag(flag: dict[str, Any]) -> bool:
    """Whether a stored flag came from the second check (``services.second_check``)."""
    return bool(flag.get("model")) or str(flag.get("rule_id", "")).startswith("model.")


def is_person_mark(flag: dict[str, Any]) -> bool:
    """Whether a stored flag is a mark the person set themselves (``timeline.set_own_mark``)."""
    return flag.get("rule_id") == PERSON_RULE


def is_rule_flag(flag: dict[str, Any]) -> bool:
    return not is_model_flag(flag) and not is_person_mark(flag)


def model_only_categories(flags: list[dict[str, Any]]) -> set[str]:
    """Categories that only the second check found in one message (no rule flag)."""
    by_rule = {f["category"] for f in flags if is_rule_flag(f)}
    return {f["category"] for f in flags if is_model_flag(f)} - by_rule


def person_only_categories(flags: list[dict[str, Any]]) -> set[str]:
    """Categories that only the person marked in one message (no rule or model flag)."""
    by_onward = {f["category"] for f in flags if not is_person_mark(f)}
    return {f["category"] for f in flags if is_person_mark(f)} - by_onward


@dataclass(frozen=True, slots=True)
class Contact:
    """A decrypted contact for display or reports."""

    id: str
    seq: int
    ts: datetime
    channel: str
    kind: str
    role: int
    conv_id: str
    import_id: str | None
    flags: int
    dismissed: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return str(self.body.get("text", ""))

    @property
    def sender(self) -> str | None:
        value = self.body.get("sender")
        return str(value) if value is not None else None

    @property
    def live_flags(self) -> list[dict[str, Any]]:
        """Flags not dismissed by the person."""
        return [
            f
            for f in self.body.get("flags", [])
            if not (CATEGORY_BITS.get(f["category"], 0) & self.dismissed)
        ]


class Keys:
    """Per-vault keyed hashes, so equal values can be matched without revealing them."""

    def __init__(self, vault: Vault) -> None:
        key = vault.dek.derive(DEDUPE_PURPOSE)
        self._key = key.raw()
        key.wipe()

    def dedupe(self, *parts: str | int | None) -> str:
        data = json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode()
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()

    def sender(self, conv_id: str, name: str | None) -> str | None:
        if name is None:
            return None
        return hmac.new(self._key, f"sender|{conv_id}|{name}".encode(), hashlib.sha256).hexdigest()[
            :32
        ]


def contact_aad(vault_id: str, contact_id: str) -> bytes:
    return record_aad(vault_id, TABLE, contact_id, "body")


def encode_body(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def make_row(
    vault: Vault,
    cipher: BatchCipher | None,
    *,
    import_id: str | None,
    conv_id: str,
    ts: datetime,
    channel: str,
    kind: str,
    role: int,
    sender_key: str | None,
    flags: int,
    dedupe: str,
    body: dict[str, Any],
) -> dict[str, Any]:
    """A row ready for ``contacts_repo.insert_many`` (body encrypted, bound to its id)."""
    contact_id = new_id()
    aad = contact_aad(vault.vault_id, contact_id)
    raw = encode_body(body)
    blob = cipher.encrypt(raw, aad) if cipher is not None else vault.cipher.encrypt(raw, aad)
    return {
        "id": contact_id,
        "vault_id": vault.vault_id,
        "import_id": import_id,
        "conv_id": conv_id,
        "ts": int(ts.timestamp()),
        "channel": channel,
        "kind": kind,
        "role": role,
        "sender_key": sender_key,
        "flags": flags,
        "dismissed": 0,
        "dedupe": dedupe,
        "body": blob,
    }


def decrypt_row(vault: Vault, row: ContactRow, ciphers: dict[str, BatchCipher]) -> Contact:
    """Decrypt one row; ``ciphers`` maps import id to that import's key."""
    aad = contact_aad(vault.vault_id, row.id)
    if row.import_id is not None and row.import_id in ciphers:
        raw = ciphers[row.import_id].decrypt(row.body, aad)
    else:
        raw = vault.cipher.decrypt(row.body, aad)
    return Contact(
        id=row.id,
        seq=row.seq,
        ts=datetime.fromtimestamp(row.ts, UTC),
        channel=row.channel,
        kind=row.kind,
        role=row.role,
        conv_id=row.conv_id,
        import_id=row.import_id,
        flags=row.flags,
        dismissed=row.dismissed,
        body=json.loads(raw),
    )


__all__ = [
    "CATEGORY_BITS",
    "ROLE_ME",
    "ROLE_OTHER",
    "ROLE_PARTNER",
    "ROLE_UNKNOWN",
    "Contact",
    "ContactFilter",
    "Keys",
    "bits_for",
    "categories_of",
    "contacts_repo",
    "decrypt_row",
    "make_row",
]

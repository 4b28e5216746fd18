"""Rule flags for messages that were not checked at import because of who sent them.

An import looks for warning flags only in messages whose sender is the other person or
not yet known (flags are shown on the other person's messages only; the person's own
messages and other people's are skipped, which saves about a third of an import's work).
When who-is-who changes later and a sender becomes the other person, or unknown, their
text messages are checked here, in the same transaction as the change.

Idempotent: a row whose rule flags are already what the rules find is left alone; flags
from the model's second check (``rule_id`` ``model.…``) and the person's own marks are kept.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection

from onward.services.contacts import (
    ROLE_ME,
    ROLE_OTHER,
    bits_for,
    contact_aad,
    decrypt_row,
    encode_body,
    is_rule_flag,
)
from onward.services.import_flags import check_text
from onward.services.import_keys import ciphers_for
from onward.services.import_prep import flag_json
from onward.services.vault import Vault
from onward.store import contacts_repo

SKIPPED_ROLES: Final = (ROLE_ME, ROLE_OTHER)  # roles whose messages an import does not check


def recheck_sender(conn: Connection, vault: Vault, *, conv_id: str, sender_key: str) -> int:
    """Check one sender's imported text messages that were skipped (their rows still carry
    a skipped role); call before their role changes. Returns the rows whose flags changed."""
    rows = contacts_repo.imported_rows_of_sender(
        conn,
        vault_id=vault.vault_id,
        conv_id=conv_id,
        sender_key=sender_key,
        kind="text",
        roles=SKIPPED_ROLES,
    )
    if not rows:
        return 0
    ciphers = ciphers_for(conn, vault, {r.import_id for r in rows if r.import_id is not None})
    changed = 0
    for row in rows:
        if row.import_id not in ciphers:
            continue
        contact = decrypt_row(vault, row, ciphers)
        body = contact.body
        found = [flag_json(f) for f in check_text(contact.text)]
        old = list(body.get("flags") or [])
        if [f for f in old if is_rule_flag(f)] == found:
            continue
        body["flags"] = found + [f for f in old if not is_rule_flag(f)]
        bits = bits_for({str(f["category"]) for f in body["flags"]})
        sealed = ciphers[row.import_id].encrypt(
            encode_body(body), contact_aad(vault.vault_id, row.id)
        )
        contacts_repo.set_body(
            conn, vault_id=vault.vault_id, contact_id=row.id, body=sealed, flags=bits
        )
        changed += 1
    return changed

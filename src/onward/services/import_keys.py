"""An import's provenance record and its key: reading them back.

Each import's rows are sealed under one random key (``BatchCipher``), kept wrapped by the
vault key inside the import's encrypted provenance record (docs/imports.md, "One key per
import"). Everything that reads or rewrites imported rows gets its ciphers here.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import Connection

from onward.services.vault import Vault
from onward.store import crypto, imports_repo
from onward.store.crypto import BatchCipher, record_aad


def decode_import(vault: Vault, row: imports_repo.ImportRow) -> dict[str, Any]:
    """The decrypted provenance document of one import (with its wrapped key)."""
    raw = vault.cipher.decrypt(row.body, record_aad(vault.vault_id, "imports", row.id, "body"))
    doc: dict[str, Any] = json.loads(raw)
    return doc


def ciphers_for(conn: Connection, vault: Vault, import_ids: set[str]) -> dict[str, BatchCipher]:
    """The batch ciphers of the given imports (to decrypt their rows)."""
    out: dict[str, BatchCipher] = {}
    for row in imports_repo.get_many(conn, vault_id=vault.vault_id, import_ids=sorted(import_ids)):
        doc = decode_import(vault, row)
        wrapped = base64.b64decode(doc["wrapped_key"])
        key = crypto.unwrap_key(
            vault.dek, wrapped, record_aad(vault.vault_id, "imports", row.id, "key")
        )
        out[row.id] = BatchCipher(key)
        key.wipe()
    return out

"""Keep the original export file inside the vault, byte for byte, as an encrypted item.

The evidence export copies it out again (``report_export`` reads the item named in the
import's ``original``). The item body has the vault's envelope format (``RecordCipher``:
a random record key wrapped by the vault key, then the file sealed with that key), so any
reader of items can open it. It is built here without the copies the generic path makes:
the file is read straight into the output buffer and encrypted in place, so a 90 MB export
costs about 90 MB of memory, not four times that.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Final

from nacl._sodium import ffi, lib
from sqlalchemy import Connection

from onward.services.vault import Vault
from onward.store import crypto, imports_repo, repos
from onward.store.crypto import SecretKey, record_aad
from onward.store.ids import new_id

KIND_ORIGINAL: Final = "original"
# Bigger files are not kept (their SHA-256 still is): a copy that size belongs next to the
# vault, not inside it.
MAX_ORIGINAL_BYTES: Final = 200 * 1024 * 1024
_PREFIX: Final = bytes([crypto.FORMAT_V1, crypto.ALG_XCHACHA20POLY1305])


def _aad(vault: Vault, item_id: str) -> bytes:
    return record_aad(vault.vault_id, "items", item_id, KIND_ORIGINAL)


def sealed_file(vault: Vault, path: Path, size: int, aad: bytes) -> tuple[Any, memoryview]:
    """The file encrypted in the RecordCipher format: the C buffer that owns it (keep it
    alive while the view is used) and a view of it (not a copy)."""
    record_key = SecretKey.generate()
    try:
        wrapped = crypto.wrap_key(vault.dek, record_key, aad + b"#key")
        nonce = secrets.token_bytes(crypto.NONCE_BYTES)
        head = wrapped + _PREFIX + nonce
        out = ffi.new("unsigned char[]", len(head) + size + crypto.TAG_BYTES)
        view = memoryview(ffi.buffer(out))
        view[: len(head)] = head
        body = view[len(head) : len(head) + size]
        with path.open("rb") as f:
            got = f.readinto(body)
        if got != size:
            raise OSError("the file changed while it was being read")
        clen = ffi.new("unsigned long long *")
        start = ffi.cast("unsigned char *", out) + len(head)
        # libsodium allows the message and the ciphertext to be the same buffer.
        rc = lib.crypto_aead_xchacha20poly1305_ietf_encrypt(
            start, clen, start, size, aad, len(aad), ffi.NULL, nonce, record_key.raw()
        )
        if rc != 0:
            raise OSError("encryption failed")
        return out, view
    finally:
        record_key.wipe()


def store_original(conn: Connection, vault: Vault, path: Path, size: int) -> str | None:
    """Store the file as an ``original`` item inside the caller's transaction; its id, or
    None when it is too large to keep or is a folder."""
    if size > MAX_ORIGINAL_BYTES or not path.is_file():
        return None
    item_id = new_id()
    aad = _aad(vault, item_id)
    owner: Any = None
    if vault.plain_records:
        body = memoryview(vault.cipher.encrypt(path.read_bytes(), aad))
    else:
        owner, body = sealed_file(vault, path, size, aad)
    imports_repo.insert_large_item(
        conn, vault_id=vault.vault_id, item_id=item_id, kind=KIND_ORIGINAL, body=body
    )
    del owner, body
    return item_id


def read_original(conn: Connection, vault: Vault, item_id: str) -> bytes | None:
    """The original bytes of a kept export, or None if it is not there."""
    row = repos.get_item(conn, vault_id=vault.vault_id, kind=KIND_ORIGINAL, item_id=item_id)
    if row is None:
        return None
    return vault.cipher.decrypt(row.body, _aad(vault, item_id))

"""Per-row keys, ids and encryption for imports, without per-row overhead.

Produces exactly what ``contacts.Keys.dedupe`` and ``BatchCipher`` produce (the same keyed
hash, associated data and ciphertext layout; the tests check this), but with one HMAC key,
one read of random bytes per few thousand rows, JSON written by the C string encoder and
libsodium called directly (PyNaCl's wrapper checks its arguments on every call, which on a
million messages cost more than the encryption itself).

Row ids: an imported row's id is the first 20 hex digits of its import's id followed by its
ordinal in the import (12 hex digits). It has the format of every other id (32 hex digits),
is unique (import ids are random), and a million of them go into the unique id index in
order instead of at random places (docs/imports.md, "Speed").
"""

from __future__ import annotations

import hashlib
import os
from typing import Final

from nacl._sodium import ffi, lib

from onward.services.contacts import DEDUPE_PURPOSE, TABLE
from onward.services.vault import Vault
from onward.store import crypto
from onward.store.crypto import SecretKey

ID_HEAD: Final = 20  # hex digits of the import id at the start of each row id
RANDOM_ROWS: Final = 4096  # rows' worth of nonces read at once
MAX_ROWS: Final = 16**12  # ordinals fit in 12 hex digits
_PREFIX: Final = bytes([crypto.FORMAT_V1, crypto.ALG_XCHACHA20POLY1305])
_NONCE: Final = crypto.NONCE_BYTES
_TAG: Final = crypto.TAG_BYTES
_BLOCK: Final = 64  # SHA-256's block size


def row_id(import_id: str, ordinal: int) -> str:
    """The id of the ``ordinal``-th row (from 0) of an import."""
    return f"{import_id[:ID_HEAD]}{ordinal:012x}"


class _Hmac:
    """HMAC-SHA-256 (RFC 2104) under one key, with the padded key's two hash states made
    once: a message then costs two state copies instead of the key set-up that
    ``hmac.digest`` repeats on every call (0.75 µs against 2.4 µs). Same output."""

    def __init__(self, key: bytes) -> None:
        if len(key) > _BLOCK:
            raise ValueError("an HMAC key longer than a block is hashed first; not needed here")
        padded = key.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def hex(self, data: bytes, more: bytes = b"") -> str:
        """The HMAC of ``data`` followed by ``more``."""
        inner = self._inner.copy()
        inner.update(data)
        if more:
            inner.update(more)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


class RowSealer:
    """Ids, dedupe hashes and sealed bodies for the rows of one import."""

    def __init__(self, vault: Vault, batch_key: SecretKey, import_id: str) -> None:
        dedupe_key = vault.dek.derive(DEDUPE_PURPOSE)
        self._hmac = _Hmac(dedupe_key.raw())
        dedupe_key.wipe()
        self._key = batch_key.raw()
        self._import_id = import_id
        self._next = 0
        # record_aad(vault_id, TABLE, <id>, "body") is this prefix, the id and this suffix
        self._aad_head = f"onward/{crypto.FORMAT_V1}/{vault.vault_id}/{TABLE}/"
        self._random = b""
        self._at = 0
        self._clen = ffi.new("unsigned long long *")
        self._out = ffi.new("unsigned char[]", 64 * 1024)

    def _nonce(self) -> bytes:
        if self._at >= len(self._random):
            self._random, self._at = os.urandom(_NONCE * RANDOM_ROWS), 0
        at = self._at
        self._at += _NONCE
        return self._random[at : at + _NONCE]

    def dedupe_tail(self, conv_head: bytes, tail: bytes) -> str:
        """``Keys.dedupe`` of a row, from ``conv_head`` (``[`` and the chat's id as JSON,
        ASCII) followed by ``tail`` (``import_prep``: the other parts as JSON, and the
        closing bracket)."""
        return self._hmac.hex(conv_head, tail)

    def seal(self, raw: bytes) -> tuple[str, bytes]:
        """The next row id, and ``raw`` sealed to it as ``BatchCipher.encrypt`` would."""
        if self._next >= MAX_ROWS:
            raise ValueError("too many rows for one import")
        contact_id = row_id(self._import_id, self._next)
        self._next += 1
        aad = f"{self._aad_head}{contact_id}/body".encode()
        nonce = self._nonce()
        out = self._out
        if len(raw) + _TAG > len(out):
            out = ffi.new("unsigned char[]", len(raw) + _TAG)
        rc = lib.crypto_aead_xchacha20poly1305_ietf_encrypt(
            out, self._clen, raw, len(raw), aad, len(aad), ffi.NULL, nonce, self._key
        )
        if rc != 0:
            raise RuntimeError("encryption failed")
        return contact_id, _PREFIX + nonce + ffi.buffer(out, self._clen[0])[:]

    def wipe(self) -> None:
        self._key = b""
        self._hmac = _Hmac(bytes(32))
        ffi.memmove(self._out, bytes(len(self._out)), len(self._out))

"""Vault cryptography: key derivation, key wrapping and per-record AEAD.

Key hierarchy (security.md R17):

    passphrase --Argon2id(salt, params)--> KEK (never stored)
    KEK --XChaCha20-Poly1305--> wrapped vault key (DEK), kept in the vault header
    recovery key --BLAKE2b--> recovery KEK --> a second wrapping of the same DEK
    DEK --XChaCha20-Poly1305--> a random key per record --> the record's fields

Every ciphertext starts with a format version byte and an algorithm byte (R20),
and its associated data binds it to its place (vault, table, record, field), so
a ciphertext moved to another row or vault fails to open.

XChaCha20-Poly1305 (libsodium via PyNaCl) is used because its 192-bit random
nonce has no practical collision risk, so no nonce bookkeeping is needed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from nacl import bindings
from nacl.exceptions import CryptoError

from onward.errors import IntegrityError

FORMAT_V1 = 1
ALG_XCHACHA20POLY1305 = 1
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24
TAG_BYTES = bindings.crypto_aead_xchacha20poly1305_ietf_ABYTES  # 16
_PREFIX = bytes([FORMAT_V1, ALG_XCHACHA20POLY1305])
_WRAPPED_KEY_BYTES = len(_PREFIX) + NONCE_BYTES + KEY_BYTES + TAG_BYTES


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes, lanes."""

    memory_kib: int
    time_cost: int
    parallelism: int

    def at_least(self, other: KdfParams) -> bool:
        """True when this is no weaker than ``other`` in memory and passes."""
        return self.memory_kib >= other.memory_kib and self.time_cost >= other.time_cost


# libsodium's MODERATE profile: about 0.6-1 s on a 2-core machine (R18).
DEFAULT_KDF = KdfParams(memory_kib=256 * 1024, time_cost=3, parallelism=1)
# RFC 9106, second recommended option; headers below it are refused (R18).
FLOOR_KDF = KdfParams(memory_kib=64 * 1024, time_cost=3, parallelism=1)
# Only for tests and benchmarks of things other than the KDF.
TEST_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)


class SecretKey:
    """Key bytes in a bytearray that can be wiped; never printed."""

    __slots__ = ("_buf",)

    def __init__(self, material: bytes | bytearray) -> None:
        if len(material) != KEY_BYTES:
            raise ValueError("a key must be 32 bytes")
        self._buf = bytearray(material)

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    def raw(self) -> bytes:
        """The key bytes; raises once wiped."""
        if not any(self._buf):
            raise IntegrityError("This key was wiped.", hint="Unlock the vault again.")
        return bytes(self._buf)

    def wipe(self) -> None:
        """Overwrite the key in place (best effort: Python may hold copies)."""
        for i in range(len(self._buf)):
            self._buf[i] = 0

    @property
    def wiped(self) -> bool:
        return not any(self._buf)

    def derive(self, purpose: bytes) -> SecretKey:
        """A sub-key for one purpose (SQLCipher page key, backup key, …)."""
        digest = hashlib.blake2b(
            self.raw(), digest_size=KEY_BYTES, person=purpose[:16].ljust(16, b"\0")
        ).digest()
        return SecretKey(digest)

    def __repr__(self) -> str:
        return "SecretKey(<redacted>)"

    __str__ = __repr__


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> SecretKey:
    """Argon2id KEK from a passphrase (NFC is not applied: bytes are what was typed)."""
    raw = hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return SecretKey(raw)


def seal(key: SecretKey, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt with a fresh random nonce: version | alg | nonce | ciphertext+tag."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, nonce, key.raw())
    return _PREFIX + nonce + body


def open_sealed(key: SecretKey, blob: bytes, aad: bytes) -> bytes:
    """Decrypt what ``seal`` made; any change to blob or aad raises IntegrityError."""
    if len(blob) < len(_PREFIX) + NONCE_BYTES + TAG_BYTES or blob[:2] != _PREFIX:
        raise IntegrityError(
            "Stored data has an unknown format.", hint="It may come from a newer version."
        )
    nonce = blob[2 : 2 + NONCE_BYTES]
    try:
        return bytes(
            bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
                blob[2 + NONCE_BYTES :], aad, nonce, key.raw()
            )
        )
    except CryptoError:
        raise IntegrityError(
            "Stored data failed its integrity check.",
            hint="The data may be damaged, or the key is wrong.",
        ) from None


def wrap_key(kek: SecretKey, key: SecretKey, aad: bytes) -> bytes:
    return seal(kek, key.raw(), aad)


def unwrap_key(kek: SecretKey, wrapped: bytes, aad: bytes) -> SecretKey:
    return SecretKey(open_sealed(kek, wrapped, aad))


def record_aad(vault_id: str, table: str, record_id: str, field: str) -> bytes:
    """Associated data that binds a ciphertext to its place (R17)."""
    return f"onward/{FORMAT_V1}/{vault_id}/{table}/{record_id}/{field}".encode()


class RecordCipher:
    """Per-record envelope: a random record key wrapped by the DEK, then the data."""

    def __init__(self, dek: SecretKey) -> None:
        self._dek = dek

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        record_key = SecretKey.generate()
        try:
            wrapped = wrap_key(self._dek, record_key, aad + b"#key")
            return wrapped + seal(record_key, plaintext, aad)
        finally:
            record_key.wipe()

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:
        record_key = unwrap_key(self._dek, blob[:_WRAPPED_KEY_BYTES], aad + b"#key")
        try:
            return open_sealed(record_key, blob[_WRAPPED_KEY_BYTES:], aad)
        finally:
            record_key.wipe()


class PlainRecordCipher(RecordCipher):
    """No record encryption. Benchmarks only: measures what record AEAD costs."""

    def __init__(self) -> None:
        pass

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:  # noqa: ARG002
        return plaintext

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:  # noqa: ARG002
        return blob


# --- recovery key -----------------------------------------------------------------

_RECOVERY_GROUP = 4


def new_recovery_key() -> tuple[str, SecretKey]:
    """A random 256-bit recovery key, as text to show once, and its KEK."""
    raw = secrets.token_bytes(KEY_BYTES)
    text = base64.b32encode(raw).decode().rstrip("=")
    grouped = "-".join(text[i : i + _RECOVERY_GROUP] for i in range(0, len(text), _RECOVERY_GROUP))
    return grouped, recovery_kek(grouped)


def recovery_kek(recovery_text: str) -> SecretKey:
    """The KEK for a recovery key as typed (case, spaces and dashes ignored)."""
    cleaned = "".join(ch for ch in recovery_text.upper() if ch.isalnum())
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(padded)
    except ValueError:
        raise IntegrityError(
            "That recovery key is not valid.",
            hint="Check it letter by letter; it has 13 groups of 4 characters.",
        ) from None
    if len(raw) != KEY_BYTES:
        raise IntegrityError(
            "That recovery key is not valid.",
            hint="Check it letter by letter; it has 13 groups of 4 characters.",
        )
    digest = hashlib.blake2b(raw, digest_size=KEY_BYTES, person=b"onward-recovery\0").digest()
    return SecretKey(digest)


def constant_time_equal(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


class BatchCipher:
    """One random key for a batch of records (an import): one AEAD per record.

    Used for imported messages, where the import is the unit of provenance and of
    deletion: removing an import destroys its key. A single message that is
    redacted loses its row (and its ciphertext), but not the shared key.
    """

    def __init__(self, key: SecretKey) -> None:
        self._key = key.raw()

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        body = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, nonce, self._key)
        return _PREFIX + nonce + body

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:
        return open_sealed(SecretKey(self._key), blob, aad)

    def wipe(self) -> None:
        self._key = b""

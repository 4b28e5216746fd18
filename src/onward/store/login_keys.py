"""Hosted-mode key derivation: the login key split, keyed names and session keys.

    Argon2id(passphrase, salt) -> 64 bytes --HKDF-SHA256--> kek  (unwraps the DEK)
                                            \\-HKDF-SHA256--> auth (only SHA-256(auth) is stored)

The split means a database thief who has the verifier cannot unwrap the vault key
(security.md R40). HKDF is RFC 5869 over the standard library's HMAC; it is tested
against the RFC's vectors.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from argon2.low_level import Type, hash_secret_raw

from onward.store.crypto import KEY_BYTES, KdfParams, SecretKey

LOGIN_KEY_BYTES = 64
_KEK_INFO = b"onward/kek"
_AUTH_INFO = b"onward/auth"
_SESSION_PERSON = b"onward-session"


def hkdf_sha256(ikm: bytes, *, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF (RFC 5869) with SHA-256."""
    prk = hmac.new(salt or b"\0" * 32, ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def derive_login_keys(passphrase: str, salt: bytes, params: KdfParams) -> tuple[SecretKey, bytes]:
    """The KEK and the login ``auth`` value from one Argon2id run."""
    master = hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=LOGIN_KEY_BYTES,
        type=Type.ID,
    )
    kek = SecretKey(hkdf_sha256(master, salt=b"", info=_KEK_INFO, length=KEY_BYTES))
    auth = hkdf_sha256(master, salt=b"", info=_AUTH_INFO, length=KEY_BYTES)
    return kek, auth


def verifier_for(auth: bytes) -> str:
    """What the server stores: a hash of ``auth`` (already memory-hard, so SHA-256 suffices)."""
    return hashlib.sha256(b"onward/verifier/" + auth).hexdigest()


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip()).casefold()


def keyed_hash(secret: bytes, label: str, value: str) -> str:
    """HMAC-SHA256 of a label and a value under the server secret, as hex."""
    return hmac.new(secret, f"{label}\0{value}".encode(), hashlib.sha256).hexdigest()


def session_id(token: str) -> str:
    """The stored id of a session: a hash of its cookie token."""
    return hashlib.sha256(b"onward/session-id/" + token.encode()).hexdigest()


def session_key(token: str) -> SecretKey:
    """The key that wraps the DEK for one session; only the cookie can make it."""
    digest = hashlib.blake2b(
        token.encode(), digest_size=KEY_BYTES, person=_SESSION_PERSON.ljust(16, b"\0")
    ).digest()
    return SecretKey(digest)

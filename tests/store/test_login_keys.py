"""The hosted login key split (R40): HKDF vectors and independence of kek and auth."""

from __future__ import annotations

import pytest

from onward.errors import IntegrityError
from onward.store import crypto
from onward.store.crypto import FLOOR_KDF, SecretKey
from onward.store.login_keys import (
    derive_login_keys,
    hkdf_sha256,
    keyed_hash,
    normalise_name,
    session_id,
    session_key,
    verifier_for,
)


def test_hkdf_matches_rfc5869_case_1() -> None:
    okm = hkdf_sha256(
        bytes([0x0B] * 22), salt=bytes(range(13)), info=bytes(range(0xF0, 0xFA)), length=42
    )
    assert okm.hex() == (
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


def test_hkdf_matches_rfc5869_case_3_empty_salt_and_info() -> None:
    okm = hkdf_sha256(bytes([0x0B] * 22), salt=b"", info=b"", length=42)
    assert okm.hex() == (
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    )


def test_login_keys_kek_and_auth_differ_and_are_stable() -> None:
    salt = b"s" * 16
    kek1, auth1 = derive_login_keys("violet harbour lantern", salt, FLOOR_KDF)
    kek2, auth2 = derive_login_keys("violet harbour lantern", salt, FLOOR_KDF)
    assert kek1.raw() == kek2.raw() and auth1 == auth2
    assert kek1.raw() != auth1
    assert verifier_for(auth1) != auth1.hex()


def test_login_keys_verifier_cannot_unwrap_the_dek() -> None:
    kek, auth = derive_login_keys("violet harbour lantern", b"s" * 16, FLOOR_KDF)
    dek = SecretKey.generate()
    wrapped = crypto.wrap_key(kek, dek, b"aad")
    for candidate in (auth, bytes.fromhex(verifier_for(auth))):
        with pytest.raises(IntegrityError):
            crypto.unwrap_key(SecretKey(candidate), wrapped, b"aad")
    assert crypto.unwrap_key(kek, wrapped, b"aad").raw() == dek.raw()


def test_login_keys_names_are_normalised_and_keyed() -> None:
    assert normalise_name("  Robin ") == normalise_name("robin")
    a = keyed_hash(b"k" * 32, "name", "robin")
    assert a != keyed_hash(b"j" * 32, "name", "robin")
    assert a != keyed_hash(b"k" * 32, "salt", "robin")
    assert "robin" not in a


def test_login_keys_session_id_and_key_are_unrelated() -> None:
    token = "t" * 43
    assert session_id(token) != session_key(token).raw().hex()
    assert token not in session_id(token)

"""Record encryption, key wrapping and recovery keys (security.md R17, R20, R21)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl import bindings

from onward.errors import IntegrityError
from onward.store import crypto
from onward.store.crypto import RecordCipher, SecretKey

AAD = crypto.record_aad("v" * 32, "items", "r" * 32, "note")


def test_xchacha_known_answer_matches_draft_vector() -> None:
    # draft-irtf-cfrg-xchacha-03, appendix A.3.1: guards against a wrong binding or build.
    key = bytes(range(0x80, 0xA0))
    nonce = bytes(range(0x40, 0x58))
    aad = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
    plaintext = (
        b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip "
        b"for the future, sunscreen would be it."
    )
    out = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, nonce, key)
    assert out[:16].hex() == "bd6d179d3e83d43b9576579493c0e939"
    assert out[-16:].hex() == "c0875924c1c7987947deafd8780acf49"


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=4096))
def test_record_cipher_round_trips(plaintext: bytes) -> None:
    cipher = RecordCipher(SecretKey.generate())
    assert cipher.decrypt(cipher.encrypt(plaintext, AAD), AAD) == plaintext


def test_record_cipher_uses_fresh_keys_and_nonces() -> None:
    cipher = RecordCipher(SecretKey.generate())
    assert cipher.encrypt(b"same", AAD) != cipher.encrypt(b"same", AAD)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_record_cipher_rejects_any_flipped_byte(data: st.DataObject) -> None:
    cipher = RecordCipher(SecretKey.generate())
    blob = bytearray(cipher.encrypt(b"SENTINEL private words", AAD))
    index = data.draw(st.integers(min_value=0, max_value=len(blob) - 1))
    blob[index] ^= data.draw(st.integers(min_value=1, max_value=255))
    with pytest.raises(IntegrityError):
        cipher.decrypt(bytes(blob), AAD)


def test_record_cipher_rejects_a_ciphertext_moved_to_another_record() -> None:
    cipher = RecordCipher(SecretKey.generate())
    blob = cipher.encrypt(b"text", AAD)
    other = crypto.record_aad("v" * 32, "items", "s" * 32, "note")
    with pytest.raises(IntegrityError):
        cipher.decrypt(blob, other)


def test_record_cipher_rejects_a_ciphertext_from_another_vault() -> None:
    blob = RecordCipher(SecretKey.generate()).encrypt(b"text", AAD)
    with pytest.raises(IntegrityError):
        RecordCipher(SecretKey.generate()).decrypt(blob, AAD)


def test_ciphertext_starts_with_version_and_algorithm() -> None:
    blob = crypto.seal(SecretKey.generate(), b"x", b"")
    assert blob[0] == crypto.FORMAT_V1
    assert blob[1] == crypto.ALG_XCHACHA20POLY1305


def test_unknown_format_version_is_refused() -> None:
    key = SecretKey.generate()
    blob = bytearray(crypto.seal(key, b"x", b""))
    blob[0] = 99
    with pytest.raises(IntegrityError, match="unknown format"):
        crypto.open_sealed(key, bytes(blob), b"")


def test_secret_key_repr_is_redacted_and_wipe_zeroes() -> None:
    key = SecretKey(b"\x01" * 32)
    assert "01" not in repr(key) and "redacted" in repr(key)
    assert str(key) == repr(key)
    key.wipe()
    assert key.wiped
    with pytest.raises(IntegrityError):
        key.raw()


def test_kek_depends_on_passphrase_and_salt() -> None:
    params = crypto.FLOOR_KDF
    a = crypto.derive_kek("one two three", b"s" * 16, params).raw()
    assert a == crypto.derive_kek("one two three", b"s" * 16, params).raw()
    assert a != crypto.derive_kek("one two three", b"t" * 16, params).raw()
    assert a != crypto.derive_kek("one two thre3", b"s" * 16, params).raw()


def test_recovery_key_is_tolerant_of_case_spaces_and_dashes() -> None:
    text, kek = crypto.new_recovery_key()
    assert len(text.split("-")) == 13
    messy = text.lower().replace("-", " ")
    assert crypto.recovery_kek(messy).raw() == kek.raw()


@pytest.mark.parametrize("bad", ["", "AAAA", "!!!!-????", "A" * 60])
def test_recovery_key_rejects_malformed_text(bad: str) -> None:
    with pytest.raises(IntegrityError, match="recovery key"):
        crypto.recovery_kek(bad)


def test_default_kdf_is_at_least_the_floor() -> None:
    assert crypto.DEFAULT_KDF.at_least(crypto.FLOOR_KDF)
    assert not crypto.TEST_KDF.at_least(crypto.FLOOR_KDF)

"""X25519 sealed boxes for sharing with an advocate (security.md R44, libsodium via PyNaCl).

A sealed box is anonymous public-key encryption: the client's session encrypts to
the advocate's public key, and only the advocate's private key (kept wrapped under
her own DEK) opens it.
"""

from __future__ import annotations

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from onward.errors import IntegrityError
from onward.store.crypto import SecretKey


def new_keypair() -> tuple[bytes, SecretKey]:
    """A fresh X25519 key pair: the public key and the private key as a wipeable key."""
    private = PrivateKey.generate()
    return bytes(private.public_key), SecretKey(bytes(private))


def seal_to(public_key: bytes, plaintext: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(public_key)).encrypt(plaintext))


def open_box(private_key: SecretKey, blob: bytes) -> bytes:
    try:
        return bytes(SealedBox(PrivateKey(private_key.raw())).decrypt(blob))
    except CryptoError:
        raise IntegrityError(
            "A shared item could not be opened.", hint="It may have been revoked or damaged."
        ) from None

"""Values kept encrypted at rest (AES-256-GCM from `cryptography`), with keys derived from one
master secret by HKDF, a separate key per purpose.

A sealed value reads `enc1:<base64url(nonce | ciphertext | tag)>`; the context (which column
it belongs to) is authenticated too, so a value copied into another column does not open.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED_PREFIX = "enc1:"
KEY_BYTES = 32
NONCE_BYTES = 12


class UnreadableSealedValueError(ValueError):
    """Sealed with another key (the master secret changed) or altered."""


def derive_key(master_secret: str, purpose: str) -> bytes:
    """A 32-byte key for one purpose; the same master secret and purpose give the same key."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=None,
        info=f"fairmarket/{purpose}".encode(),
    ).derive(master_secret.encode())


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED_PREFIX)


def seal(key: bytes, plaintext: bytes, *, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, context.encode())
    return SEALED_PREFIX + base64.urlsafe_b64encode(nonce + ciphertext).decode()


def unseal(key: bytes, sealed: str, *, context: str) -> bytes:
    if not is_sealed(sealed):
        raise UnreadableSealedValueError("not a sealed value")
    raw = base64.urlsafe_b64decode(sealed.removeprefix(SEALED_PREFIX))
    try:
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except InvalidTag as error:
        raise UnreadableSealedValueError(
            "sealed with another key (did FAIRMARKET_SECRET_KEY change?) or altered"
        ) from error
    return plaintext

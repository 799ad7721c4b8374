"""Client secrets, authorization codes and tokens: random, shown once, stored as sha256 hashes
(they carry 256 bits of randomness, so a fast hash is right), and the PKCE S256 check (Authlib)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from authlib.oauth2.rfc7636.challenge import (
    CODE_CHALLENGE_PATTERN,
    CODE_VERIFIER_PATTERN,
    create_s256_code_challenge,
)

# Prefixes tell credentials apart at a glance (and in secret scanners); they are not secrets.
ACCESS_TOKEN_PREFIX = "fm_at_"  # noqa: S105
REFRESH_TOKEN_PREFIX = "fm_rt_"  # noqa: S105
CLIENT_SECRET_PREFIX = "fm_cs_"  # noqa: S105


def new_client_id() -> str:
    return f"fm_app_{secrets.token_hex(8)}"


def new_secret(prefix: str = "") -> tuple[str, str]:
    """(the secret, shown once; its sha256 hash, stored)."""
    secret = f"{prefix}{secrets.token_urlsafe(32)}"
    return secret, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def is_app_token(token: str) -> bool:
    return token.startswith((ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX))


def well_formed_challenge(code_challenge: str) -> bool:
    return CODE_CHALLENGE_PATTERN.match(code_challenge) is not None


def verifier_matches(code_verifier: str, code_challenge: str) -> bool:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) == challenge (plain is never accepted)."""
    if CODE_VERIFIER_PATTERN.match(code_verifier) is None:
        return False
    return hmac.compare_digest(create_s256_code_challenge(code_verifier), code_challenge)

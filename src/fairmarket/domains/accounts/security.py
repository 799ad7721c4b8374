"""Password hashing (Argon2id via argon2-cffi) and API key generation and hashing."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fairmarket.kernel.errors import DomainError, ErrorKind

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A real hash to verify against when the e-mail is unknown, so both paths cost the same.
    Made on first use, not at import: one Argon2 hash (64 MiB, 0.1 s idle, 0.6 s on a busy
    machine) on every server worker's cold start delayed its first health check answer."""
    return _hasher.hash("fairmarket-timing-equaliser")


def password_checks_busy() -> DomainError:
    return DomainError(
        code="password_checks_busy",
        message="Too many sign-ins are being checked at this moment. Try again in a few seconds.",
        kind=ErrorKind.RATE_LIMITED,
    )


class PasswordCheckGate:
    """At most `concurrency` Argon2 computations at once in this process: each takes 64 MiB and
    a core, so a flood of sign-ins would otherwise pile up memory and latency. An attempt that
    cannot start within `wait_seconds` is refused (`password_checks_busy`)."""

    def __init__(self, concurrency: int, wait_seconds: float) -> None:
        self._slots = threading.BoundedSemaphore(concurrency)
        self._wait_seconds = wait_seconds

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self._wait_seconds):
            raise password_checks_busy()
        try:
            yield
        finally:
            self._slots.release()


_gate = PasswordCheckGate(concurrency=2, wait_seconds=2.0)


def limit_password_checks(concurrency: int, wait_seconds: float) -> None:
    """Set this process's bound (bootstrap passes the settings' values)."""
    global _gate  # noqa: PLW0603 - one bound per process, like the hasher itself
    _gate = PasswordCheckGate(concurrency, wait_seconds)


def hash_password(password: str) -> str:
    with _gate.slot():
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    with _gate.slot():
        try:
            verified = _hasher.verify(password_hash or _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return False
    return verified and password_hash is not None


def new_api_key(kind: str) -> tuple[str, str, str]:
    """Return (full key shown once, lookup prefix, sha256 hash of the key).

    API keys carry 256 bits of randomness, so a fast hash is the right tool (unlike passwords).
    """
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = f"fm_{kind}_{prefix}_{secret}"
    return key, prefix, hash_api_key(key)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def split_api_key(key: str, kinds: tuple[str, ...] = ("sk", "bk")) -> str | None:
    """The lookup prefix of a well-formed key of one of `kinds`, else None."""
    parts = key.split("_", 3)
    if len(parts) != 4 or parts[0] != "fm" or parts[1] not in kinds:
        return None
    return parts[2]


def same_hash(left: str, right: str) -> bool:
    return hmac.compare_digest(left, right)

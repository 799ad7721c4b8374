"""At most K Argon2 computations at once per process; past a short wait an attempt is refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from fairmarket.domains.accounts import security
from fairmarket.domains.accounts.security import limit_password_checks, verify_password
from fairmarket.kernel.errors import DomainError, ErrorKind
from fairmarket.settings import Settings


class CrowdCountingHasher:
    """Takes `seconds` per check (or until released) and notes the most checks at once."""

    def __init__(self, seconds: float = 0.05) -> None:
        self.seconds, self.running, self.most = seconds, 0, 0
        self.lock = threading.Lock()
        self.release = threading.Event()

    def verify(self, password_hash: str, password: str) -> bool:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.release.wait(self.seconds)
        with self.lock:
            self.running -= 1
        return True


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> Iterator[CrowdCountingHasher]:
    counting = CrowdCountingHasher()
    monkeypatch.setattr(security, "_hasher", counting)
    yield counting
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    limit_password_checks(defaults.password_check_concurrency, defaults.password_check_wait_seconds)


def test_forty_simultaneous_checks_run_at_most_two_at_once(hasher: CrowdCountingHasher) -> None:
    limit_password_checks(concurrency=2, wait_seconds=10.0)

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(lambda n: verify_password("hash", f"guess {n}"), range(40)))

    assert results == [True] * 40
    assert hasher.most == 2


def test_a_check_that_cannot_start_within_the_wait_is_refused_at_once(
    hasher: CrowdCountingHasher,
) -> None:
    # Given both slots held by slow checks
    hasher.seconds = 10.0
    limit_password_checks(concurrency=2, wait_seconds=0.2)
    with ThreadPoolExecutor(max_workers=2) as pool:
        holding = [pool.submit(verify_password, "hash", "slow") for _ in range(2)]
        while hasher.running < 2:
            time.sleep(0.01)

        # When a third check comes
        started = time.monotonic()
        with pytest.raises(DomainError) as refused:
            verify_password("hash", "third")
        waited = time.monotonic() - started
        hasher.release.set()

    # Then it is refused after the wait, saying to try again shortly, and computed nothing
    assert 0.2 <= waited < 2.0
    assert refused.value.code == "password_checks_busy"
    assert refused.value.kind is ErrorKind.RATE_LIMITED
    assert refused.value.message == (
        "Too many sign-ins are being checked at this moment. Try again in a few seconds."
    )
    assert [future.result() for future in holding] == [True, True]
    assert hasher.most == 2

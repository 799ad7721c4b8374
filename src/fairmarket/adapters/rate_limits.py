"""Rate limits over the `limits` library: counters in this process (memory) or in Redis.

A `Throttle` is one named limit, or tiers of them ("5/minute;10/15 minutes;20/hour"), over
one strategy. Callers name who is counted (an API key's digest, an IP, an account); a
`Verdict` says whether this attempt may go ahead, how much is left and when to retry.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter, RateLimiter

KEY_PREFIX = "fairmarket_limits"


@dataclass(frozen=True)
class Quota:
    """What a limit publishes: `name` allows `amount` in `window_seconds`."""

    name: str
    amount: int
    window_seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    quota: Quota
    remaining: int
    reset_seconds: int  # until the quota has room again (the whole wait when refused)


class Throttle:
    """Counts attempts by identity against one limit or tiers of limits; all tiers must allow."""

    def __init__(self, name: str, limits: str, limiter: RateLimiter) -> None:
        self._name = name
        self._items: list[RateLimitItem] = sorted(parse_many(limits), key=lambda i: i.get_expiry())
        self._limiter = limiter
        first = self._items[0]
        self.quota = Quota(name, first.amount, first.get_expiry())

    def hit(self, *identity: str) -> Verdict:
        """Count one attempt, unless a tier is already full (a refused attempt is not counted)."""
        if len(self._items) == 1:  # the API's path: one atomic hit, no separate test
            return self._verdict(
                identity, allowed=self._limiter.hit(self._items[0], self._name, *identity)
            )
        allowed = False
        if all(self._limiter.test(item, self._name, *identity) for item in self._items):
            # Every tier is hit (no short circuit); a hit lost to a concurrent one refuses.
            hits = [self._limiter.hit(item, self._name, *identity) for item in self._items]
            allowed = all(hits)
        return self._verdict(identity, allowed=allowed)

    def peek(self, *identity: str) -> Verdict:
        """The verdict an attempt would get now, counting nothing."""
        allowed = all(self._limiter.test(item, self._name, *identity) for item in self._items)
        return self._verdict(identity, allowed=allowed)

    def clear(self, *identity: str) -> None:
        for item in self._items:
            self._limiter.clear(item, self._name, *identity)

    def _verdict(self, identity: tuple[str, ...], *, allowed: bool) -> Verdict:
        now = time.time()
        remaining, reset_seconds = self._items[0].amount, 0
        for item in self._items:
            stats = self._limiter.get_window_stats(item, self._name, *identity)
            wait = max(0, math.ceil(stats.reset_time - now))
            if item is self._items[0]:
                remaining, reset_seconds = stats.remaining, wait
            if not allowed and stats.remaining == 0:
                reset_seconds = max(reset_seconds, wait, 1)
        return Verdict(allowed, self.quota, remaining, reset_seconds)


@dataclass(frozen=True)
class RateLimitSettings:
    """Plain values from Settings, in the `limits` notation."""

    api_key: str
    failed_authentication: str
    login_account: str
    login_ip: str


class RateLimits:
    """Every throttle of the platform over one storage."""

    def __init__(self, storage: Storage, limits: RateLimitSettings) -> None:
        self._storage = storage
        # A moving window is exact (no burst at a window's edge, and `remaining` falls by one
        # per request); it keeps one timestamp per counted request, at most the quota.
        limiter = MovingWindowRateLimiter(storage)
        self.api_keys = Throttle("default", limits.api_key, limiter)
        self.failed_authentications = Throttle(
            "unauthenticated", limits.failed_authentication, limiter
        )
        self.login_accounts = Throttle("login_account", limits.login_account, limiter)
        self.login_ips = Throttle("login_ip", limits.login_ip, limiter)

    def reset(self) -> None:
        """Forget every counter (tests; an operator after a false alarm)."""
        self._storage.reset()


def memory_rate_limits(limits: RateLimitSettings) -> RateLimits:
    return RateLimits(MemoryStorage(), limits)


def redis_rate_limits(
    redis_url: str, limits: RateLimitSettings, key_prefix: str = KEY_PREFIX
) -> RateLimits:
    return RateLimits(RedisStorage(redis_url, key_prefix=key_prefix), limits)

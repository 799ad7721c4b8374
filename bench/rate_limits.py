"""`python -m bench.rate_limits`: what one API request pays the rate limiter, in microseconds.

Times `RateLimits.api_keys.hit(key)` (the middleware's whole cost for a valid key: the moving
window's atomic hit plus the window statistics for the RateLimit header) on memory storage,
and on Redis when one answers at FAIRMARKET_BENCH_REDIS_URL (default 127.0.0.1:6379 db 15).
Two quotas: the default (100/10 s: most hits refused once spent, as for an abusive client)
and the API benchmark's (1,000,000/10 s: every hit counted, the window growing).
"""

from __future__ import annotations

import os
import statistics
import time
import uuid

import redis

from fairmarket.adapters.rate_limits import (
    RateLimits,
    RateLimitSettings,
    memory_rate_limits,
    redis_rate_limits,
)

REDIS_URL = os.environ.get("FAIRMARKET_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
HITS = 20_000
ROUNDS = 5


def settings(api_key: str) -> RateLimitSettings:
    return RateLimitSettings(api_key, "30/minute", "5/minute", "30/minute")


def microseconds_per_hit(limits: RateLimits, hits: int) -> float:
    """Median over rounds of the mean time of `hits` hits by one key."""
    rounds = []
    for _ in range(ROUNDS):
        key = uuid.uuid4().hex
        started = time.perf_counter()
        for _ in range(hits):
            limits.api_keys.hit(key)
        rounds.append((time.perf_counter() - started) / hits * 1e6)
    return round(statistics.median(rounds), 1)


def redis_reachable() -> bool:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def main() -> None:
    for quota in ("100/10 seconds", "1000000/10 seconds"):
        memory = memory_rate_limits(settings(quota))
        print(f"memory  {quota:>20}: {microseconds_per_hit(memory, HITS):7.1f} us per request")
        if redis_reachable():
            shared = redis_rate_limits(REDIS_URL, settings(quota), f"bench-{uuid.uuid4().hex}")
            try:
                spent = microseconds_per_hit(shared, HITS // 10)
            finally:
                shared.reset()
            print(f"redis   {quota:>20}: {spent:7.1f} us per request")


if __name__ == "__main__":
    main()

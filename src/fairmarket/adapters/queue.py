"""The job queue we drive: huey on Redis in production, in memory for tests.

The database stays the source of truth for what is due; the queue only carries chunks of ids to
worker processes, so a message lost with a crashed worker or a flushed Redis loses nothing.
"""

from __future__ import annotations

from huey import MemoryHuey, RedisHuey
from huey.api import Huey


def open_redis_queue(name: str, url: str) -> Huey:
    """Tasks are fire-and-forget: results are not stored, a worker reports through the log."""
    return RedisHuey(name, url=url, results=False, utc=True)


def open_memory_queue(name: str) -> Huey:
    """A queue held in this process (tests, one-process tools): nothing runs until drained."""
    return MemoryHuey(name, results=False, utc=True)

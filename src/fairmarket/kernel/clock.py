"""Time as a dependency: production reads the system clock; tests and the sandbox move it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class MovableClock:
    """A clock that follows real time from an offset that tests and the sandbox can advance."""

    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0) if start is None else start - datetime.now(UTC)
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            if self._frozen is not None:
                self._frozen += delta
                return self._frozen
            self._offset += delta
            return datetime.now(UTC) + self._offset

    def freeze(self, at: datetime) -> None:
        with self._lock:
            self._frozen = at


class SharedOffsetClock:
    """The sandbox clock: real time plus an offset kept outside the process (in the database),
    so that API workers, queue workers and the CLI all agree on the sandbox time.

    Reading the offset is cheap: it is loaded at most every `refresh_seconds` (one thread loads
    while the others keep the value they have), and the process that moves the clock adopts the
    new offset at once. Another process sees a move within `refresh_seconds`.
    """

    def __init__(
        self,
        load_offset: Callable[[], timedelta],
        *,
        refresh_seconds: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load_offset = load_offset
        self._refresh_seconds = refresh_seconds
        self._monotonic = monotonic
        self._state_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._offset = timedelta(0)
        self._loaded_at: float | None = None
        self._generation = 0  # bumped by adopt(), so an older load never overwrites it

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset()

    def offset(self) -> timedelta:
        with self._state_lock:
            loaded_at, offset, generation = self._loaded_at, self._offset, self._generation
        if loaded_at is not None and self._monotonic() - loaded_at < self._refresh_seconds:
            return offset
        # Someone else is loading and we have a value: use it rather than queue on the database.
        if not self._load_lock.acquire(blocking=loaded_at is None):
            return offset
        try:
            fresh = self._load_offset()
        finally:
            self._load_lock.release()
        with self._state_lock:
            if self._generation == generation:
                self._offset, self._loaded_at = fresh, self._monotonic()
            return self._offset

    def adopt(self, offset: timedelta) -> None:
        """Take an offset this process has just committed, without waiting for a refresh."""
        with self._state_lock:
            self._offset, self._loaded_at = offset, self._monotonic()
            self._generation += 1

    def expire(self) -> None:
        """Read the offset again on the next `now()`."""
        with self._state_lock:
            self._loaded_at = None


def ensure_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

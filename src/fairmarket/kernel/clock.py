"""Time as a dependency: production reads the system clock; tests and the sandbox move it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
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


class OffsetClock:
    """Real time plus a fixed offset: one seller's sandbox time for one unit of work."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class SandboxClocks:
    """The sandbox's clocks, one per seller: a seller's time is real time plus that seller's
    offset (0 until they move it), kept in the database so that API workers, queue workers
    and the CLI agree. `now()` itself is real time: the deployment's own clock, for what
    belongs to no seller.

    Reading an offset is cheap: every offset is loaded at once, at most every
    `refresh_seconds` (one thread loads while the others keep the values they have), and the
    process that moves a clock adopts the new offset at once. Another process sees a move
    within `refresh_seconds`.
    """

    def __init__(
        self,
        load_offsets: Callable[[], Mapping[int, timedelta]],
        *,
        refresh_seconds: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load_offsets = load_offsets
        self._refresh_seconds = refresh_seconds
        self._monotonic = monotonic
        self._state_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._offsets: Mapping[int, timedelta] = {}
        self._loaded_at: float | None = None
        self._generation = 0  # bumped by adopt(), so an older load never overwrites it

    def now(self) -> datetime:
        return datetime.now(UTC)

    def now_for(self, seller_id: int) -> datetime:
        return datetime.now(UTC) + self.offset_for(seller_id)

    def for_seller(self, seller_id: int) -> OffsetClock:
        """The seller's time from their offset as it is now."""
        return OffsetClock(self.offset_for(seller_id))

    def offset_for(self, seller_id: int) -> timedelta:
        return self._current().get(seller_id, _ZERO)

    def largest_offset(self) -> timedelta:
        """How far ahead the furthest seller is: bounds due queries to an index range."""
        return max(self._current().values(), default=_ZERO)

    def _current(self) -> Mapping[int, timedelta]:
        with self._state_lock:
            loaded_at, offsets, generation = self._loaded_at, self._offsets, self._generation
        if loaded_at is not None and self._monotonic() - loaded_at < self._refresh_seconds:
            return offsets
        # Someone else is loading and we have values: use them rather than queue on the database.
        if not self._load_lock.acquire(blocking=loaded_at is None):
            return offsets
        try:
            fresh = dict(self._load_offsets())
        finally:
            self._load_lock.release()
        with self._state_lock:
            if self._generation == generation:
                self._offsets, self._loaded_at = fresh, self._monotonic()
            return self._offsets

    def adopt(self, seller_id: int, offset: timedelta) -> None:
        """Take an offset this process has just committed, without waiting for a refresh."""
        with self._state_lock:
            self._offsets = {**self._offsets, seller_id: offset}
            self._generation += 1

    def expire(self) -> None:
        """Read the offsets again on the next call."""
        with self._state_lock:
            self._loaded_at = None


_ZERO = timedelta(0)


def ensure_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

"""The sandbox clock: real time plus a shared offset, read cheaply and adopted at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fairmarket.kernel.clock import SharedOffsetClock


class Store:
    """The offset as another process left it in the database, counting the reads."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.reads = 0

    def load(self) -> timedelta:
        self.reads += 1
        return self.offset


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def ahead(clock: SharedOffsetClock) -> timedelta:
    return clock.now() - datetime.now(UTC)


def test_the_offset_is_read_once_per_refresh_period() -> None:
    store, ticks = Store(), Ticks()
    clock = SharedOffsetClock(store.load, refresh_seconds=0.5, monotonic=ticks)

    for _ in range(50):
        clock.now()

    assert store.reads == 1


def test_another_process_advance_is_seen_after_the_refresh_period() -> None:
    store, ticks = Store(), Ticks()
    clock = SharedOffsetClock(store.load, refresh_seconds=0.5, monotonic=ticks)
    clock.now()

    store.offset = timedelta(hours=49)
    still_cached = ahead(clock)
    ticks.now += 0.5
    refreshed = ahead(clock)

    assert still_cached < timedelta(seconds=5)
    assert timedelta(hours=48, minutes=59) < refreshed <= timedelta(hours=49)
    assert store.reads == 2


def test_the_process_that_advanced_adopts_the_offset_at_once() -> None:
    store, ticks = Store(), Ticks()
    clock = SharedOffsetClock(store.load, refresh_seconds=0.5, monotonic=ticks)
    clock.now()

    clock.adopt(timedelta(days=2))

    assert timedelta(days=2) - timedelta(seconds=5) < ahead(clock) <= timedelta(days=2)
    assert store.reads == 1


def test_a_load_that_started_before_an_adopt_does_not_overwrite_it() -> None:
    ticks = Ticks()
    clock: SharedOffsetClock

    def slow_load() -> timedelta:
        clock.adopt(timedelta(days=3))  # the advance commits while this read is in flight
        return timedelta(0)

    clock = SharedOffsetClock(slow_load, refresh_seconds=0.5, monotonic=ticks)

    assert clock.offset() == timedelta(days=3)


def test_expire_reads_again_on_the_next_call() -> None:
    store, ticks = Store(), Ticks()
    clock = SharedOffsetClock(store.load, refresh_seconds=60, monotonic=ticks)
    clock.now()
    store.offset = timedelta(hours=1)

    clock.expire()

    assert clock.offset() == timedelta(hours=1)
    assert store.reads == 2

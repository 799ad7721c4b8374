"""The sandbox clocks: each seller's time is real time plus their own offset, shared through
the database, read cheaply and adopted at once by the process that moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fairmarket.kernel.clock import SandboxClocks

A_SELLER = 7
ANOTHER_SELLER = 8


class Store:
    """The offsets as other processes left them in the database, counting the reads."""

    def __init__(self) -> None:
        self.offsets: dict[int, timedelta] = {}
        self.reads = 0

    def load(self) -> dict[int, timedelta]:
        self.reads += 1
        return dict(self.offsets)


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def ahead(clocks: SandboxClocks, seller_id: int) -> timedelta:
    return clocks.now_for(seller_id) - datetime.now(UTC)


def test_the_offsets_are_read_once_per_refresh_period() -> None:
    store, ticks = Store(), Ticks()
    clocks = SandboxClocks(store.load, refresh_seconds=0.5, monotonic=ticks)

    for _ in range(50):
        clocks.now_for(A_SELLER)
        clocks.now_for(ANOTHER_SELLER)

    assert store.reads == 1


def test_each_seller_has_their_own_time_and_the_deployment_keeps_real_time() -> None:
    store = Store()
    store.offsets[A_SELLER] = timedelta(hours=49)
    clocks = SandboxClocks(store.load)

    assert timedelta(hours=48, minutes=59) < ahead(clocks, A_SELLER) <= timedelta(hours=49)
    assert abs(ahead(clocks, ANOTHER_SELLER)) < timedelta(seconds=5)
    assert abs(clocks.now() - datetime.now(UTC)) < timedelta(seconds=5)
    assert clocks.largest_offset() == timedelta(hours=49)
    assert clocks.for_seller(A_SELLER).offset == timedelta(hours=49)


def test_another_process_advance_is_seen_after_the_refresh_period() -> None:
    store, ticks = Store(), Ticks()
    clocks = SandboxClocks(store.load, refresh_seconds=0.5, monotonic=ticks)
    clocks.now_for(A_SELLER)

    store.offsets[A_SELLER] = timedelta(hours=49)
    still_cached = ahead(clocks, A_SELLER)
    ticks.now += 0.5
    refreshed = ahead(clocks, A_SELLER)

    assert still_cached < timedelta(seconds=5)
    assert timedelta(hours=48, minutes=59) < refreshed <= timedelta(hours=49)
    assert store.reads == 2


def test_the_process_that_advanced_adopts_the_offset_at_once_for_that_seller_only() -> None:
    store, ticks = Store(), Ticks()
    clocks = SandboxClocks(store.load, refresh_seconds=0.5, monotonic=ticks)
    clocks.now_for(A_SELLER)

    clocks.adopt(A_SELLER, timedelta(days=2))

    assert timedelta(days=2) - timedelta(seconds=5) < ahead(clocks, A_SELLER) <= timedelta(days=2)
    assert abs(ahead(clocks, ANOTHER_SELLER)) < timedelta(seconds=5)
    assert store.reads == 1


def test_a_load_that_started_before_an_adopt_does_not_overwrite_it() -> None:
    ticks = Ticks()
    clocks: SandboxClocks

    def slow_load() -> dict[int, timedelta]:
        clocks.adopt(A_SELLER, timedelta(days=3))  # the advance commits while this is in flight
        return {}

    clocks = SandboxClocks(slow_load, refresh_seconds=0.5, monotonic=ticks)

    assert clocks.offset_for(A_SELLER) == timedelta(days=3)


def test_an_adopt_before_the_first_load_still_loads_the_other_sellers() -> None:
    store, ticks = Store(), Ticks()
    store.offsets[ANOTHER_SELLER] = timedelta(hours=1)
    clocks = SandboxClocks(store.load, refresh_seconds=60, monotonic=ticks)

    clocks.adopt(A_SELLER, timedelta(days=1))
    store.offsets[A_SELLER] = timedelta(days=1)  # committed

    assert clocks.offset_for(ANOTHER_SELLER) == timedelta(hours=1)
    assert clocks.offset_for(A_SELLER) == timedelta(days=1)
    assert store.reads == 1


def test_expire_reads_again_on_the_next_call() -> None:
    store, ticks = Store(), Ticks()
    clocks = SandboxClocks(store.load, refresh_seconds=60, monotonic=ticks)
    clocks.now_for(A_SELLER)
    store.offsets[A_SELLER] = timedelta(hours=1)

    clocks.expire()

    assert clocks.offset_for(A_SELLER) == timedelta(hours=1)
    assert store.reads == 2

"""The queue path in one process, on the test database (SQLite, or PostgreSQL in that run):
the dispatcher enqueues chunks of due ids on an in-memory huey queue and the test drains it
the way a worker process would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from fairmarket.adapters.queue import open_memory_queue
from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.orders.models import Order
from fairmarket.entrypoints.worker import firing
from fairmarket.entrypoints.worker.firing import Stage, StageSpec, fire_chunk
from fairmarket.entrypoints.worker.queue_jobs import Dispatcher, WorkerQueue
from fairmarket.kernel.clock import MovableClock
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.worker.due import (
    events_per_request,
    open_silent_cancellations,
    refunds_per_request,
    statuses,
)

PAST_RESPONSE_WINDOW = timedelta(hours=48, seconds=1)
LEASE = 30.0


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def queue(container: Container) -> WorkerQueue:
    return WorkerQueue(open_memory_queue("fairmarket-test"), lambda: container)


@pytest.fixture
def dispatcher(container: Container, queue: WorkerQueue, monotonic: FakeMonotonic) -> Dispatcher:
    return Dispatcher(container, queue, lease_seconds=LEASE, chunk_size=3, monotonic=monotonic)


def drain(queue: WorkerQueue) -> list[str]:
    """Run every queued task, in order, as a worker process would; returns the task names."""
    ran = []
    while (task := queue.huey.dequeue()) is not None:
        ran.append(task.name)
        queue.huey.execute(task)
    return ran


def test_due_requests_are_dispatched_in_chunks_and_fire_once(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, queue: WorkerQueue, dispatcher: Dispatcher
) -> None:
    ids = open_silent_cancellations(uow_factory, 7)
    clock.advance(PAST_RESPONSE_WINDOW)

    dispatched = dispatcher.dispatch()

    # warnings were due too (12 h before the deadline): 3 chunks each, plus one webhook round
    assert dispatched.enqueued == {"warnings": 7, "timers": 7, "unshipped": 0}
    assert dispatched.chunks == 6
    assert drain(queue).count("fairmarket.fire") == 6
    assert statuses(uow_factory, ids) == {"cancelled": 7}
    assert refunds_per_request(uow_factory) == dict.fromkeys(ids, 1)
    assert events_per_request(uow_factory, "after_sale.auto_approved") == dict.fromkeys(ids, 1)
    assert events_per_request(uow_factory, "after_sale.deadline_approaching") == dict.fromkeys(
        ids, 1
    )
    assert dispatcher.dispatch().enqueued == {"warnings": 0, "timers": 0, "unshipped": 0}


def test_nothing_is_enqueued_before_it_is_due(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, dispatcher: Dispatcher
) -> None:
    open_silent_cancellations(uow_factory, 2)
    clock.advance(timedelta(hours=30))  # before the warning (36 h) and the deadline (48 h)

    assert dispatcher.dispatch().enqueued == {"warnings": 0, "timers": 0, "unshipped": 0}


def test_a_dispatched_id_is_not_enqueued_again_within_its_lease_and_is_after_it(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    queue: WorkerQueue,
    dispatcher: Dispatcher,
    monotonic: FakeMonotonic,
) -> None:
    ids = open_silent_cancellations(uow_factory, 4)
    clock.advance(PAST_RESPONSE_WINDOW)
    assert dispatcher.dispatch().enqueued["timers"] == 4

    monotonic.now += LEASE - 1
    assert dispatcher.dispatch().enqueued["timers"] == 0
    monotonic.now += 2  # the lease ran out and nobody fired them: the queue lost the jobs
    assert dispatcher.dispatch().enqueued["timers"] == 4

    drain(queue)  # every id twice: the second firing finds the request decided

    assert statuses(uow_factory, ids) == {"cancelled": 4}
    assert refunds_per_request(uow_factory) == dict.fromkeys(ids, 1)
    assert events_per_request(uow_factory, "after_sale.auto_approved") == dict.fromkeys(ids, 1)


def test_a_worker_dying_mid_chunk_leaves_every_id_due_and_it_fires_once_later(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    queue: WorkerQueue,
    dispatcher: Dispatcher,
    monotonic: FakeMonotonic,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = open_silent_cancellations(uow_factory, 3)
    clock.advance(PAST_RESPONSE_WINDOW)
    real = firing.STAGES[Stage.TIMERS]
    fired: list[int] = []

    def fire_then_die(uow: object, request_id: int) -> object:
        if fired:
            raise SystemExit("killed")  # like SIGKILL: the process ends inside the transaction
        fired.append(request_id)
        return real.fire(uow, request_id)  # type: ignore[arg-type]

    monkeypatch.setitem(
        firing.STAGES, Stage.TIMERS, StageSpec(real.find_due, fire_then_die, "fired")
    )
    with pytest.raises(SystemExit):
        fire_chunk(uow_factory, Stage.TIMERS, ids)
    assert fired == [ids[0]]
    assert statuses(uow_factory, ids) == {"pending": 3}  # the first firing rolled back too
    assert refunds_per_request(uow_factory) == {}

    monkeypatch.setitem(firing.STAGES, Stage.TIMERS, real)
    dispatcher.dispatch()
    monotonic.now += LEASE + 1
    assert dispatcher.dispatch().enqueued["timers"] == 3
    drain(queue)

    assert statuses(uow_factory, ids) == {"cancelled": 3}
    assert refunds_per_request(uow_factory) == dict.fromkeys(ids, 1)


def test_one_failing_id_rolls_back_alone_and_stays_due(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = open_silent_cancellations(uow_factory, 3)
    clock.advance(PAST_RESPONSE_WINDOW)
    real = firing.STAGES[Stage.TIMERS]

    def fail_the_second(uow: object, request_id: int) -> object:
        outcome = real.fire(uow, request_id)  # type: ignore[arg-type]
        if request_id == ids[1]:
            raise RuntimeError("a bug in one journey")
        return outcome

    monkeypatch.setitem(
        firing.STAGES, Stage.TIMERS, StageSpec(real.find_due, fail_the_second, "fired")
    )

    result = fire_chunk(uow_factory, Stage.TIMERS, ids)

    assert (result.fired, result.skipped) == (2, 1)
    assert result.outcomes == {"auto_approve": 2}
    assert statuses(uow_factory, [ids[1]]) == {"pending": 1}
    assert set(refunds_per_request(uow_factory)) == {ids[0], ids[2]}


def test_a_second_firing_of_the_same_chunk_does_nothing(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    ids = open_silent_cancellations(uow_factory, 2)
    clock.advance(PAST_RESPONSE_WINDOW)

    first = fire_chunk(uow_factory, Stage.TIMERS, ids)
    second = fire_chunk(uow_factory, Stage.TIMERS, ids)

    assert (first.fired, second.fired, second.skipped) == (2, 0, 2)
    assert refunds_per_request(uow_factory) == dict.fromkeys(ids, 1)


def test_unshipped_orders_past_the_handling_deadline_are_dispatched_and_cancelled(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, queue: WorkerQueue, dispatcher: Dispatcher
) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    numbers = [
        make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        for _ in range(2)
    ]
    clock.advance(timedelta(days=5, seconds=1))

    assert dispatcher.dispatch().enqueued == {"warnings": 0, "timers": 0, "unshipped": 2}
    drain(queue)

    with uow_factory(read_only=True) as uow:
        orders = uow.session.scalars(select(Order).where(Order.number.in_(numbers))).all()
        assert [(o.status, o.refunded_minor) for o in orders] == [("cancelled", 5499)] * 2
    assert dispatcher.dispatch().enqueued["unshipped"] == 0


def test_a_full_queue_is_not_looked_at_again(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, container: Container, queue: WorkerQueue
) -> None:
    open_silent_cancellations(uow_factory, 4)
    clock.advance(PAST_RESPONSE_WINDOW)
    small = Dispatcher(container, queue, lease_seconds=LEASE, chunk_size=2, window=4)

    assert small.dispatch().chunks == 4  # 2 warning chunks, 2 timer chunks
    assert small.dispatch().busy

"""The worker in sandbox mode: every seller's deadlines fire on that seller's own clock, in the
dispatcher and queue workers as in the embedded worker, and an advance wakes the embedded
worker at once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from fairmarket.adapters.queue import open_memory_queue
from fairmarket.bootstrap import Container
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.models import Order
from fairmarket.domains.seller_clocks.models import SellerSandboxClock
from fairmarket.entrypoints.worker.due_jobs import EmbeddedWorker, run_after_sale_timers
from fairmarket.entrypoints.worker.queue_jobs import Dispatcher, WorkerQueue
from fairmarket.kernel.clock import SandboxClocks
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.sandbox import sandbox_container
from tests.worker.due import open_silent_cancellations, refunds_per_request, statuses

PAST_RESPONSE_WINDOW = timedelta(hours=48, seconds=1)
PAST_HANDLING_WINDOW = timedelta(days=5, seconds=1)


@pytest.fixture
def sandbox(container: Container) -> Iterator[Container]:
    """A sandbox deployment on the emptied test database: every seller at real time."""
    built = sandbox_container(container.settings.database_url)
    yield built
    built.engine.dispose()


def move_clock(sandbox: Container, seller_id: int, by: timedelta) -> None:
    """What an advance in another process leaves in the database."""
    with sandbox.uow_factory() as uow:
        uow.session.add(
            SellerSandboxClock(
                seller_id=seller_id,
                offset_microseconds=int(by.total_seconds()) * 1_000_000,
                updated_by="another process",
            )
        )
    assert isinstance(sandbox.clock, SandboxClocks)
    sandbox.clock.expire()  # this process reads it now rather than within half a second


def seller_of(sandbox: Container, request_id: int) -> int:
    with sandbox.uow_factory(read_only=True) as uow:
        seller_id = uow.session.scalar(
            select(AfterSaleRequest.seller_id).where(AfterSaleRequest.id == request_id)
        )
    assert seller_id is not None
    return seller_id


def test_the_dispatcher_enqueues_only_deadlines_passed_on_their_sellers_clock(
    sandbox: Container,
) -> None:
    mine = open_silent_cancellations(sandbox.uow_factory, 3)
    theirs = open_silent_cancellations(sandbox.uow_factory, 2)
    move_clock(sandbox, seller_of(sandbox, mine[0]), PAST_RESPONSE_WINDOW)
    queue = WorkerQueue(open_memory_queue("fairmarket-sandbox-test"), lambda: sandbox)
    dispatcher = Dispatcher(sandbox, queue, lease_seconds=30.0, chunk_size=2)

    dispatched = dispatcher.dispatch()
    while (task := queue.huey.dequeue()) is not None:
        queue.huey.execute(task)  # as a worker process would

    assert dispatched.enqueued == {"warnings": 3, "timers": 3, "unshipped": 0}
    assert statuses(sandbox.uow_factory, mine) == {"cancelled": 3}
    assert statuses(sandbox.uow_factory, theirs) == {"pending": 2}
    assert set(refunds_per_request(sandbox.uow_factory)) == set(mine)


def test_the_embedded_worker_fires_on_each_sellers_clock_and_stamps_their_time(
    sandbox: Container,
) -> None:
    mine = open_silent_cancellations(sandbox.uow_factory, 2)
    theirs = open_silent_cancellations(sandbox.uow_factory, 2)
    move_clock(sandbox, seller_of(sandbox, mine[0]), PAST_RESPONSE_WINDOW)

    fired = run_after_sale_timers(sandbox.uow_factory)

    assert (fired.warned, fired.fired, fired.outcomes) == (2, 2, {"auto_approve": 2})
    assert statuses(sandbox.uow_factory, theirs) == {"pending": 2}
    with sandbox.uow_factory(read_only=True) as uow:
        stamped = uow.session.scalars(
            select(Event.occurred_at).where(
                Event.type.in_(["after_sale.auto_approved", "after_sale.deadline_approaching"])
            )
        ).all()
    assert len(stamped) == 4
    for moment in stamped:
        assert moment - datetime.now(UTC) > timedelta(hours=47, minutes=59)


def test_unshipped_orders_are_auto_cancelled_on_their_sellers_clock_only(
    sandbox: Container,
) -> None:
    buyer = make_buyer(sandbox.uow_factory)
    late, on_time = make_seller(sandbox.uow_factory), make_seller(sandbox.uow_factory)
    numbers = {
        seller.seller_id: make_order(
            sandbox.uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id
        )
        for seller in (late, on_time)
    }
    move_clock(sandbox, late.seller_id, PAST_HANDLING_WINDOW)

    fired = run_after_sale_timers(sandbox.uow_factory)

    assert fired.orders_auto_cancelled == 1
    with sandbox.uow_factory(read_only=True) as uow:
        rows = uow.session.execute(
            select(Order.number, Order.status).where(Order.number.in_(numbers.values()))
        )
        status = {number: order_status for number, order_status in rows}  # noqa: C416 - rows, not pairs
    assert status == {
        numbers[late.seller_id]: "cancelled",
        numbers[on_time.seller_id]: "awaiting_shipment",
    }


def test_a_woken_embedded_worker_runs_its_round_at_once(sandbox: Container) -> None:
    worker = EmbeddedWorker(
        sandbox.uow_factory,
        interval_seconds=600,
        batch_size=200,
        idempotency_ttl=timedelta(hours=24),
        webhook_sender=sandbox.webhook_sender,
        wake=sandbox.due_work_waiting,
    )
    worker.start()
    try:
        ids = open_silent_cancellations(sandbox.uow_factory, 1)
        move_clock(sandbox, seller_of(sandbox, ids[0]), PAST_RESPONSE_WINDOW)
        time.sleep(0.3)  # the first round has run; the next would be in ten minutes

        sandbox.due_work_waiting.set()
        deadline = time.monotonic() + 10
        while statuses(sandbox.uow_factory, ids) != {"cancelled": 1}:
            assert time.monotonic() < deadline, "the woken worker did not fire the timer"
            time.sleep(0.05)
    finally:
        worker.stop()

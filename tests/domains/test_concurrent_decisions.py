"""Racing decisions on one order end in exactly one outcome and at most one refund.

Real concurrent transactions (threads, each with its own connection) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.cancellations.models import CancellationRequest
from fairmarket.domains.orders.models import Order, Refund, Shipment
from fairmarket.entrypoints.worker.due_jobs import run_due_jobs
from fairmarket.kernel.actors import Actor, Channel
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order

ROUNDS = 12
DECISIONS = (
    "cancellation.approved",
    "cancellation.rejected",
    "cancellation.auto_approved",
    "cancellation.auto_rejected",
)


def capability_call(
    factory: UnitOfWorkFactory, actor: Actor, name: str, **raw: object
) -> Callable[[], object]:
    capability = get_capability(name)
    return lambda: run_capability(capability, factory, actor, parse_command(capability, raw))


def race(contenders: list[Callable[[], object]]) -> list[str]:
    """Start every contender at once; return 'ok' or the DomainError code of each."""
    barrier = threading.Barrier(len(contenders))
    outcomes = [""] * len(contenders)

    def run(index: int, contender: Callable[[], object]) -> None:
        barrier.wait()
        try:
            contender()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = error.code

    threads = [threading.Thread(target=run, args=item) for item in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_approve_reject_ship_and_the_timer_racing_end_in_one_outcome(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    for _ in range(ROUNDS):
        number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        capability_call(
            uow_factory,
            buyer.actor(),
            "buyer.cancellations.request",
            order_number=number,
            reason="changed_mind",
        )()
        clock.advance(timedelta(hours=49))  # the timer is due too
        outcomes = race(
            [
                capability_call(
                    uow_factory,
                    seller.actor(Channel.API),
                    "cancellations.approve",
                    order_number=number,
                ),
                capability_call(
                    uow_factory,
                    seller.actor(Channel.SELLER_CENTER),
                    "cancellations.reject",
                    order_number=number,
                    reason="buyer_agreed_to_keep",
                    note="Buyer agreed to keep it.",
                ),
                capability_call(
                    uow_factory,
                    seller.actor(Channel.CHATBOT),
                    "orders.ship",
                    order_number=number,
                    carrier="UPS",
                    tracking_number="1Z999AA101",
                ),
                lambda: run_due_jobs(uow_factory),
            ]
        )
        assert_one_outcome(uow_factory, number, outcomes)


def assert_one_outcome(factory: UnitOfWorkFactory, number: int, outcomes: list[str]) -> None:
    with factory(read_only=True) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        request = uow.session.scalars(
            select(CancellationRequest).where(CancellationRequest.order_id == order.id)
        ).one()
        decisions = uow.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(AuditRecord.subject_id == request.id, AuditRecord.action.in_(DECISIONS))
        )
        refunds = list(
            uow.session.scalars(select(Refund.amount_minor).where(Refund.order_id == order.id))
        )
        shipments = uow.session.scalar(
            select(func.count()).select_from(Shipment).where(Shipment.order_id == order.id)
        )
    assert decisions == 1, outcomes
    assert request.status in ("approved", "rejected"), outcomes
    if order.status == "cancelled":
        assert request.status == "approved"
        assert refunds == [order.paid_minor]
        assert shipments == 0
    else:
        assert request.status == "rejected"
        assert refunds == []
        assert order.refunded_minor == 0
    assert order.refunded_minor <= order.paid_minor


def test_two_approvals_racing_refund_once(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    capability_call(
        uow_factory,
        buyer.actor(),
        "buyer.cancellations.request",
        order_number=number,
        reason="ordered_by_mistake",
    )()

    outcomes = race(
        [
            capability_call(
                uow_factory, seller.actor(Channel.API), "cancellations.approve", order_number=number
            )
            for _ in range(4)
        ]
    )

    assert sorted(outcomes) == ["cancellation_already_decided"] * 3 + ["ok"]
    with uow_factory(read_only=True) as uow:
        refunds = uow.session.scalar(select(func.count()).select_from(Refund))
    assert refunds == 1

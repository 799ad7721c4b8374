"""Racing actions on one after-sale request end in exactly one outcome and at most one refund.

Real concurrent transactions: threads, each with its own connection and unit of work, released
together by a barrier. On PostgreSQL (FAIRMARKET_TEST_DATABASE_URL) they really overlap and
wait on the order's row lock; an unreachable server fails the run, it never skips. On SQLite
BEGIN IMMEDIATE serialises them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import AfterSaleRead, CarrierUpdate
from fairmarket.domains.after_sales.service import carrier_update
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Refund, Shipment
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.kernel.actors import Actor, Channel, system_actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order

ROUNDS = 12
CARRIER = system_actor("system:carrier")


def capability_call(
    factory: UnitOfWorkFactory, actor: Actor, name: str, **raw: object
) -> Callable[[], object]:
    capability = get_capability(name)
    return lambda: run_capability(capability, factory, actor, parse_command(capability, raw))


def carrier_reports(
    factory: UnitOfWorkFactory, request_id: int, event: str
) -> Callable[[], object]:
    def report() -> object:
        with factory() as uow:
            return carrier_update(uow, CARRIER, CarrierUpdate(request_id=request_id, event=event))

    return report


def timers_fire(factory: UnitOfWorkFactory) -> Callable[[], object]:
    return lambda: run_after_sale_timers(factory)


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
    assert all(outcomes), f"a contender crashed or hung: {outcomes}"
    return outcomes


def opened(factory: UnitOfWorkFactory, actor: Actor, name: str, **raw: object) -> int:
    result = capability_call(factory, actor, name, **raw)()
    assert isinstance(result, AfterSaleRead)
    return result.id


def facts(
    factory: UnitOfWorkFactory, request_id: int, decisions: set[str]
) -> tuple[AfterSaleRequest, Order, int, list[tuple[int, int | None]], int]:
    """The request, its order, how many decisions were audited, the order's refunds and
    shipments, all read after the race."""
    with factory(read_only=True) as uow:
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        order = uow.session.get(Order, request.order_id)
        assert order is not None
        decided = uow.session.scalar(
            select(func.count())
            .select_from(AuditRecord)
            .where(
                AuditRecord.subject_type == "after_sale_request",
                AuditRecord.subject_id == request_id,
                AuditRecord.action.in_(decisions),
            )
        )
        refunds = [
            (amount, linked)
            for amount, linked in uow.session.execute(
                select(Refund.amount_minor, Refund.after_sale_request_id).where(
                    Refund.order_id == order.id
                )
            )
        ]
        shipments = uow.session.scalar(
            select(func.count()).select_from(Shipment).where(Shipment.order_id == order.id)
        )
    return request, order, decided or 0, refunds, shipments or 0


# --- cancellation before shipment ----------------------------------------------------------

CANCELLATION_DECISIONS = {
    "after_sale.approve",
    "after_sale.reject",
    "after_sale.auto_approve",
    "after_sale.auto_reject",
}


def test_approve_reject_ship_and_the_timer_racing_end_in_one_outcome(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    for _ in range(ROUNDS):
        number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        request_id = opened(
            uow_factory,
            buyer.actor(),
            "buyer.after_sales.cancel",
            order_number=number,
            reason="changed_mind",
        )
        clock.advance(timedelta(hours=49))  # the response window closed: the timer is due too
        outcomes = race(
            [
                capability_call(
                    uow_factory,
                    seller.actor(Channel.API),
                    "after_sales.approve",
                    request_id=request_id,
                ),
                capability_call(
                    uow_factory,
                    seller.actor(Channel.SELLER_CENTER),
                    "after_sales.reject",
                    request_id=request_id,
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
                timers_fire(uow_factory),
            ]
        )
        request, order, decided, refunds, shipments = facts(
            uow_factory, request_id, CANCELLATION_DECISIONS
        )
        assert decided == 1, outcomes
        if order.status == OrderStatus.CANCELLED.value:
            assert request.status == "cancelled", outcomes
            assert refunds == [(order.paid_minor, request_id)], outcomes
            assert request.refund_minor == order.paid_minor
            assert shipments == 0, outcomes
        else:
            assert request.status == "rejected", outcomes
            assert refunds == [], outcomes
            assert order.refunded_minor == 0, outcomes


def test_four_approvals_racing_refund_once(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = opened(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="ordered_by_mistake",
    )

    outcomes = race(
        [
            capability_call(
                uow_factory, seller.actor(channel), "after_sales.approve", request_id=request_id
            )
            for channel in (Channel.API, Channel.API, Channel.SELLER_CENTER, Channel.CHATBOT)
        ]
    )

    assert sorted(outcomes) == ["action_not_available"] * 3 + ["ok"]
    _, order, decided, refunds, _ = facts(uow_factory, request_id, {"after_sale.approve"})
    assert decided == 1
    assert refunds == [(order.paid_minor, request_id)]
    assert order.refunded_minor == order.paid_minor


def test_seller_cancel_and_approval_racing_refund_once(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    for _ in range(ROUNDS // 2):
        number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        request_id = opened(
            uow_factory,
            buyer.actor(),
            "buyer.after_sales.cancel",
            order_number=number,
            reason="changed_mind",
        )

        outcomes = race(
            [
                capability_call(
                    uow_factory,
                    seller.actor(Channel.API),
                    "after_sales.approve",
                    request_id=request_id,
                ),
                capability_call(
                    uow_factory,
                    seller.actor(Channel.SELLER_CENTER),
                    "orders.cancel",
                    order_number=number,
                    reason="out_of_stock",
                ),
            ]
        )

        request, order, decided, refunds, _ = facts(
            uow_factory,
            request_id,
            {"after_sale.approve", "after_sale.order_cancelled_by_seller"},
        )
        assert sorted(outcomes) in (["ok", "order_not_cancellable"], ["action_not_available", "ok"])
        assert decided == 1, outcomes
        assert request.status == "cancelled"
        assert len(refunds) == 1, outcomes
        assert sum(amount for amount, _ in refunds) == order.refunded_minor == order.paid_minor


# --- returns: decisions, the timer and a carrier update on one request ---------------------

RETURN_DECISIONS = {
    "after_sale.confirm_received",
    "after_sale.issue_refund",
    "after_sale.reject",
    "after_sale.auto_confirm",
}


def open_return_in_transit(
    factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> int:
    number = make_order(
        factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    request_id = opened(
        factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="return_and_refund",
        reason="defective",
    )
    capability_call(factory, seller.actor(), "after_sales.approve", request_id=request_id)()
    capability_call(
        factory,
        buyer.actor(),
        "buyer.after_sales.ship_return",
        request_id=request_id,
        carrier="DHL",
        tracking_number="JD0146000062",
    )()
    return request_id


def test_return_decisions_the_timer_and_carrier_updates_racing_end_in_one_outcome(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    """Half the rounds start in transit (the carrier's delivery report races the seller's
    confirmation and rejection); half start delivered with the refund timer due (a duplicate
    carrier report, both seller decisions and the timer race)."""
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    for round_number in range(ROUNDS):
        request_id = open_return_in_transit(uow_factory, seller, buyer)
        if round_number % 2:
            carrier_reports(uow_factory, request_id, "return_delivered")()
            clock.advance(timedelta(days=3, minutes=1))  # refund_after_return_window closed
        outcomes = race(
            [
                capability_call(
                    uow_factory,
                    seller.actor(Channel.API),
                    "after_sales.confirm_received",
                    request_id=request_id,
                ),
                capability_call(
                    uow_factory,
                    seller.actor(Channel.SELLER_CENTER),
                    "after_sales.reject",
                    request_id=request_id,
                    reason="returned_item_damaged",
                    note="The returned item arrived broken.",
                ),
                carrier_reports(uow_factory, request_id, "return_delivered"),
                timers_fire(uow_factory),
            ]
        )
        request, order, decided, refunds, _ = facts(uow_factory, request_id, RETURN_DECISIONS)
        assert decided == 1, outcomes
        assert request.status in ("refunded", "rejected"), outcomes
        if request.status == "refunded":
            assert refunds == [(request.refund_minor, request_id)], outcomes
            assert request.refund_minor == request.requested_minor
        else:
            assert refunds == [], outcomes
        assert order.refunded_minor == sum(amount for amount, _ in refunds) <= order.paid_minor


def test_accepting_an_offer_while_it_expires_refunds_at_most_once(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    for _ in range(ROUNDS):
        number = make_order(
            uow_factory,
            seller_id=seller.seller_id,
            buyer_id=buyer.buyer_id,
            status=OrderStatus.DELIVERED,
        )
        request_id = opened(
            uow_factory,
            buyer.actor(),
            "buyer.after_sales.return",
            order_number=number,
            kind="refund_only",
            reason="damaged",
        )
        capability_call(
            uow_factory,
            seller.actor(),
            "after_sales.offer_partial_refund",
            request_id=request_id,
            amount_minor=2000,
        )()
        clock.advance(timedelta(days=3, minutes=1))  # the buyer's response window closed

        outcomes = race(
            [
                capability_call(
                    uow_factory,
                    buyer.actor(),
                    "buyer.after_sales.accept_offer",
                    request_id=request_id,
                ),
                capability_call(
                    uow_factory,
                    buyer.actor(),
                    "buyer.after_sales.accept_offer",
                    request_id=request_id,
                ),
                timers_fire(uow_factory),
            ]
        )

        request, _, decided, refunds, _ = facts(
            uow_factory, request_id, {"after_sale.accept_offer", "after_sale.auto_close"}
        )
        assert decided == 1, outcomes
        if request.status == "refunded":
            assert refunds == [(2000, request_id)], outcomes
            assert sorted(outcomes) == ["action_not_available", "ok", "ok"]
        else:
            assert request.status == "closed", outcomes
            assert refunds == [], outcomes
            assert outcomes[:2] == ["action_not_available", "action_not_available"]

"""Every after-sale journey walked through the capabilities that every channel calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.machines import ACTION_NAMES, JOURNEYS
from fairmarket.domains.after_sales.schemas import AfterSaleRead, CarrierUpdate
from fairmarket.domains.after_sales.service import carrier_update
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.types import (
    AFTER_SALE_ACTION_EVENTS,
    EVENT_TYPES,
    after_sale_action_event,
)
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.kernel.actors import Actor, system_actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import ErrorKind
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.after_sales import AGENT
from tests.factories.orders import make_order
from tests.support.capabilities import call, fails


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def buyer(uow_factory: UnitOfWorkFactory) -> BuyerPersona:
    return make_buyer(uow_factory)


def order(
    factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    status: OrderStatus = OrderStatus.DELIVERED,
) -> int:
    return make_order(
        factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id, status=status
    )  # 2 x 2500 + 499 shipping, paid in full


def carrier(factory: UnitOfWorkFactory, request_id: int, event: str) -> None:
    """What a carrier integration (or the sandbox) reports, as the platform."""
    update = CarrierUpdate(request_id=request_id, event=event)  # type: ignore[arg-type]
    with factory() as uow:
        carrier_update(uow, system_actor("carrier"), update)


def refunded(factory: UnitOfWorkFactory, number: int) -> int:
    with factory(read_only=True) as uow:
        return uow.session.scalar(select(Order.refunded_minor).where(Order.number == number)) or 0


def test_every_action_has_an_event_type() -> None:
    assert set(ACTION_NAMES) <= set(AFTER_SALE_ACTION_EVENTS)
    assert {after_sale_action_event(name) for name in ACTION_NAMES} <= set(EVENT_TYPES)


def test_state_machines_are_published(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona
) -> None:
    machines = call(uow_factory, seller.actor(), "after_sales.state_machines")
    types = {j.type for j in machines.journeys}
    assert types == {j.value for j in JOURNEYS}
    returns = next(j for j in machines.journeys if j.type == "return")
    pending = next(s for s in returns.statuses if s.name == "pending")
    assert pending.timer is not None
    assert pending.timer.actions == ["auto_approve"]
    assert pending.timer.default_seconds == 48 * 3600


def test_return_with_partial_offer_accepted(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    number = order(uow_factory, seller, buyer)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="refund_only",
        reason="damaged",
        evidence=["https://photos.example/1.jpg"],
    )
    assert opened.status == "pending"
    assert opened.fault == "logistics"
    assert opened.requested_minor == 5499  # damaged in transit: shipping refunded too
    seller_view = call(uow_factory, seller.actor(), "after_sales.get", request_id=opened.id)
    names = {a.action for a in seller_view.available_actions}
    assert names == {"approve", "reject", "offer_partial_refund"}
    too_much = fails(
        uow_factory,
        seller.actor(),
        "after_sales.offer_partial_refund",
        request_id=opened.id,
        amount_minor=5499,
    )
    assert too_much.code == "offer_not_partial"
    offered = call(
        uow_factory,
        seller.actor(),
        "after_sales.offer_partial_refund",
        request_id=opened.id,
        amount_minor=2000,
        expected_version=seller_view.version,
    )
    assert offered.status == "partial_offered"
    preview = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.accept_offer",
        request_id=opened.id,
        dry_run=True,
    )
    assert preview.dry_run is not None
    assert preview.dry_run.refund is not None
    assert preview.dry_run.refund.refund_minor == 2000
    assert preview.status == "partial_offered"
    assert refunded(uow_factory, number) == 0
    accepted = call(
        uow_factory, buyer.actor(), "buyer.after_sales.accept_offer", request_id=opened.id
    )
    assert accepted.status == "refunded"
    assert accepted.refund_minor == 2000
    assert refunded(uow_factory, number) == 2000
    again = fails(
        uow_factory, buyer.actor(), "buyer.after_sales.accept_offer", request_id=opened.id
    )
    assert again.code == "action_not_available"
    assert again.kind is ErrorKind.CONFLICT


def test_return_shipped_back_and_refunded_by_timer(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, clock: MovableClock
) -> None:
    number = order(uow_factory, seller, buyer)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="return_and_refund",
        reason="changed_mind",
        lines=[{"line_id": _line_id(uow_factory, number), "quantity": 1}],
    )
    assert opened.requested_minor == 2500  # one of two, buyer's fault: no shipping
    approved = call(uow_factory, seller.actor(), "after_sales.approve", request_id=opened.id)
    assert approved.status == "awaiting_return_shipment"
    shipped = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.ship_return",
        request_id=opened.id,
        carrier="UPS",
        tracking_number="1Z999",
    )
    assert shipped.status == "return_in_transit"
    assert shipped.deadline is None
    carrier(uow_factory, opened.id, "return_delivered")
    clock.advance(timedelta(days=3, seconds=1))
    result = run_after_sale_timers(uow_factory)
    assert result.outcomes.get("auto_confirm") == 1
    final = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=opened.id)
    assert final.status == "refunded"
    assert final.refund_minor == 2500
    assert refunded(uow_factory, number) == 2500
    # the other unit is still returnable; the first is not
    second = fails(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="refund_only",
        reason="defective",
        lines=[{"line_id": _line_id(uow_factory, number), "quantity": 2}],
    )
    assert second.code == "quantity_exceeds_available"


def test_dispute_ruled_for_buyer(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    number = order(uow_factory, seller, buyer)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="refund_only",
        reason="not_as_described",
    )
    missing_note = fails(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=opened.id,
        reason="item_not_as_claimed",
    )
    assert missing_note.code == "note_required"
    call(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=opened.id,
        reason="item_not_as_claimed",
        note="The photos show the listed colour.",
        evidence=["https://evidence.example/listing.png"],
    )
    escalated = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.escalate",
        request_id=opened.id,
        note="The colour is clearly different in daylight.",
    )
    assert escalated.status == "in_dispute"
    seller_try = fails(uow_factory, seller.actor(), "after_sales.approve", request_id=opened.id)
    assert seller_try.code == "action_not_available"
    ruled = call(
        uow_factory,
        AGENT,
        "ops.after_sales.rule",
        request_id=opened.id,
        ruling="for_buyer",
        note="Photos confirm a different colour.",
    )
    assert ruled.status == "refunded"
    assert refunded(uow_factory, number) == 5499


def test_fulfilment_cancellation_interception(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, clock: MovableClock
) -> None:
    returned = order(uow_factory, seller, buyer, OrderStatus.IN_TRANSIT)
    failed = order(uow_factory, seller, buyer, OrderStatus.IN_TRANSIT)
    first = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=returned,
        reason="changed_mind",
    )
    second = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=failed,
        reason="changed_mind",
    )
    assert first.type == "fulfilment_cancellation"
    call(uow_factory, seller.actor(), "after_sales.request_interception", request_id=first.id)
    carrier(uow_factory, first.id, "parcel_returned")
    done = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=first.id)
    assert done.status == "cancelled"
    assert refunded(uow_factory, returned) == 5499
    # the seller stays silent: the platform intercepts, then the window runs out
    clock.advance(timedelta(hours=48, seconds=1))
    run_after_sale_timers(uow_factory)
    assert (
        call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=second.id).status
        == "intercepting"
    )
    clock.advance(timedelta(days=5, seconds=1))
    run_after_sale_timers(uow_factory)
    converted = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=second.id)
    assert converted.status == "converted_to_return"
    page = call_page(uow_factory, buyer.actor())
    follow_up = next(r for r in page if r.converted_from_id == second.id)
    assert follow_up.status == "awaiting_return_shipment"
    assert refunded(uow_factory, failed) == 0


def call_page(factory: UnitOfWorkFactory, actor: Actor) -> list[AfterSaleRead]:
    return list(call(factory, actor, "buyer.after_sales.list").items)


def test_cancellation_auto_approved_with_warning_first(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, clock: MovableClock
) -> None:
    number = order(uow_factory, seller, buyer, OrderStatus.AWAITING_SHIPMENT)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="changed_mind",
    )
    assert opened.type == "cancellation"
    clock.advance(timedelta(hours=37))
    result = run_after_sale_timers(uow_factory)
    assert result.warned == 1
    assert result.fired == 0
    unchanged = call(uow_factory, seller.actor(), "after_sales.get", request_id=opened.id)
    assert unchanged.version == opened.version  # a warning never invalidates an If-Match
    clock.advance(timedelta(hours=12))
    result = run_after_sale_timers(uow_factory)
    assert result.outcomes == {"auto_approve": 1}
    with uow_factory(read_only=True) as uow:
        types = list(
            uow.session.scalars(
                select(Event.type)
                .where(Event.resource_type == "after_sale_request", Event.resource_id == opened.id)
                .order_by(Event.sequence)
            )
        )
        refunds = uow.session.scalar(
            select(func.count())
            .select_from(Refund)
            .where(Refund.after_sale_request_id == opened.id)
        )
    assert types == [
        "after_sale.requested",
        "after_sale.deadline_approaching",
        "after_sale.auto_approved",
    ]
    assert refunds == 1
    assert refunded(uow_factory, number) == 5499


def test_unshipped_order_auto_cancelled_at_handling_deadline(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, clock: MovableClock
) -> None:
    number = order(uow_factory, seller, buyer, OrderStatus.AWAITING_SHIPMENT)
    clock.advance(timedelta(days=5, seconds=1))
    result = run_after_sale_timers(uow_factory)
    assert result.orders_auto_cancelled >= 1
    with uow_factory(read_only=True) as uow:
        cancelled = uow.session.scalar(select(Order).where(Order.number == number))
        assert cancelled is not None
        assert (cancelled.status, cancelled.cancel_fault) == ("cancelled", "seller")
        assert cancelled.refunded_minor == cancelled.paid_minor


def test_stale_version_is_refused_with_current_state(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    number = order(uow_factory, seller, buyer)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="refund_only",
        reason="defective",
    )
    call(
        uow_factory,
        seller.actor(),
        "after_sales.offer_partial_refund",
        request_id=opened.id,
        amount_minor=100,
    )
    stale = fails(
        uow_factory,
        seller.actor(),
        "after_sales.approve",
        request_id=opened.id,
        expected_version=opened.version,
    )
    assert stale.code in {"after_sale_version_mismatch", "action_not_available"}
    assert stale.current_state is not None
    assert stale.current_state["status"] == "partial_offered"


def _line_id(factory: UnitOfWorkFactory, number: int) -> int:
    with factory(read_only=True) as uow:
        placed = uow.session.scalar(select(Order).where(Order.number == number))
        assert placed is not None
        return placed.lines[0].id


def test_each_change_is_one_version_and_each_side_keeps_its_evidence(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    number = order(uow_factory, seller, buyer)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="refund_only",
        reason="defective",
        evidence=["https://buyer.example/1.jpg"],
    )
    assert opened.version == 1
    rejected = call(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=opened.id,
        reason="item_not_as_claimed",
        note="It worked when tested on return.",
        evidence=["https://seller.example/test.mp4"],
        expected_version=1,
    )
    assert rejected.version == 2
    escalated = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.escalate",
        request_id=opened.id,
        note="It stops after five minutes.",
        evidence=["https://buyer.example/2.mp4"],
        expected_version=2,
    )
    assert escalated.version == 3
    assert escalated.evidence == ["https://buyer.example/1.jpg", "https://buyer.example/2.mp4"]
    assert escalated.decision_evidence == ["https://seller.example/test.mp4"]


def test_a_failed_interception_opens_a_return_with_the_cancellations_fault(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    number = order(uow_factory, seller, buyer, OrderStatus.IN_TRANSIT)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="ordered_by_mistake",
    )
    call(uow_factory, seller.actor(), "after_sales.request_interception", request_id=opened.id)
    carrier(uow_factory, opened.id, "interception_failed")
    follow_up = next(r for r in call_page(uow_factory, buyer.actor()) if r.converted_from_id)
    assert (follow_up.reason, follow_up.fault) == ("not_intercepted", "buyer")
    assert follow_up.requested_minor == 5000  # the buyer's mistake: no shipping back
    assert follow_up.version == 1

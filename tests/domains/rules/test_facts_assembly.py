"""Facts assembly: every catalogue fact of a request, exact, from a small hand-built history."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import ApproveRequest, OpenCancellation
from fairmarket.domains.after_sales.service import act, open_cancellation
from fairmarket.domains.orders.models import Order, Shipment, ShipmentEvent
from fairmarket.domains.rules.facts import record_to_mapping
from fairmarket.domains.rules.facts_assembly import (
    assemble_facts,
    assemble_history_facts,
    requests_missing_facts,
    snapshot_request_facts,
    stored_facts,
)
from fairmarket.domains.rules.schemas import Trigger
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
from tests.factories.accounts import BuyerPersona, make_buyer, make_seller
from tests.factories.orders import make_order


def open_for(factory: UnitOfWorkFactory, buyer: BuyerPersona, number: int) -> int:
    with factory() as uow:
        return open_cancellation(
            uow, buyer.actor(), OpenCancellation(order_number=number, reason="changed_mind")
        ).id


def ship(factory: UnitOfWorkFactory, number: int, *, scanned_at: datetime) -> None:
    with factory() as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        order.status = "in_transit"
        shipment = Shipment(
            order_id=order.id,
            carrier="UPS",
            tracking_number="1Z999AA10123456784",
            status="in_transit",
            shipped_at=uow.clock.now(),
        )
        uow.session.add(shipment)
        uow.session.flush()
        uow.session.add(
            ShipmentEvent(
                shipment_id=shipment.id, at=scanned_at, status="in_transit", description="Hub"
            )
        )


@pytest.fixture
def history(uow_factory: UnitOfWorkFactory, clock: MovableClock) -> dict[str, int]:
    """Ana (a buyer) orders three times from Bea's shop (New York); another buyer once.

    day 0: order A, cancellation A (Bea approves it an hour later)
    day 1: order B, cancellation B (the platform's timer decides it)
    day 5: another buyer's order D, cancelled for the seller's fault
    day 10: order C ships; day 11: last scan; day 12: cancellation C (in transit)
    """
    bea, ana, other = make_seller(uow_factory), make_buyer(uow_factory), make_buyer(uow_factory)
    order_a = make_order(uow_factory, seller_id=bea.seller_id, buyer_id=ana.buyer_id)
    request_a = open_for(uow_factory, ana, order_a)
    clock.advance(timedelta(hours=1))
    with uow_factory() as uow:
        act(uow, bea.actor(), "approve", ApproveRequest(request_id=request_a))
    clock.freeze(START + timedelta(days=1))
    order_b = make_order(uow_factory, seller_id=bea.seller_id, buyer_id=ana.buyer_id)
    request_b = open_for(uow_factory, ana, order_b)
    with uow_factory() as uow:
        uow.session.execute(
            update(AfterSaleRequest)
            .where(AfterSaleRequest.id == request_b)
            .values(decided_action="auto_approve", decided_by="system")
        )
    clock.freeze(START + timedelta(days=5))
    order_d = make_order(uow_factory, seller_id=bea.seller_id, buyer_id=other.buyer_id)
    with uow_factory() as uow:
        uow.session.execute(
            update(Order)
            .where(Order.number == order_d)
            .values(status="cancelled", cancel_fault="seller", cancelled_at=uow.clock.now())
        )
    clock.freeze(START + timedelta(days=10))
    order_c = make_order(uow_factory, seller_id=bea.seller_id, buyer_id=ana.buyer_id)
    ship(uow_factory, order_c, scanned_at=START + timedelta(days=11))
    clock.freeze(START + timedelta(days=12))
    request_c = open_for(uow_factory, ana, order_c)
    return {"a": request_a, "b": request_b, "c": request_c, "order_c": order_c}


def test_every_fact_of_a_request_in_transit_is_exact(
    uow_factory: UnitOfWorkFactory, history: dict[str, int]
) -> None:
    # When the facts are assembled six hours after the request (Saturday 11:00 in New York)
    now = START + timedelta(days=12, hours=6)
    with uow_factory(read_only=True) as uow:
        facts = record_to_mapping(assemble_facts(uow, [history["c"]], now=now)[history["c"]])

    assert facts == {
        "request.type": "fulfilment_cancellation",
        "request.kind": "cancel",
        "request.reason": "changed_mind",
        "request.fault": "buyer",
        "request.amount": 50.0,  # two mugs; shipping is not refunded for a change of mind
        "request.age_hours": 6.0,
        "request.stage": "in_fulfilment",
        "request.status": "pending",
        "request.whole_order": True,
        "request.has_evidence": False,
        "order.value": 54.99,
        "order.lines": 1,
        "order.items": 2,
        "order.category": f"category-{history['order_c']}",
        "order.region": "US",
        "order.status": "in_transit",
        "order.age_days": 2.25,
        "shipment.carrier": "UPS",
        "shipment.status": "in_transit",
        "shipment.last_scan_age_hours": 30.0,
        "buyer.order_count": 3,
        "buyer.cancellation_rate_90d": 2 / 3,  # A and B, over three orders
        "buyer.return_rate_90d": 0.0,
        "buyer.account_age_days": 12.25,
        "seller.response_rate": 0.5,  # Bea answered A; the timer decided B
        "seller.fault_cancellation_rate": 0.25,  # D, over four orders
        "seller.violation_points": 0,
        "time.local_hour": 11,
        "time.weekday": "saturday",
    }


def test_history_facts_stand_as_when_each_request_opened(
    uow_factory: UnitOfWorkFactory, history: dict[str, int]
) -> None:
    # Given request A was approved since: as of its opening, it was pending on an unshipped order
    with uow_factory(read_only=True) as uow:
        records = assemble_history_facts(uow, [history["a"], history["c"]])
    first, last = record_to_mapping(records[history["a"]]), record_to_mapping(records[history["c"]])

    assert (first["request.status"], first["order.status"], first["request.age_hours"]) == (
        "pending",
        "awaiting_shipment",
        0.0,
    )
    assert (first["buyer.order_count"], first["buyer.cancellation_rate_90d"]) == (1, 0.0)
    assert (first["time.local_hour"], first["time.weekday"]) == (4, "monday")
    assert (last["shipment.last_scan_age_hours"], last["order.age_days"]) == (24.0, 2.0)


def test_snapshots_are_written_once_per_request_and_trigger(
    uow_factory: UnitOfWorkFactory, history: dict[str, int]
) -> None:
    ids = [history["a"], history["b"], history["c"]]
    window = (START, START + timedelta(days=13))
    with uow_factory(read_only=True) as uow:
        assert requests_missing_facts(uow, Trigger.REQUEST_CREATED, *window) == ids

    with uow_factory() as uow:
        written = snapshot_request_facts(uow, Trigger.REQUEST_CREATED, ids)
    with uow_factory() as uow:
        again = snapshot_request_facts(uow, Trigger.REQUEST_CREATED, ids)

    assert (written, again) == (3, 0)
    with uow_factory(read_only=True) as uow:
        assert requests_missing_facts(uow, Trigger.REQUEST_CREATED, *window) == []
        assert requests_missing_facts(uow, Trigger.DEADLINE_APPROACHING, *window) == ids
        stored = stored_facts(uow, Trigger.REQUEST_CREATED, ids)
        assert stored == assemble_history_facts(uow, ids)

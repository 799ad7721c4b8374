"""The pre-shipment cancellation journey, through the same capabilities every channel calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.cancellations.models import CancellationRequest
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.entrypoints.worker.due_jobs import run_due_jobs
from fairmarket.kernel.actors import Actor, Channel
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order


def call(factory: UnitOfWorkFactory, actor: Actor, name: str, **raw: object) -> BaseModel:
    capability = get_capability(name)
    result: BaseModel = run_capability(capability, factory, actor, parse_command(capability, raw))
    return result


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def another_seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def buyer(uow_factory: UnitOfWorkFactory) -> BuyerPersona:
    return make_buyer(uow_factory)


@pytest.fixture
def order_number(uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona) -> int:
    return make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)


def request_cancellation(factory: UnitOfWorkFactory, buyer: BuyerPersona, order_number: int) -> int:
    result = call(
        factory,
        buyer.actor(),
        "buyer.cancellations.request",
        order_number=order_number,
        reason="changed_mind",
    )
    request_id: int = result.model_dump()["id"]
    return request_id


def order_row(factory: UnitOfWorkFactory, number: int) -> Order:
    with factory(read_only=True) as uow:
        return uow.session.scalars(select(Order).where(Order.number == number)).one()


def refunds_of(factory: UnitOfWorkFactory, number: int) -> list[int]:
    with factory(read_only=True) as uow:
        query = (
            select(Refund.amount_minor)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == number)
        )
        return list(uow.session.scalars(query))


def test_buyer_request_is_pending_with_a_deadline_and_seller_actions(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)

    seen = call(
        uow_factory, seller.actor(), "cancellations.get", request_id=request_id
    ).model_dump()

    assert seen["status"] == "pending"
    assert seen["deadline"] == clock.now() + timedelta(hours=48)
    assert [a["action"] for a in seen["available_actions"]] == ["approve", "reject"]
    assert seen["available_actions"][1]["inputs"] == ["reason", "note"]
    assert seen["fault"] == "buyer"


def test_approval_cancels_the_order_and_refunds_exactly_what_was_paid(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_cancellation(uow_factory, buyer, order_number)

    result = call(uow_factory, seller.actor(), "cancellations.approve", order_number=order_number)

    order = order_row(uow_factory, order_number)
    assert result.model_dump()["status"] == "approved"
    assert order.status == OrderStatus.CANCELLED.value
    assert refunds_of(uow_factory, order_number) == [order.paid_minor]
    assert order.refunded_minor == order.paid_minor == 5499
    assert order.cancel_fault == "buyer"


def test_every_change_is_audited_with_actor_and_channel(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_cancellation(uow_factory, buyer, order_number)
    call(
        uow_factory,
        seller.actor(Channel.CHATBOT),
        "cancellations.approve",
        order_number=order_number,
    )

    timeline = call(uow_factory, seller.actor(), "orders.timeline", order_number=order_number)

    entries = [(e["action"], e["actor"], e["channel"]) for e in timeline.model_dump()["entries"]]
    assert entries == [
        ("cancellation.requested", f"buyer:{buyer.buyer_id}", "buyer_api"),
        ("order.cancelled", seller.email, "chatbot"),
        ("cancellation.approved", seller.email, "chatbot"),
    ]


def test_reject_already_shipped_needs_a_shipment(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)

    with pytest.raises(DomainError) as refused:
        call(
            uow_factory,
            seller.actor(),
            "cancellations.reject",
            request_id=request_id,
            reason="already_shipped",
        )

    assert refused.value.code == "no_shipment_recorded"
    assert refused.value.field_problems[0].field == "reason"
    seen = call(uow_factory, seller.actor(), "cancellations.get", request_id=request_id)
    assert seen.model_dump()["status"] == "pending"


def test_reject_already_shipped_after_shipping_keeps_the_order(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)
    call(
        uow_factory,
        seller.actor(),
        "orders.ship",
        order_number=order_number,
        carrier="UPS",
        tracking_number="1Z999AA10123456784",
    )

    result = call(
        uow_factory,
        seller.actor(),
        "cancellations.reject",
        request_id=request_id,
        reason="already_shipped",
    )

    assert result.model_dump()["status"] == "rejected"
    assert order_row(uow_factory, order_number).status == OrderStatus.IN_TRANSIT.value
    assert refunds_of(uow_factory, order_number) == []


@pytest.mark.parametrize("note", [None, "too short"])
def test_other_rejections_need_a_ten_character_note(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
    note: str | None,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)

    with pytest.raises(DomainError) as refused:
        call(
            uow_factory,
            seller.actor(),
            "cancellations.reject",
            request_id=request_id,
            reason="custom_made",
            note=note,
        )

    assert refused.value.kind is ErrorKind.INVALID
    assert [p.field for p in refused.value.field_problems] == ["note"]
    assert "at least 10 characters" in refused.value.message


def test_a_decided_request_cannot_be_decided_again(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)
    call(
        uow_factory,
        seller.actor(),
        "cancellations.reject",
        request_id=request_id,
        reason="buyer_agreed_to_keep",
        note="Buyer confirmed by chat they keep it.",
    )

    with pytest.raises(DomainError) as refused:
        call(uow_factory, seller.actor(), "cancellations.approve", request_id=request_id)

    assert refused.value.code == "cancellation_already_decided"
    assert refused.value.current_state is not None
    assert refused.value.current_state["status"] == "rejected"
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value


def test_stale_expected_version_is_refused(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)

    with pytest.raises(DomainError) as refused:
        call(
            uow_factory,
            seller.actor(),
            "cancellations.approve",
            request_id=request_id,
            expected_version=7,
        )

    assert refused.value.code == "cancellation_version_mismatch"
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value


def test_another_seller_cannot_see_or_decide_the_request(
    uow_factory: UnitOfWorkFactory,
    another_seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)

    for name in ("cancellations.get", "cancellations.approve"):
        with pytest.raises(DomainError) as refused:
            call(uow_factory, another_seller.actor(), name, request_id=request_id)
        assert refused.value.kind is ErrorKind.NOT_FOUND
    with pytest.raises(DomainError) as hidden:
        call(uow_factory, another_seller.actor(), "orders.get", order_number=order_number)
    assert hidden.value.code == "order_not_found"
    listed = call(uow_factory, another_seller.actor(), "cancellations.list", status="pending")
    assert listed.model_dump()["items"] == []


def test_a_second_open_request_is_refused(
    uow_factory: UnitOfWorkFactory,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_cancellation(uow_factory, buyer, order_number)

    with pytest.raises(DomainError) as refused:
        request_cancellation(uow_factory, buyer, order_number)

    assert refused.value.code == "cancellation_already_requested"


def test_shipped_orders_cannot_be_cancelled_by_request(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    call(
        uow_factory,
        seller.actor(),
        "orders.ship",
        order_number=order_number,
        carrier="DHL",
        tracking_number="JD0146000062",
    )

    with pytest.raises(DomainError) as refused:
        request_cancellation(uow_factory, buyer, order_number)

    assert refused.value.code == "order_not_cancellable"


def test_silence_past_the_deadline_is_auto_approved_by_the_system(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)
    clock.advance(timedelta(hours=47, minutes=59))
    assert run_due_jobs(uow_factory).processed == 0

    clock.advance(timedelta(minutes=2))
    result = run_due_jobs(uow_factory)

    seen = call(uow_factory, seller.actor(), "cancellations.get", request_id=request_id)
    assert result.auto_approved == 1
    assert seen.model_dump()["resolution"] == "auto_approved"
    assert seen.model_dump()["resolved_by"] == "system:response_window"
    assert order_row(uow_factory, order_number).status == OrderStatus.CANCELLED.value
    assert run_due_jobs(uow_factory).processed == 0


def test_deadline_after_shipping_rejects_as_already_shipped(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)
    call(
        uow_factory,
        seller.actor(),
        "orders.ship",
        order_number=order_number,
        carrier="DHL",
        tracking_number="JD0146000062",
    )
    clock.advance(timedelta(hours=49))

    assert run_due_jobs(uow_factory).auto_rejected == 1

    seen = call(uow_factory, seller.actor(), "cancellations.get", request_id=request_id)
    assert seen.model_dump()["reject_reason"] == "already_shipped"
    assert refunds_of(uow_factory, order_number) == []


def test_response_window_is_configurable_per_region(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    buyer: BuyerPersona,
) -> None:
    policies = replace(
        uow_factory.policies, seller_response_window_by_region={"GB": timedelta(hours=24)}
    )
    factory = UnitOfWorkFactory(uow_factory.engine, clock, policies)
    british = make_seller(factory, region="GB", currency="GBP")
    number = make_order(factory, seller_id=british.seller_id, buyer_id=buyer.buyer_id)

    request_id = request_cancellation(factory, buyer, number)

    seen = call(factory, british.actor(), "cancellations.get", request_id=request_id)
    assert seen.model_dump()["deadline"] == clock.now() + timedelta(hours=24)


def test_seller_cancel_is_seller_fault_and_closes_a_pending_request(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)

    result = call(
        uow_factory,
        seller.actor(),
        "orders.cancel",
        order_number=order_number,
        reason="out_of_stock",
    )

    assert result.model_dump()["cancel_fault"] == "seller"
    assert result.model_dump()["refunded_minor"] == 5499
    seen = call(uow_factory, seller.actor(), "cancellations.get", request_id=request_id)
    assert seen.model_dump()["status"] == "approved"
    assert refunds_of(uow_factory, order_number) == [5499]


def test_cancellations_list_pages_by_deadline_with_stable_cursors(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
) -> None:
    numbers = []
    for _ in range(5):
        number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        request_cancellation(uow_factory, buyer, number)
        numbers.append(number)
        clock.advance(timedelta(minutes=1))

    first = call(uow_factory, seller.actor(), "cancellations.list", status="pending", limit=2)
    cursor = first.model_dump()["next_cursor"]
    second = call(
        uow_factory, seller.actor(), "cancellations.list", status="pending", limit=2, cursor=cursor
    )
    third = call(
        uow_factory,
        seller.actor(),
        "cancellations.list",
        status="pending",
        limit=2,
        cursor=second.model_dump()["next_cursor"],
    )

    pages = [first, second, third]
    seen = [item["order_number"] for page in pages for item in page.model_dump()["items"]]
    assert seen == numbers
    assert third.model_dump()["next_cursor"] is None


def test_nothing_is_written_when_a_decision_fails(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = request_cancellation(uow_factory, buyer, order_number)
    with uow_factory(read_only=True) as uow:
        audits_before = uow.session.scalar(select(func.count()).select_from(AuditRecord))

    with pytest.raises(DomainError):
        call(
            uow_factory,
            seller.actor(),
            "cancellations.reject",
            request_id=request_id,
            reason="already_shipped",
        )

    with uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditRecord)) == audits_before
        request = uow.session.get(CancellationRequest, request_id)
        assert request is not None
        assert request.version == 1

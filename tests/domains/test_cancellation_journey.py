"""The pre-shipment cancellation journey on the after-sale model, through the same capabilities
every channel calls: the buyer asks, the seller approves or rejects, the timer decides for a
silent seller, the buyer withdraws or escalates, and the seller's own cancel ends the request."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import AfterSaleRead
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.kernel.actors import Actor, Channel
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.after_sales import AGENT
from tests.factories.orders import make_order
from tests.support.capabilities import call, call_returning, fails

PAID = 5499  # 2 x 2500 + 499 shipping


def request(factory: UnitOfWorkFactory, actor: Actor, name: str, **raw: object) -> AfterSaleRead:
    return call_returning(AfterSaleRead, factory, actor, name, **raw)


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


def ask_to_cancel(
    factory: UnitOfWorkFactory, buyer: BuyerPersona, order_number: int, reason: str = "changed_mind"
) -> int:
    opened = request(
        factory, buyer.actor(), "buyer.after_sales.cancel", order_number=order_number, reason=reason
    )
    return opened.id


def ship(factory: UnitOfWorkFactory, seller: SellerPersona, order_number: int) -> None:
    call(
        factory,
        seller.actor(),
        "orders.ship",
        order_number=order_number,
        carrier="UPS",
        tracking_number="1Z999AA10123456784",
    )


def version_of(factory: UnitOfWorkFactory, request_id: int) -> int:
    with factory(read_only=True) as uow:
        stored = uow.session.get(AfterSaleRequest, request_id)
        assert stored is not None
        return stored.version


def order_row(factory: UnitOfWorkFactory, number: int) -> Order:
    with factory(read_only=True) as uow:
        return uow.session.scalars(select(Order).where(Order.number == number)).one()


def refunds_of(factory: UnitOfWorkFactory, number: int) -> list[tuple[int, int | None]]:
    with factory(read_only=True) as uow:
        query = (
            select(Refund.amount_minor, Refund.after_sale_request_id)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == number)
        )
        return [(amount, request_id) for amount, request_id in uow.session.execute(query)]


def test_buyer_request_is_pending_with_a_deadline_and_seller_actions(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number, reason="delivery_too_slow")

    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)

    assert (seen.type.value, seen.kind.value, seen.status) == ("cancellation", "cancel", "pending")
    assert seen.deadline == clock.now() + timedelta(hours=48)
    assert seen.deadline_action == "auto_approve"
    assert [a.action for a in seen.available_actions] == ["approve", "reject"]
    assert seen.available_actions[1].required_inputs == ["reason", "note"]
    assert seen.fault == "seller"
    assert seen.whole_order is True
    assert seen.requested_minor == PAID  # nothing has shipped: shipping is refunded too


def test_approval_cancels_the_order_and_refunds_exactly_what_was_paid(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    result = request(uow_factory, seller.actor(), "after_sales.approve", request_id=request_id)

    order = order_row(uow_factory, order_number)
    assert (result.status, result.refund_minor, result.deadline) == ("cancelled", PAID, None)
    assert order.status == OrderStatus.CANCELLED.value
    assert order.cancel_fault == "buyer"
    assert refunds_of(uow_factory, order_number) == [(PAID, request_id)]
    assert order.refunded_minor == order.paid_minor == PAID


def test_every_change_is_audited_with_actor_and_channel(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    request(
        uow_factory, seller.actor(Channel.CHATBOT), "after_sales.approve", request_id=request_id
    )

    timeline = call(uow_factory, seller.actor(), "orders.timeline", order_number=order_number)

    entries = [(e["action"], e["actor"], e["channel"]) for e in timeline.model_dump()["entries"]]
    assert entries == [
        ("after_sale.requested", f"buyer:{buyer.buyer_id}", "buyer_api"),
        ("order.cancelled", seller.email, "chatbot"),
        ("after_sale.approve", seller.email, "chatbot"),
    ]


def test_a_dry_run_shows_the_refund_and_changes_nothing(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    preview = request(
        uow_factory, seller.actor(), "after_sales.approve", request_id=request_id, dry_run=True
    )

    assert preview.dry_run is not None
    assert (preview.dry_run.action, preview.dry_run.would_become) == ("approve", "cancelled")
    assert preview.dry_run.refund is not None
    assert preview.dry_run.refund.refund_minor == PAID
    assert (preview.status, preview.version) == ("pending", version_of(uow_factory, request_id))
    assert preview.last_action == "requested"
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value
    assert refunds_of(uow_factory, order_number) == []


def test_reject_already_shipped_needs_a_shipment(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    version = version_of(uow_factory, request_id)

    refused = fails(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="already_shipped",
    )

    assert refused.code == "no_shipment_recorded"
    assert refused.field_problems[0].field == "reason"
    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert (seen.status, seen.version) == ("pending", version)


def test_reject_already_shipped_after_shipping_keeps_the_order(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    ship(uow_factory, seller, order_number)

    result = request(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="already_shipped",
    )

    assert (result.status, result.decision_reason) == ("rejected", "already_shipped")
    assert result.deadline_action == "close"  # the buyer's dispute window runs
    assert order_row(uow_factory, order_number).status == OrderStatus.IN_TRANSIT.value
    assert refunds_of(uow_factory, order_number) == []


def test_approving_after_shipment_is_refused_with_what_to_do(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    ship(uow_factory, seller, order_number)

    refused = fails(uow_factory, seller.actor(), "after_sales.approve", request_id=request_id)

    assert refused.code == "order_status_blocks_action"
    assert "reject the request with reason 'already_shipped'" in refused.message
    assert refunds_of(uow_factory, order_number) == []


@pytest.mark.parametrize("note", [None, "too short"])
def test_other_rejections_need_a_ten_character_note(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
    note: str | None,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    refused = fails(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="custom_made",
        note=note,
    )

    assert refused.kind is ErrorKind.INVALID
    assert [p.field for p in refused.field_problems] == ["note"]
    assert "at least 10 characters" in refused.message


def test_a_decided_request_cannot_be_decided_again(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    request(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="buyer_agreed_to_keep",
        note="Buyer confirmed by chat they keep it.",
    )

    refused = fails(uow_factory, seller.actor(), "after_sales.approve", request_id=request_id)

    assert refused.code == "action_not_available"
    assert refused.current_state is not None
    assert refused.current_state["status"] == "rejected"
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value


def test_stale_expected_version_is_refused(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    version = version_of(uow_factory, request_id)

    refused = fails(
        uow_factory,
        seller.actor(),
        "after_sales.approve",
        request_id=request_id,
        expected_version=version + 1,
    )

    assert refused.code == "after_sale_version_mismatch"
    assert refused.current_state is not None
    assert refused.current_state["version"] == version
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value


def test_another_seller_cannot_see_or_decide_the_request(
    uow_factory: UnitOfWorkFactory,
    another_seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    for name in ("after_sales.get", "after_sales.approve"):
        refused = fails(uow_factory, another_seller.actor(), name, request_id=request_id)
        assert refused.kind is ErrorKind.NOT_FOUND
    hidden = fails(uow_factory, another_seller.actor(), "orders.get", order_number=order_number)
    assert hidden.code == "order_not_found"
    listed = call(uow_factory, another_seller.actor(), "after_sales.list", status="pending")
    assert listed.model_dump()["items"] == []
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value


def test_a_second_request_for_the_same_lines_is_refused(
    uow_factory: UnitOfWorkFactory,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    ask_to_cancel(uow_factory, buyer, order_number)

    with pytest.raises(DomainError) as refused:
        ask_to_cancel(uow_factory, buyer, order_number)

    assert refused.value.code == "nothing_left_to_request"


def test_a_shipped_order_opens_a_fulfilment_cancellation_instead(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    ship(uow_factory, seller, order_number)

    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert seen.type.value == "fulfilment_cancellation"
    assert [a.action for a in seen.available_actions] == ["request_interception", "reject"]


def test_silence_past_the_deadline_is_auto_approved_by_the_system(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    clock.advance(timedelta(hours=47, minutes=59))
    assert run_after_sale_timers(uow_factory).fired == 0

    clock.advance(timedelta(minutes=2))
    result = run_after_sale_timers(uow_factory)

    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert result.fired == 1
    assert result.outcomes == {"auto_approve": 1}
    assert (seen.status, seen.last_action, seen.refund_minor) == ("cancelled", "auto_approve", PAID)
    assert seen.timeline is not None
    assert seen.timeline[-1].actor == "system:after_sale_timer"
    assert order_row(uow_factory, order_number).status == OrderStatus.CANCELLED.value
    assert refunds_of(uow_factory, order_number) == [(PAID, request_id)]
    assert run_after_sale_timers(uow_factory).fired == 0


def test_deadline_after_shipping_rejects_as_already_shipped(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    ship(uow_factory, seller, order_number)
    clock.advance(timedelta(hours=49))

    assert run_after_sale_timers(uow_factory).outcomes == {"auto_reject": 1}

    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert (seen.status, seen.decision_reason) == ("rejected", "already_shipped")
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

    request_id = ask_to_cancel(factory, buyer, number)

    seen = request(factory, british.actor(), "after_sales.get", request_id=request_id)
    assert seen.deadline == clock.now() + timedelta(hours=24)


def test_the_buyer_withdraws_and_the_seller_can_no_longer_act(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    withdrawn = request(
        uow_factory, buyer.actor(), "buyer.after_sales.withdraw", request_id=request_id
    )

    assert (withdrawn.status, withdrawn.deadline) == ("withdrawn", None)
    refused = fails(uow_factory, seller.actor(), "after_sales.approve", request_id=request_id)
    assert refused.code == "action_not_available"
    clock.advance(timedelta(hours=49))
    assert run_after_sale_timers(uow_factory).fired == 0
    assert order_row(uow_factory, order_number).status == OrderStatus.AWAITING_SHIPMENT.value
    ask_to_cancel(uow_factory, buyer, order_number)  # the lines are free to ask for again


def test_a_rejected_buyer_escalates_and_the_agent_rules_for_the_buyer(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    request(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="custom_made",
        note="It is engraved with your name.",
    )
    seller_cannot = fails(
        uow_factory,
        seller.actor(),
        "buyer.after_sales.escalate",
        request_id=request_id,
        note="The seller cannot escalate.",
    )
    assert seller_cannot.code == "not_your_action"

    escalated = request(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.escalate",
        request_id=request_id,
        note="Nothing was engraved yet, I asked an hour after ordering.",
    )
    assert escalated.status == "in_dispute"
    assert refunds_of(uow_factory, order_number) == []

    ruled = request(
        uow_factory,
        AGENT,
        "ops.after_sales.rule",
        request_id=request_id,
        ruling="for_buyer",
        note="The buyer asked before any work started.",
    )

    assert (ruled.status, ruled.refund_minor) == ("cancelled", PAID)
    assert order_row(uow_factory, order_number).status == OrderStatus.CANCELLED.value
    assert refunds_of(uow_factory, order_number) == [(PAID, request_id)]


def test_seller_cancel_is_seller_fault_and_ends_the_open_request(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)

    result = call(
        uow_factory,
        seller.actor(),
        "orders.cancel",
        order_number=order_number,
        reason="out_of_stock",
        note="Sorry, the last one broke.",
    )

    assert result.model_dump()["cancel_fault"] == "seller"
    assert result.model_dump()["refunded_minor"] == PAID
    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert (seen.status, seen.last_action) == ("cancelled", "order_cancelled_by_seller")
    assert (seen.decision_reason, seen.decision_note) == (
        "out_of_stock",
        "Sorry, the last one broke.",
    )
    assert (seen.deadline, seen.available_actions) == (None, [])
    assert seen.timeline is not None
    assert [(t.action, t.actor) for t in seen.timeline] == [
        ("after_sale.requested", f"buyer:{buyer.buyer_id}"),
        ("after_sale.order_cancelled_by_seller", seller.email),
    ]
    assert refunds_of(uow_factory, order_number) == [(PAID, None)]  # one refund, the order's
    with uow_factory(read_only=True) as uow:
        types = list(
            uow.session.scalars(
                select(Event.type).where(Event.resource_id == request_id).order_by(Event.id)
            )
        )
    assert types == ["after_sale.requested", "after_sale.order_cancelled_by_seller"]


def test_seller_cancel_also_ends_a_rejected_request_but_not_a_withdrawn_one(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    withdrawn_id = ask_to_cancel(uow_factory, buyer, order_number)
    request(uow_factory, buyer.actor(), "buyer.after_sales.withdraw", request_id=withdrawn_id)
    rejected_id = ask_to_cancel(uow_factory, buyer, order_number)
    request(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=rejected_id,
        reason="buyer_agreed_to_keep",
        note="Agreed by phone to keep it.",
    )

    call(
        uow_factory,
        seller.actor(),
        "orders.cancel",
        order_number=order_number,
        reason="out_of_stock",
    )

    with uow_factory(read_only=True) as uow:
        rows = uow.session.execute(
            select(AfterSaleRequest.id, AfterSaleRequest.status).where(
                AfterSaleRequest.id.in_([withdrawn_id, rejected_id])
            )
        )
        statuses = {row.id: row.status for row in rows}
    assert statuses == {withdrawn_id: "withdrawn", rejected_id: "cancelled"}


def test_seller_cancel_of_a_shipped_order_is_refused_and_the_request_stays_open(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    ship(uow_factory, seller, order_number)
    version = version_of(uow_factory, request_id)

    refused = fails(
        uow_factory,
        seller.actor(),
        "orders.cancel",
        order_number=order_number,
        reason="out_of_stock",
    )

    assert refused.kind is ErrorKind.CONFLICT
    seen = request(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert (seen.status, seen.version) == ("pending", version)
    assert refunds_of(uow_factory, order_number) == []


def test_list_pages_newest_first_with_stable_cursors(
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
    seller: SellerPersona,
    buyer: BuyerPersona,
) -> None:
    ids = []
    for _ in range(5):
        number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        ids.append(ask_to_cancel(uow_factory, buyer, number))
        clock.advance(timedelta(minutes=1))

    pages = []
    cursor = None
    for _ in range(3):
        page = call(
            uow_factory,
            seller.actor(),
            "after_sales.list",
            type="cancellation",
            status="pending",
            limit=2,
            cursor=cursor,
        ).model_dump()
        pages.append(page)
        cursor = page["next_cursor"]

    assert [item["id"] for page in pages for item in page["items"]] == ids[::-1]
    assert pages[-1]["next_cursor"] is None


def test_nothing_is_written_when_a_decision_fails(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    order_number: int,
) -> None:
    request_id = ask_to_cancel(uow_factory, buyer, order_number)
    version = version_of(uow_factory, request_id)
    with uow_factory(read_only=True) as uow:
        audits_before = uow.session.scalar(select(func.count()).select_from(AuditRecord))
        events_before = uow.session.scalar(select(func.count()).select_from(Event))

    fails(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="already_shipped",
    )

    with uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditRecord)) == audits_before
        assert uow.session.scalar(select(func.count()).select_from(Event)) == events_before
        stored = uow.session.get(AfterSaleRequest, request_id)
        assert stored is not None
        assert (stored.status, stored.version) == ("pending", version)

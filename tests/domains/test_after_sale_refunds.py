"""Refunds of after-sale requests: the breakdown's arithmetic, and a property over whole journeys
that the ledger never refunds more than was paid, whatever the buyer and seller do."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.refunds import PricedLine, breakdown
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.after_sales import AGENT
from tests.factories.orders import make_order

amounts = st.integers(min_value=0, max_value=1_000_000)


@given(
    lines=st.lists(st.tuples(st.integers(0, 100_000), st.integers(1, 20)), min_size=1, max_size=6),
    shipping=st.integers(0, 5_000),
    include_shipping=st.booleans(),
    paid=amounts,
    refunded_share=st.floats(0, 1),
    amount=st.none() | st.integers(1, 2_000_000),
)
def test_a_breakdown_never_exceeds_what_is_left_or_what_was_asked(
    lines: list[tuple[int, int]],
    shipping: int,
    include_shipping: bool,
    paid: int,
    refunded_share: float,
    amount: int | None,
) -> None:
    refunded = int(paid * refunded_share)
    priced = [PricedLine(i + 1, price, qty) for i, (price, qty) in enumerate(lines)]
    result = breakdown(
        priced,
        shipping_fee_minor=shipping,
        include_shipping=include_shipping,
        paid_minor=paid,
        refunded_minor=refunded,
        currency="USD",
        amount_minor=amount,
    )
    assert 0 <= result.refund_minor <= paid - refunded
    assert result.refund_minor <= result.requested_minor
    assert result.requested_minor == result.items_minor + result.shipping_minor
    assert result.shipping_minor == (shipping if include_shipping else 0)
    if amount is not None:
        assert result.refund_minor <= amount
    wanted = result.requested_minor if amount is None else min(amount, result.requested_minor)
    assert result.capped == (result.refund_minor < wanted)


# One step of a journey: who acts, which action, with what.
STEPS = st.lists(
    st.sampled_from(
        [
            ("open", "refund_only"),
            ("open", "return_and_refund"),
            ("open", "replacement"),
            ("seller", "approve"),
            ("seller", "offer"),
            ("buyer", "accept_offer"),
            ("buyer", "decline_offer"),
            ("seller", "reject"),
            ("buyer", "escalate"),
            ("agent", "for_buyer"),
            ("buyer", "ship_return"),
            ("seller", "confirm_received"),
            ("seller", "issue_refund"),
        ]
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS, offer=st.integers(1, 6000), quantity=st.integers(1, 3))
def test_no_sequence_of_journey_actions_refunds_more_than_was_paid(
    uow_factory: UnitOfWorkFactory, steps: list[tuple[str, str]], offer: int, quantity: int
) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
        unit_price_minor=1000,
        quantity=3,
        shipping_fee_minor=500,
    )
    actors: dict[str, Actor] = {"seller": seller.actor(), "buyer": buyer.actor(), "agent": AGENT}
    request_ids: list[int] = []
    for who, what in steps:
        try:
            if who == "open":
                opened = _call(
                    uow_factory,
                    actors["buyer"],
                    "buyer.after_sales.return",
                    order_number=number,
                    kind=what,
                    reason="defective",
                    lines=[{"line_id": _line_id(uow_factory, number), "quantity": quantity}],
                )
                request_ids.append(opened)
                continue
            if not request_ids:
                continue
            target = request_ids[-1]
            _call(uow_factory, actors[who], *_action(who, what, target, offer))
        except DomainError:
            pass  # refused steps change nothing; the invariant must hold either way
    with uow_factory(read_only=True) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        total = uow.session.scalar(
            select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
                Refund.order_id == order.id
            )
        )
        per_request = dict(
            uow.session.execute(
                select(Refund.after_sale_request_id, func.count())
                .where(Refund.order_id == order.id)
                .group_by(Refund.after_sale_request_id)
            ).all()
        )
        statuses = dict(
            uow.session.execute(
                select(AfterSaleRequest.id, AfterSaleRequest.refund_minor).where(
                    AfterSaleRequest.order_id == order.id
                )
            ).all()
        )
    assert total == order.refunded_minor <= order.paid_minor == 3500
    assert all(count == 1 for count in per_request.values())
    assert sum(v or 0 for v in statuses.values()) == total


def _action(who: str, what: str, target: int, offer: int) -> tuple[str, dict[str, object]]:
    if who == "agent":
        note = "Decided on the evidence."
        return "ops.after_sales.rule", {"request_id": target, "ruling": what, "note": note}
    prefix = "after_sales" if who == "seller" else "buyer.after_sales"
    extra: dict[str, object] = {}
    name = what
    if what == "offer":
        name, extra = "offer_partial_refund", {"amount_minor": offer}
    elif what == "reject":
        extra = {"reason": "item_not_as_claimed", "note": "Photos show it works."}
    elif what == "escalate":
        extra = {"note": "It does not work at all, see video."}
    elif what == "ship_return":
        extra = {"carrier": "UPS", "tracking_number": "1Z0001"}
    return f"{prefix}.{name}", {"request_id": target, **extra}


def _call(
    factory: UnitOfWorkFactory,
    actor: Actor,
    name: str,
    raw: dict[str, object] | None = None,
    **more: object,
) -> int:
    capability = get_capability(name)
    command = parse_command(capability, {**(raw or {}), **more})
    result = run_capability(capability, factory, actor, command)
    return int(result.id)


def _line_id(factory: UnitOfWorkFactory, number: int) -> int:
    with factory(read_only=True) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        return order.lines[0].id

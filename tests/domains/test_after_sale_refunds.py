"""Refunds of after-sale requests: the breakdown's arithmetic, and a property over whole journeys
that the ledger never refunds more than was paid, whatever the buyer and seller do — with
refusals only for the journey's own reasons, changing nothing, and enough steps succeeding that
the property says something."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.machines import JOURNEYS, JourneyType, RequestKind
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.refunds import PricedLine, breakdown
from fairmarket.domains.after_sales.transitions import offered_actions
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.kernel.actors import Actor, ActorKind
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.after_sales import AGENT
from tests.factories.orders import make_order
from tests.support.capabilities import call

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
Step = tuple[str, str]
VOCABULARY: list[Step] = [
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
# The journey table's actions that the vocabulary can take, by the actor who takes them.
GUIDE: dict[tuple[ActorKind, str], Step] = {
    (ActorKind.SELLER_USER, "approve"): ("seller", "approve"),
    (ActorKind.SELLER_USER, "offer_partial_refund"): ("seller", "offer"),
    (ActorKind.SELLER_USER, "reject"): ("seller", "reject"),
    (ActorKind.SELLER_USER, "confirm_received"): ("seller", "confirm_received"),
    (ActorKind.SELLER_USER, "issue_refund"): ("seller", "issue_refund"),
    (ActorKind.BUYER, "accept_offer"): ("buyer", "accept_offer"),
    (ActorKind.BUYER, "decline_offer"): ("buyer", "decline_offer"),
    (ActorKind.BUYER, "escalate"): ("buyer", "escalate"),
    (ActorKind.BUYER, "ship_return"): ("buyer", "ship_return"),
    (ActorKind.AGENT, "rule_for_buyer"): ("agent", "for_buyer"),
}
# Each step is guided (one of the actions the table offers on the latest request, if any) two
# times in three, otherwise any step of the vocabulary, allowed or not.
STEPS = st.lists(
    st.tuples(st.sampled_from([True, True, False]), st.integers(0, 9), st.sampled_from(VOCABULARY)),
    min_size=1,
    max_size=14,
)
MONEY_STEPS = frozenset(
    {"approve", "accept_offer", "confirm_received", "issue_refund", "for_buyer"}
)
# Why a step may be refused, and nothing else.
EXPECTED_REFUSALS = frozenset(
    {
        "action_not_available",  # not from the request's status now
        "action_not_in_journey",  # not an action of this kind (no return for a refund only)
        "offer_not_partial",  # a drawn offer can reach the full refund
        "quantity_exceeds_available",  # another request already covers the line
    }
)
# A step the table offers is refused only when its input is wrong for the request, and most
# go through: a handler that refused everything would otherwise pass the invariant.
OFFERED_REFUSALS = frozenset({"offer_not_partial"})
MIN_OFFERED_SUCCEEDED_SHARE = 0.8


@dataclass
class Tally:
    steps: int = 0
    succeeded: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    offered: int = 0  # steps the journey table offered at the time
    offered_succeeded: int = 0
    offered_refused: Counter[str] = field(default_factory=Counter)


def test_no_sequence_of_journey_actions_refunds_more_than_was_paid(
    uow_factory: UnitOfWorkFactory,
) -> None:
    tally = Tally()

    @settings(max_examples=20, deadline=None)
    @given(steps=STEPS, offer=st.integers(1, 6000), quantity=st.integers(1, 3))
    def journey(steps: list[tuple[bool, int, Step]], offer: int, quantity: int) -> None:
        walk_and_check(uow_factory, tally, steps, offer, quantity)

    journey()
    # Then refusals were for the journey's own reasons, and enough steps (money among them)
    # went through for the ledger's invariant to mean something
    assert set(tally.refused) <= EXPECTED_REFUSALS, tally
    assert set(tally.offered_refused) <= OFFERED_REFUSALS, tally
    assert tally.offered_succeeded >= MIN_OFFERED_SUCCEEDED_SHARE * tally.offered > 0, tally
    assert sum(tally.succeeded[step] for step in MONEY_STEPS) > 0, tally


def walk_and_check(
    factory: UnitOfWorkFactory,
    tally: Tally,
    steps: list[tuple[bool, int, Step]],
    offer: int,
    quantity: int,
) -> None:
    """Open a request on one delivered order, then take the steps; a refused step changes
    nothing; whatever happened, the ledger holds."""
    seller, buyer = make_seller(factory), make_buyer(factory)
    number = make_order(
        factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
        unit_price_minor=1000,
        quantity=3,
        shipping_fee_minor=500,
    )
    actors: dict[str, Actor] = {"seller": seller.actor(), "buyer": buyer.actor(), "agent": AGENT}
    line = {"line_id": _line_id(factory, number), "quantity": quantity}

    def opening(kind: str) -> tuple[str, dict[str, object]]:
        raw = {"order_number": number, "kind": kind, "reason": "defective", "lines": [line]}
        return "buyer.after_sales.return", raw

    name, raw = opening("refund_only")
    request_ids = [int(call(factory, actors["buyer"], name, **raw).id)]
    for guided, pick, drawn in steps:
        options = _offered_steps(factory, request_ids[-1]) if guided else []
        who, what = options[pick % len(options)] if options else drawn
        name, raw = opening(what) if who == "open" else _action(who, what, request_ids[-1], offer)
        tally.steps += 1
        tally.offered += bool(options)
        before = _state(factory, number)
        try:
            result = call(factory, actors["buyer" if who == "open" else who], name, **raw)
        except DomainError as error:
            tally.refused[error.code] += 1
            if options:
                tally.offered_refused[error.code] += 1
            assert _state(factory, number) == before, f"refused {name} changed something"
            continue
        tally.succeeded[what] += 1
        tally.offered_succeeded += bool(options)
        if who == "open":
            request_ids.append(int(result.id))
    _assert_ledger_holds(factory, number)


def _offered_steps(factory: UnitOfWorkFactory, request_id: int) -> list[Step]:
    """The steps the journey table allows on the request now, in the table's order."""
    with factory(read_only=True) as uow:
        request = uow.session.get_one(AfterSaleRequest, request_id)
        order = uow.session.get_one(Order, request.order_id)
        journey, kind = JOURNEYS[JourneyType(request.type)], RequestKind(request.kind)
        return [
            GUIDE[actor_kind, action.name]
            for actor_kind in (ActorKind.SELLER_USER, ActorKind.BUYER, ActorKind.AGENT)
            for action in offered_actions(journey, kind, actor_kind, request.status, order.status)
            if (actor_kind, action.name) in GUIDE
        ]


def _state(factory: UnitOfWorkFactory, number: int) -> tuple[object, ...]:
    """What a refused step must leave as it was: the order's money and every request on it."""
    with factory(read_only=True) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        requests = uow.session.execute(
            select(AfterSaleRequest.id, AfterSaleRequest.status, AfterSaleRequest.version)
            .where(AfterSaleRequest.order_id == order.id)
            .order_by(AfterSaleRequest.id)
        ).all()
        return order.status, order.refunded_minor, tuple(tuple(row) for row in requests)


def _assert_ledger_holds(factory: UnitOfWorkFactory, number: int) -> None:
    with factory(read_only=True) as uow:
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
        refunded_by_request = dict(
            uow.session.execute(
                select(AfterSaleRequest.id, AfterSaleRequest.refund_minor).where(
                    AfterSaleRequest.order_id == order.id
                )
            ).all()
        )
    assert total == order.refunded_minor <= order.paid_minor == 3500
    assert all(count == 1 for count in per_request.values())
    assert sum(v or 0 for v in refunded_by_request.values()) == total


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


def _line_id(factory: UnitOfWorkFactory, number: int) -> int:
    with factory(read_only=True) as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        return order.lines[0].id

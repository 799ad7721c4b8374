"""Simulated buyers and carriers on a seller's own orders. Each acts as the order's real buyer
(or as the platform for a carrier) through the same services as the real channels, so the
changes, audit records, events and webhooks are exactly those of production."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.api_keys import BUYER_SCOPES
from fairmarket.domains.accounts.models import Buyer, Seller
from fairmarket.domains.after_sales import engine
from fairmarket.domains.after_sales import service as after_sales
from fairmarket.domains.after_sales.schemas import (
    AfterSaleRead,
    AfterSaleRef,
    CarrierUpdate,
    Decide,
    OpenCancellation,
    OpenReturn,
)
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.catalog.models import Category, Product
from fairmarket.domains.orders.ledger import record_payment
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, OrderLine
from fairmarket.domains.orders.repository import get_order_or_raise
from fairmarket.domains.orders.schemas import OrderRead, OrderRef
from fairmarket.domains.orders.service import deliver_order_as, to_order_read
from fairmarket.domains.sandbox.schemas import CreateTestOrder
from fairmarket.domains.sandbox.service import (
    lock_test_order_numbering,
    require_sandbox,
    require_seller,
)
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel

ORDERS_WRITE = "orders:write"
AFTER_SALES_WRITE = "after_sales:write"
CARRIER = Actor(
    kind=ActorKind.SYSTEM, channel=Channel.SANDBOX, label="sandbox:carrier", scopes=ALL_SCOPES
)
SANDBOX_CATEGORY = "Sandbox"


def buyer_actor(buyer_id: int) -> Actor:
    """The order's buyer, as the buyer API would authenticate them, on the sandbox channel."""
    return Actor(
        kind=ActorKind.BUYER,
        channel=Channel.SANDBOX,
        id=buyer_id,
        buyer_id=buyer_id,
        label=f"buyer:{buyer_id}",
        scopes=BUYER_SCOPES,
    )


# --- orders ----------------------------------------------------------------------------------


def create_test_order(uow: UnitOfWork, actor: Actor, cmd: CreateTestOrder) -> OrderRead:
    """A paid order awaiting shipment from the seller's own sandbox buyer."""
    require_sandbox(uow)
    seller_id = require_seller(actor, ORDERS_WRITE)
    lock_test_order_numbering(uow)
    uow.use_seller_time(seller_id)  # placed at the seller's time
    seller = uow.session.get(Seller, seller_id)
    assert seller is not None, seller_id  # an authenticated seller key names a seller
    now = uow.clock.now()
    buyer = _sandbox_buyer(uow, seller)
    category = _sandbox_category(uow)
    number = (uow.session.scalar(select(func.max(Order.number))) or 0) + 1
    subtotal = sum(line.unit_price_minor * line.quantity for line in cmd.lines)
    order = Order(
        number=number,
        seller_id=seller_id,
        buyer_id=buyer.id,
        status=OrderStatus.AWAITING_SHIPMENT,
        currency=seller.currency,
        subtotal_minor=subtotal,
        shipping_fee_minor=cmd.shipping_fee_minor,
        total_minor=subtotal + cmd.shipping_fee_minor,
        shipping_region=seller.region,
        placed_at=now,
        updated_at=now,
    )
    for line in cmd.lines:
        product = Product(
            seller_id=seller_id,
            category_id=category.id,
            title=line.title,
            price_minor=line.unit_price_minor,
            currency=seller.currency,
            created_at=now,
        )
        uow.session.add(product)
        uow.session.flush()
        order.lines.append(
            OrderLine(
                product_id=product.id,
                title=line.title,
                quantity=line.quantity,
                unit_price_minor=line.unit_price_minor,
            )
        )
    uow.session.add(order)
    uow.session.flush()
    record_payment(uow, order, order.total_minor, "sandbox")
    record_change(
        uow,
        actor,
        action="order.placed",
        subject_type="order",
        subject_id=order.id,
        seller_id=seller_id,
        order_id=order.id,
        before=None,
        after={"status": order.status, "paid_minor": order.paid_minor, "sandbox": True},
    )
    uow.session.flush()
    return to_order_read(order, actor)


def _sandbox_buyer(uow: UnitOfWork, seller: Seller) -> Buyer:
    email = f"sandbox-buyer-{seller.id}@sandbox.fairmarket.invalid"
    buyer = uow.session.scalar(select(Buyer).where(Buyer.email == email))
    if buyer is None:
        buyer = Buyer(
            name=f"Sandbox buyer of {seller.name}"[:120],
            email=email,
            region=seller.region,
            created_at=uow.clock.now(),
        )
        uow.session.add(buyer)
        uow.session.flush()
    return buyer


def _sandbox_category(uow: UnitOfWork) -> Category:
    category = uow.session.scalar(select(Category).where(Category.name == SANDBOX_CATEGORY))
    if category is None:
        category = Category(name=SANDBOX_CATEGORY)
        uow.session.add(category)
        uow.session.flush()
    return category


def deliver_order(uow: UnitOfWork, actor: Actor, ref: OrderRef) -> OrderRead:
    """The carrier reports the parcel delivered: the order moves in_transit -> delivered."""
    require_sandbox(uow)
    require_seller(actor, ORDERS_WRITE)
    order = get_order_or_raise(uow, actor, ref.order_number, lock=True)
    deliver_order_as(uow, CARRIER, order)
    uow.session.flush()
    return to_order_read(order, actor)


# --- the buyer -------------------------------------------------------------------------------


def buyer_cancels(uow: UnitOfWork, actor: Actor, cmd: OpenCancellation) -> AfterSaleRead:
    buyer = _buyer_of_order(uow, actor, cmd.order_number)
    opened = after_sales.open_cancellation(uow, buyer, cmd)
    return _seller_view(uow, actor, opened.id)


def buyer_returns(uow: UnitOfWork, actor: Actor, cmd: OpenReturn) -> AfterSaleRead:
    buyer = _buyer_of_order(uow, actor, cmd.order_number)
    opened = after_sales.open_return(uow, buyer, cmd)
    return _seller_view(uow, actor, opened.id)


def buyer_action(name: str) -> Callable[[UnitOfWork, Actor, Decide], AfterSaleRead]:
    """The buyer takes journey action `name` on a request about one of the seller's orders."""

    def handler(uow: UnitOfWork, actor: Actor, cmd: Decide) -> AfterSaleRead:
        require_sandbox(uow)
        require_seller(actor, AFTER_SALES_WRITE)
        found = engine.load(uow, actor, cmd.request_id, lock=False)
        result = after_sales.act(uow, buyer_actor(found.request.buyer_id), name, cmd)
        return result if cmd.dry_run else _seller_view(uow, actor, cmd.request_id)

    handler.__name__ = f"sandbox_buyer_{name}"
    handler.__doc__ = f"The buyer takes the '{name}' action (sandbox)."
    return handler


def _buyer_of_order(uow: UnitOfWork, actor: Actor, order_number: int) -> Actor:
    require_sandbox(uow)
    require_seller(actor, AFTER_SALES_WRITE)
    order = get_order_or_raise(uow, actor, order_number)
    return buyer_actor(order.buyer_id)


# --- the carrier -----------------------------------------------------------------------------


def carrier_reports(uow: UnitOfWork, actor: Actor, cmd: CarrierUpdate) -> AfterSaleRead:
    """The carrier reports on an interception or a return parcel, as the platform."""
    require_sandbox(uow)
    require_seller(actor, AFTER_SALES_WRITE)
    engine.load(uow, actor, cmd.request_id, lock=False)  # the seller's own request, or 404
    result = after_sales.carrier_update(uow, CARRIER, cmd)
    return result if cmd.dry_run else _seller_view(uow, actor, cmd.request_id)


def _seller_view(uow: UnitOfWork, actor: Actor, request_id: int) -> AfterSaleRead:
    """What the seller sees now: their available actions, the deadline and the timeline."""
    return after_sales.get_request(uow, actor, AfterSaleRef(request_id=request_id))

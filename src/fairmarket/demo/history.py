"""An order's life in the demo: placed, paid, shipped, delivered, completed — up to "now"."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fairmarket.demo.actors import (
    COMPLETION,
    PAYMENTS,
    ActorRef,
    Subject,
    audit,
    buyer_actor,
    carrier_actor,
    publish,
    seller_actor,
)
from fairmarket.demo.regions import Region
from fairmarket.demo.rows import Row, Rows
from fairmarket.demo.world import SellerCast, round_price
from fairmarket.domains.events.types import EventType
from fairmarket.kernel.policies import Policies

if TYPE_CHECKING:
    from fairmarket.demo.walks import RequestWalk

COMPLETION_WINDOW = timedelta(days=7)
PAYMENT_METHODS = ("card", "card", "card", "wallet", "bank_transfer")


@dataclass
class History:
    """What every order's simulation shares: the randomness, the rows, and the present."""

    rng: random.Random
    rows: Rows
    now: datetime
    policies: Policies


@dataclass
class Parcel:
    shipment: Row
    carrier: str
    shipped_at: datetime
    deliver_at: datetime  # when the carrier would deliver it


@dataclass
class OrderInProgress:
    row: Row
    seller: SellerCast
    buyer_id: int
    lines: list[tuple[int, int, int]] = field(default_factory=list)  # (line id, price, quantity)
    ship_at: datetime = field(init=False)
    parcel: Parcel | None = None
    walks: list[RequestWalk] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def region(self) -> Region:
        return self.seller.region

    def subject(self) -> Subject:
        return Subject("order", self.id, self.seller.id, self.id)

    def move(self, at: datetime, **changes: Any) -> None:
        self.row.update(changes)
        self.row["updated_at"] = at


def place_order(
    history: History, number: int, seller: SellerCast, buyer_id: int, placed: datetime
) -> OrderInProgress:
    rng, rows = history.rng, history.rows
    lines = _pick_lines(rng, seller)
    subtotal = sum(price * quantity for _, _, price, quantity in lines)
    fee = _shipping_fee(rng, seller.region)
    row = {
        "number": number,
        "seller_id": seller.id,
        "buyer_id": buyer_id,
        "status": "awaiting_payment",
        "currency": seller.region.currency,
        "subtotal_minor": subtotal,
        "shipping_fee_minor": fee,
        "total_minor": subtotal + fee,
        "paid_minor": 0,
        "refunded_minor": 0,
        "shipping_region": seller.region.code,
        "placed_at": placed,
        "updated_at": placed,
        "cancelled_at": None,
        "cancel_reason": None,
        "cancel_fault": None,
        "external_ref": None,
    }
    order = OrderInProgress(row, seller, buyer_id)
    rows.add("orders", row)
    for product_id, title, price, quantity in lines:
        line_id = rows.add(
            "order_lines",
            {
                "order_id": order.id,
                "product_id": product_id,
                "title": title,
                "quantity": quantity,
                "unit_price_minor": price,
            },
        )
        order.lines.append((line_id, price, quantity))
    audit(
        rows,
        buyer_actor(buyer_id),
        placed,
        "order.placed",
        order.subject(),
        before=None,
        after={"status": "awaiting_payment", "total_minor": row["total_minor"]},
    )
    return order


def _pick_lines(rng: random.Random, seller: SellerCast) -> list[tuple[int, str, int, int]]:
    count = min(len(seller.products), rng.choices((1, 2, 3), weights=(70, 22, 8))[0])
    chosen = rng.sample(seller.products, count)
    return [
        (pid, title, price, rng.choices((1, 2, 3), (80, 15, 5))[0]) for pid, title, price in chosen
    ]


def _shipping_fee(rng: random.Random, region: Region) -> int:
    if rng.random() < 0.3:
        return 0
    usd_cents = rng.choice((399, 599, 799))
    return round_price(usd_cents * region.minor_per_usd_cent, region.price_step_minor)


def pay_order(history: History, order: OrderInProgress, at: datetime) -> None:
    total = int(order.row["total_minor"])
    history.rows.add(
        "payments",
        {
            "order_id": order.id,
            "amount_minor": total,
            "currency": order.row["currency"],
            "method": history.rng.choice(PAYMENT_METHODS),
            "captured_at": at,
        },
    )
    order.move(at, status="awaiting_shipment", paid_minor=total)
    audit(
        history.rows,
        PAYMENTS,
        at,
        "order.paid",
        order.subject(),
        before={"status": "awaiting_payment"},
        after={"status": "awaiting_shipment", "paid_minor": total},
    )


def fulfil_order(history: History, order: OrderInProgress, ship_at: datetime) -> Parcel | None:
    """Ship at `ship_at`, then let the carrier and the completion window run until now."""
    if ship_at > history.now:
        return None
    parcel = ship(history, order, ship_at)
    if parcel.deliver_at <= history.now:
        deliver(history, order, parcel)
    return parcel


def ship(
    history: History,
    order: OrderInProgress,
    at: datetime,
    *,
    deliver_at: datetime | None = None,
) -> Parcel:
    """The seller hands the parcel to a carrier (`orders.ship`); it arrives at `deliver_at`
    (by default after a carrier's usual two to six days)."""
    rng = history.rng
    actor = seller_actor(rng, order.seller)
    carrier = rng.choice(order.region.carriers)
    tracking = order.region.tracking_format.format(n=f"{rng.randrange(10**9):09d}")
    shipment = {
        "order_id": order.id,
        "carrier": carrier,
        "tracking_number": tracking,
        "status": "in_transit",
        "shipped_at": at,
        "delivered_at": None,
    }
    history.rows.add("shipments", shipment)
    arrives = deliver_at or at + timedelta(hours=rng.triangular(20, 160, 60))
    parcel = Parcel(shipment, carrier, at, arrives)
    order.parcel = parcel
    order.move(at, status="in_transit")
    audit(
        history.rows,
        actor,
        at,
        "order.shipped",
        order.subject(),
        before={"status": "awaiting_shipment"},
        after={"status": "in_transit", "carrier": carrier, "tracking_number": tracking},
    )
    publish_order_event(
        history, EventType.ORDER_SHIPPED, order, at, carrier=carrier, tracking_number=tracking
    )
    _scan(history, parcel, at, "in_transit", f"Handed to {carrier}")
    sorting = at + (parcel.deliver_at - at) * 0.4
    if sorting <= history.now:
        _scan(history, parcel, sorting, "in_transit", "Arrived at the sorting centre")
    return parcel


def deliver(history: History, order: OrderInProgress, parcel: Parcel) -> None:
    at = parcel.deliver_at
    _scan(history, parcel, at - timedelta(hours=5), "out_for_delivery", "Out for delivery")
    _scan(history, parcel, at, "delivered", "Delivered to the recipient")
    parcel.shipment.update(status="delivered", delivered_at=at)
    _deliver(history, order, parcel.carrier, at)


def return_to_sender(history: History, parcel: Parcel, at: datetime) -> None:
    """An intercepted parcel's scans: stopped, then back with the seller."""
    _scan(
        history,
        parcel,
        at - timedelta(hours=30),
        "in_transit",
        "Intercepted at the seller's request",
    )
    _scan(history, parcel, at, "returned", "Returned to the sender")


def _scan(history: History, parcel: Parcel, at: datetime, status: str, description: str) -> None:
    history.rows.add(
        "shipment_events",
        {
            "shipment_id": parcel.shipment["id"],
            "at": at,
            "status": status,
            "description": description,
        },
    )


def _deliver(history: History, order: OrderInProgress, carrier: str, at: datetime) -> None:
    order.move(at, status="delivered")
    audit(
        history.rows,
        carrier_actor(carrier),
        at,
        "order.delivered",
        order.subject(),
        before={"status": "in_transit"},
        after={"status": "delivered"},
    )
    complete_at = at + COMPLETION_WINDOW
    if complete_at <= history.now:
        order.move(complete_at, status="completed")
        audit(
            history.rows,
            COMPLETION,
            complete_at,
            "order.completed",
            order.subject(),
            before={"status": "delivered"},
            after={"status": "completed"},
        )


def cancel_order(
    history: History,
    order: OrderInProgress,
    actor: ActorRef,
    at: datetime,
    *,
    reason: str,
    fault: str,
    note: str | None = None,
    request_id: int | None = None,
) -> int:
    """`orders.service.cancel_order_as`: cancel (before shipment, or an intercepted parcel) and
    refund what is left to refund; returns the refunded amount."""
    before = {"status": order.row["status"], "refunded_minor": order.row["refunded_minor"]}
    remaining = int(order.row["paid_minor"]) - int(order.row["refunded_minor"])
    if remaining:
        history.rows.add(
            "refunds",
            {
                "order_id": order.id,
                "after_sale_request_id": request_id,
                "amount_minor": remaining,
                "currency": order.row["currency"],
                "reason": reason,
                "created_at": at,
            },
        )
    refunded = int(order.row["refunded_minor"]) + remaining
    order.move(
        at,
        status="cancelled",
        cancelled_at=at,
        cancel_reason=reason,
        cancel_fault=fault,
        refunded_minor=refunded,
    )
    audit(
        history.rows,
        actor,
        at,
        "order.cancelled",
        order.subject(),
        before=before,
        after={"status": "cancelled", "refunded_minor": refunded, "fault": fault},
        reason=reason,
        note=note,
    )
    publish_order_event(
        history,
        EventType.ORDER_CANCELLED,
        order,
        at,
        reason=reason,
        fault=fault,
        refunded_minor=refunded,
    )
    return remaining


def publish_order_event(
    history: History, type_: EventType, order: OrderInProgress, at: datetime, **details: object
) -> None:
    number = int(order.row["number"])
    publish(
        history.rows,
        type_,
        at,
        resource_type="order",
        resource_id=number,
        seller_id=order.seller.id,
        data={"order_number": number, "status": order.row["status"], **details},
    )

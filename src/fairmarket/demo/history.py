"""An order's life in the demo: placed, paid, shipped, delivered, completed — up to "now"."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fairmarket.demo.actors import (
    COMPLETION,
    PAYMENTS,
    ActorRef,
    Subject,
    audit,
    buyer_actor,
    carrier_actor,
    seller_actor,
)
from fairmarket.demo.regions import Region
from fairmarket.demo.rows import Row, Rows
from fairmarket.demo.world import SellerCast, round_price

COMPLETION_WINDOW = timedelta(days=7)
PAYMENT_METHODS = ("card", "card", "card", "wallet", "bank_transfer")


@dataclass
class History:
    """What every order's simulation shares: the randomness, the rows, and the present."""

    rng: random.Random
    rows: Rows
    now: datetime
    response_windows: dict[str, timedelta]


@dataclass
class OrderInProgress:
    row: Row
    seller: SellerCast
    buyer_id: int
    ship_at: datetime = field(init=False)

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
        rows.add(
            "order_lines",
            {
                "order_id": order.id,
                "product_id": product_id,
                "title": title,
                "quantity": quantity,
                "unit_price_minor": price,
            },
        )
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


def fulfil_order(history: History, order: OrderInProgress, ship_at: datetime) -> None:
    """Ship at `ship_at`, then let the carrier and the completion window run until now."""
    rng, now = history.rng, history.now
    if ship_at > now:
        return
    actor = seller_actor(rng, order.seller)
    carrier = rng.choice(order.region.carriers)
    tracking = order.region.tracking_format.format(n=f"{rng.randrange(10**9):09d}")
    deliver_at = ship_at + timedelta(hours=rng.triangular(20, 160, 60))
    delivered = deliver_at <= now
    shipment_id = history.rows.add(
        "shipments",
        {
            "order_id": order.id,
            "carrier": carrier,
            "tracking_number": tracking,
            "status": "delivered" if delivered else "in_transit",
            "shipped_at": ship_at,
            "delivered_at": deliver_at if delivered else None,
        },
    )
    _ship(history, order, actor, ship_at, carrier=carrier, tracking=tracking)
    _track(history, shipment_id, carrier, ship_at, deliver_at)
    if delivered:
        _deliver(history, order, carrier, deliver_at)


def _ship(
    history: History,
    order: OrderInProgress,
    actor: ActorRef,
    at: datetime,
    *,
    carrier: str,
    tracking: str,
) -> None:
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


def _track(
    history: History, shipment_id: int, carrier: str, ship_at: datetime, deliver_at: datetime
) -> None:
    scans = (
        (ship_at, "in_transit", f"Handed to {carrier}"),
        (ship_at + (deliver_at - ship_at) * 0.4, "in_transit", "Arrived at the sorting centre"),
        (deliver_at - timedelta(hours=5), "out_for_delivery", "Out for delivery"),
        (deliver_at, "delivered", "Delivered to the recipient"),
    )
    for at, status, description in scans:
        if at <= history.now:
            history.rows.add(
                "shipment_events",
                {
                    "shipment_id": shipment_id,
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

"""One Olist order as Fairmarket rows: order, lines, payment, shipment and events, refund, audit.

Written with Core inserts (one statement per table and row) rather than ORM objects: the ORM's
unit-of-work bookkeeping made a 2,500-order import take several times longer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from fairmarket.demo.olist_csv import OlistOrder
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.orders.models import (
    Order,
    OrderLine,
    Payment,
    Refund,
    Shipment,
    ShipmentEvent,
)
from fairmarket.domains.reviews.models import Review

COMPLETION_WINDOW = timedelta(days=7)
CARRIER = "Correios"
SHIPPED_STATUSES = frozenset({"in_transit", "delivered", "completed"})


def table(model: type[Any]) -> Table:
    result = model.__table__
    assert isinstance(result, Table)
    return result


def insert_row(session: Session, model: type[Any], values: dict[str, Any]) -> int:
    """Insert one row and return its new id."""
    statement = insert(table(model)).returning(table(model).c.id)
    return int(session.execute(statement, values).scalar_one())


def final_status(order: OlistOrder, now: datetime) -> str:
    if order.status == "delivered" and order.delivered_at is not None:
        return "completed" if order.delivered_at + COMPLETION_WINDOW <= now else "delivered"
    return order.status


def add_order(
    session: Session,
    source: OlistOrder,
    *,
    number: int,
    seller_id: int,
    buyer_id: int,
    product: tuple[int, str],
    now: datetime,
) -> str:
    """Write the order and everything that hangs off it; return its final status."""
    status = final_status(source, now)
    paid_at = source.approved_at or source.purchased_at
    total = source.products_minor + source.freight_minor
    paid = 0 if status == "awaiting_payment" else total
    cancelled = status == "cancelled"
    cancel_reason = f"olist:{source.olist_status}" if cancelled else None
    order_id = insert_row(
        session,
        Order,
        {
            "number": number,
            "seller_id": seller_id,
            "buyer_id": buyer_id,
            "status": status,
            "currency": "BRL",
            "subtotal_minor": source.products_minor,
            "shipping_fee_minor": source.freight_minor,
            "total_minor": total,
            "paid_minor": paid,
            "refunded_minor": paid if cancelled else 0,
            "shipping_region": "BR",
            "placed_at": source.purchased_at,
            "updated_at": source.delivered_at or paid_at,
            "cancelled_at": paid_at if cancelled else None,
            "cancel_reason": cancel_reason,
            "cancel_fault": None,  # Olist does not say who caused it
            "external_ref": source.external_ref,
        },
    )
    session.execute(insert(table(OrderLine)), _lines(order_id, source, product))
    if paid:
        _money(session, Payment, order_id, paid, paid_at, method="olist")
    if cancelled and paid:
        _money(session, Refund, order_id, paid, paid_at, reason=str(cancel_reason))
    if status in SHIPPED_STATUSES:
        _ship(session, order_id, source, paid_at)
    session.execute(insert(table(AuditRecord)), [_audit(order_id, seller_id, status, source)])
    if source.review is not None:
        session.execute(insert(table(Review)), [_review(order_id, seller_id, buyer_id, source)])
    return status


def _review(order_id: int, seller_id: int, buyer_id: int, source: OlistOrder) -> dict[str, Any]:
    review = source.review
    assert review is not None
    return {
        "order_id": order_id,
        "seller_id": seller_id,
        "buyer_id": buyer_id,
        "score": review.score,
        "title": review.title,
        "comment": review.comment,
        "language": "pt-BR",
        "topic": review.topic,
        "created_at": review.created_at,
        "answered_at": review.answered_at,
    }


def _money(
    session: Session, model: type[Any], order_id: int, amount: int, at: datetime, **extra: str
) -> None:
    at_column = "captured_at" if model is Payment else "created_at"
    values = {"order_id": order_id, "amount_minor": amount, "currency": "BRL", at_column: at}
    session.execute(insert(table(model)), [values | extra])


def _lines(order_id: int, source: OlistOrder, product: tuple[int, str]) -> list[dict[str, Any]]:
    """Olist gives the items' total; split it so that quantity times unit price adds up exactly."""
    product_id, title = product
    unit, remainder = divmod(source.products_minor, source.items)
    shapes = (
        [(source.items, unit)]
        if remainder == 0
        else [(source.items - 1, unit), (1, source.products_minor - unit * (source.items - 1))]
    )
    return [
        {
            "order_id": order_id,
            "product_id": product_id,
            "title": title,
            "quantity": quantity,
            "unit_price_minor": price,
        }
        for quantity, price in shapes
    ]


def _ship(session: Session, order_id: int, source: OlistOrder, shipped_at: datetime) -> None:
    # The file has no carrier hand-over date; approval is the latest moment known before it.
    shipment_id = insert_row(
        session,
        Shipment,
        {
            "order_id": order_id,
            "carrier": CARRIER,
            "tracking_number": f"OL{source.olist_id.zfill(9)}BR",
            "status": "delivered" if source.delivered_at else "in_transit",
            "shipped_at": shipped_at,
            "delivered_at": source.delivered_at,
        },
    )
    events = [(shipped_at, "in_transit", f"Handed to {CARRIER}")]
    if source.delivered_at:
        events.append((source.delivered_at, "delivered", "Delivered to the recipient"))
    session.execute(
        insert(table(ShipmentEvent)),
        [
            {"shipment_id": shipment_id, "at": at, "status": status, "description": text}
            for at, status, text in events
        ],
    )


def _audit(order_id: int, seller_id: int, status: str, source: OlistOrder) -> dict[str, Any]:
    return {
        "at": source.purchased_at,
        "actor_kind": "system",
        "actor_id": None,
        "actor_label": "import:olist",
        "channel": "cli",
        "action": "order.imported",
        "subject_type": "order",
        "subject_id": order_id,
        "seller_id": seller_id,
        "order_id": order_id,
        "before": None,
        "after": {
            "status": status,
            "olist_status": source.olist_status,
            "external_ref": source.external_ref,
        },
        "reason": None,
        "note": f"Imported from Olist (CSV line {source.line}).",
    }

"""One Olist order as Fairmarket rows: order, lines, payment, shipment and events, refund, audit."""

from __future__ import annotations

from datetime import datetime, timedelta

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

COMPLETION_WINDOW = timedelta(days=7)
CARRIER = "Correios"
SHIPPED_STATUSES = frozenset({"in_transit", "delivered", "completed"})


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
    status = final_status(source, now)
    paid_at = source.approved_at or source.purchased_at
    total = source.products_minor + source.freight_minor
    paid = 0 if status == "awaiting_payment" else total
    cancelled = status == "cancelled"
    order = Order(
        number=number,
        seller_id=seller_id,
        buyer_id=buyer_id,
        status=status,
        currency="BRL",
        subtotal_minor=source.products_minor,
        shipping_fee_minor=source.freight_minor,
        total_minor=total,
        paid_minor=paid,
        refunded_minor=paid if cancelled else 0,
        shipping_region="BR",
        placed_at=source.purchased_at,
        updated_at=source.delivered_at or paid_at,
        cancelled_at=paid_at if cancelled else None,
        cancel_reason=f"olist:{source.olist_status}" if cancelled else None,
        cancel_fault=None,  # Olist does not say who caused it
        external_ref=source.external_ref,
    )
    order.lines.extend(_lines(source, product))
    session.add(order)
    session.flush()
    if paid:
        session.add(
            Payment(
                order_id=order.id,
                amount_minor=paid,
                currency="BRL",
                method="olist",
                captured_at=paid_at,
            )
        )
    if cancelled and paid:
        session.add(
            Refund(
                order_id=order.id,
                amount_minor=paid,
                currency="BRL",
                reason=str(order.cancel_reason),
                created_at=paid_at,
            )
        )
    if status in SHIPPED_STATUSES:
        _ship(session, order, source, paid_at)
    session.add(_audit(order, source))
    session.flush()
    return status


def _lines(source: OlistOrder, product: tuple[int, str]) -> list[OrderLine]:
    """Olist gives the items' total; split it so that quantity times unit price adds up exactly."""
    product_id, title = product
    unit, remainder = divmod(source.products_minor, source.items)
    if remainder == 0:
        return [
            OrderLine(
                product_id=product_id, title=title, quantity=source.items, unit_price_minor=unit
            )
        ]
    return [
        OrderLine(
            product_id=product_id, title=title, quantity=source.items - 1, unit_price_minor=unit
        ),
        OrderLine(
            product_id=product_id,
            title=title,
            quantity=1,
            unit_price_minor=source.products_minor - unit * (source.items - 1),
        ),
    ]


def _ship(session: Session, order: Order, source: OlistOrder, shipped_at: datetime) -> None:
    # The file has no carrier hand-over date; approval is the latest moment known before it.
    shipment = Shipment(
        carrier=CARRIER,
        tracking_number=f"OL{source.olist_id.zfill(9)}BR",
        status="delivered" if source.delivered_at else "in_transit",
        shipped_at=shipped_at,
        delivered_at=source.delivered_at,
    )
    order.shipments.append(shipment)
    session.flush()
    session.add(
        ShipmentEvent(
            shipment_id=shipment.id,
            at=shipped_at,
            status="in_transit",
            description=f"Handed to {CARRIER}",
        )
    )
    if source.delivered_at:
        session.add(
            ShipmentEvent(
                shipment_id=shipment.id,
                at=source.delivered_at,
                status="delivered",
                description="Delivered to the recipient",
            )
        )


def _audit(order: Order, source: OlistOrder) -> AuditRecord:
    return AuditRecord(
        at=source.purchased_at,
        actor_kind="system",
        actor_id=None,
        actor_label="import:olist",
        channel="cli",
        action="order.imported",
        subject_type="order",
        subject_id=order.id,
        seller_id=order.seller_id,
        order_id=order.id,
        before=None,
        after={
            "status": order.status,
            "olist_status": source.olist_status,
            "external_ref": source.external_ref,
        },
        note=f"Imported from Olist (CSV line {source.line}).",
    )

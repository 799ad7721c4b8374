from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairmarket.db.base import Base
from fairmarket.db.enum_columns import enum_column
from fairmarket.domains.orders.lifecycle import OrderStatus, ScanStatus, ShipmentStatus


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("refunded_minor <= paid_minor", name="refund_within_paid"),
        CheckConstraint("refunded_minor >= 0", name="refund_not_negative"),
        Index("ix_orders_seller_status_number", "seller_id", "status", "number"),
        Index("ix_orders_seller_number", "seller_id", "number"),
        Index("ix_orders_seller_placed_at", "seller_id", "placed_at"),
        Index("ix_orders_seller_updated_at", "seller_id", "updated_at"),
        Index("ix_orders_status_placed_at", "status", "placed_at"),  # the handling deadline
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    status: Mapped[OrderStatus] = enum_column(OrderStatus, 24)
    currency: Mapped[str] = mapped_column(String(3))
    subtotal_minor: Mapped[int]
    shipping_fee_minor: Mapped[int]
    total_minor: Mapped[int]
    # Maintained by the ledger functions under the order's row lock; the check constraint above
    # makes "never refund more than was paid" a database invariant as well as a service rule.
    paid_minor: Mapped[int] = mapped_column(default=0)
    refunded_minor: Mapped[int] = mapped_column(default=0)
    shipping_region: Mapped[str] = mapped_column(String(8))
    placed_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(40))
    cancel_fault: Mapped[str | None] = mapped_column(String(16))
    external_ref: Mapped[str | None] = mapped_column(String(64), unique=True)

    # Loaded when read (order views), not on every lock/decision that never looks at them.
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order", order_by="OrderLine.id")
    shipments: Mapped[list[Shipment]] = relationship(back_populates="order", order_by="Shipment.id")


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="positive_quantity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int]
    unit_price_minor: Mapped[int]

    order: Mapped[Order] = relationship(back_populates="lines")


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(60))
    tracking_number: Mapped[str] = mapped_column(String(60))
    status: Mapped[ShipmentStatus] = enum_column(ShipmentStatus, 24)
    shipped_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]

    order: Mapped[Order] = relationship(back_populates="shipments")
    events: Mapped[list[ShipmentEvent]] = relationship(order_by="ShipmentEvent.at")


class ShipmentEvent(Base):
    __tablename__ = "shipment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    at: Mapped[datetime]
    status: Mapped[ScanStatus] = enum_column(ScanStatus, 24)
    description: Mapped[str] = mapped_column(Text)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="positive_amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    amount_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(24))
    captured_at: Mapped[datetime]


class Refund(Base):
    """The refund ledger. One refund per request at most, enforced by unique constraints."""

    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="positive_amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    after_sale_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("after_sale_requests.id"), unique=True
    )
    amount_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]

"""Endpoints a seller registered, one delivery per (endpoint, event), and every attempt made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.db.enum_columns import enum_column
from fairmarket.domains.webhooks.schemas import DeliveryFailure, DeliveryStatus, EndpointStatus


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        Index("ix_webhook_endpoints_seller_id_id", "seller_id", "id"),
        Index("ix_webhook_endpoints_seller_updated_at", "seller_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    url: Mapped[str] = mapped_column(String(2048))
    # Encrypted, not hashed: every delivery is signed with it (HMAC needs the key itself).
    # See signing_secrets.py; rows from before encryption hold `whsec_...` until sealed.
    secret: Mapped[str] = mapped_column(String(100))
    # After a rotation the replaced secret keeps signing (next to the new one) until it expires,
    # so receivers can switch over without dropping a notification.
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_expires_at: Mapped[datetime | None]
    event_types: Mapped[list[str]] = mapped_column(JSON)  # empty: every type
    status: Mapped[EndpointStatus] = enum_column(EndpointStatus, 20)
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]  # the last change a seller sees: status, secret
    # The fan-out cursor: the last event of the log this endpoint has been matched against.
    last_event_id: Mapped[int] = mapped_column(BigInteger)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_webhook_deliveries_endpoint_created_at", "endpoint_id", "created_at"),
        Index("ix_webhook_deliveries_endpoint_updated_at", "endpoint_id", "updated_at"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        # Claims take first attempts (attempts = 0) in due order (next_attempt_at, id) before
        # any retry: read in index order, a claim stops after the rows it takes.
        Index(
            "ix_webhook_deliveries_status_attempts_next_attempt_at_id",
            "status",
            "attempts",
            "next_attempt_at",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("events.id")
    )
    status: Mapped[DeliveryStatus] = enum_column(DeliveryStatus, 20)
    attempts: Mapped[int]
    next_attempt_at: Mapped[datetime]
    last_status_code: Mapped[int | None]
    last_failure: Mapped[DeliveryFailure | None] = enum_column(DeliveryFailure, 30)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    # The last attempt, give-up or redelivery (claiming a lease is bookkeeping, not a change).
    updated_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    at: Mapped[datetime]
    status_code: Mapped[int | None]
    failure: Mapped[DeliveryFailure | None] = enum_column(DeliveryFailure, 30)
    error: Mapped[str | None] = mapped_column(String(300))  # the failure in words, never raw
    duration_ms: Mapped[int]

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.domains.events.types import EventType


class Event(Base):
    """One change, written in the transaction that made it. `id` orders the log; `sequence`
    counts the changes of one resource from 1; on PostgreSQL `transaction_id` lets readers
    hold back events of transactions that may still commit out of id order."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("resource_type", "resource_id", "sequence"),
        Index("ix_events_seller_id_id", "seller_id", "id"),
        Index("ix_events_seller_occurred_at", "seller_id", "occurred_at"),
    )

    # BIGINT on PostgreSQL; SQLite only auto-increments a column declared INTEGER.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    type: Mapped[EventType] = mapped_column(String(60))  # stored by its value
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[int]
    sequence: Mapped[int]
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"))
    occurred_at: Mapped[datetime]
    transaction_id: Mapped[int | None] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]]

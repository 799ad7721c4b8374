from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.db.enum_columns import enum_column
from fairmarket.kernel.actors import ActorKind, Channel


class AuditRecord(Base):
    __tablename__ = "audit_records"
    __table_args__ = (Index("ix_audit_records_order_at", "order_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_kind: Mapped[ActorKind] = enum_column(ActorKind, 16)
    actor_id: Mapped[int | None]
    actor_label: Mapped[str] = mapped_column(String(200))
    channel: Mapped[Channel] = enum_column(Channel, 16)
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    reason: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)

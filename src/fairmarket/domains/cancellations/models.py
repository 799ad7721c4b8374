from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base


class CancellationRequest(Base):
    __tablename__ = "cancellation_requests"
    __table_args__ = (
        Index("ix_cancellation_requests_seller_status_deadline", "seller_id", "status", "deadline"),
        Index("ix_cancellation_requests_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    status: Mapped[str] = mapped_column(String(16))  # pending | approved | rejected
    reason: Mapped[str] = mapped_column(String(40))
    buyer_note: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime]
    deadline: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(
        String(24)
    )  # approved | rejected | auto_approved
    resolved_by: Mapped[str | None] = mapped_column(String(120))
    reject_reason: Mapped[str | None] = mapped_column(String(40))
    reject_note: Mapped[str | None] = mapped_column(Text)
    refund_minor: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

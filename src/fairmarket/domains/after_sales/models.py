"""One table for every after-sale request, whatever its journey."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.db.enum_columns import enum_column
from fairmarket.domains.after_sales.machines import AfterSaleStatus, Fault, JourneyType, RequestKind
from fairmarket.kernel.actors import ActorKind


class AfterSaleRequest(Base):
    __tablename__ = "after_sale_requests"
    __table_args__ = (
        Index("ix_after_sale_requests_seller_status_deadline", "seller_id", "status", "deadline"),
        Index("ix_after_sale_requests_deadline", "deadline"),
        Index("ix_after_sale_requests_warn_at", "warn_at"),
        Index("ix_after_sale_requests_status_updated", "status", "updated_at"),
        Index("ix_after_sale_requests_seller_requested_at", "seller_id", "requested_at"),
        Index("ix_after_sale_requests_seller_updated_at", "seller_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[JourneyType] = enum_column(JourneyType, 32)
    kind: Mapped[RequestKind] = enum_column(RequestKind, 24)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    status: Mapped[AfterSaleStatus] = enum_column(AfterSaleStatus, 32)
    reason: Mapped[str] = mapped_column(String(40))
    fault: Mapped[Fault] = enum_column(Fault, 16)
    buyer_note: Mapped[str | None] = mapped_column(Text)
    # [{"line_id": 1, "quantity": 2}, ...]; every line in full when the request is whole-order.
    lines: Mapped[list[dict[str, int]]] = mapped_column(JSON)
    whole_order: Mapped[bool]
    requested_minor: Mapped[int]  # the refund the request asks for (capped by what was paid)
    offered_minor: Mapped[int | None]  # a seller's partial-refund offer
    refund_minor: Mapped[int | None]  # what was refunded, once refunded
    decision_reason: Mapped[str | None] = mapped_column(String(40))
    decision_note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[str] | None] = mapped_column(JSON)  # the buyer's links
    decision_evidence: Mapped[list[str] | None] = mapped_column(JSON)  # the decider's links
    dispute_note: Mapped[str | None] = mapped_column(Text)
    return_carrier: Mapped[str | None] = mapped_column(String(60))
    return_tracking: Mapped[str | None] = mapped_column(String(60))
    return_shipped_at: Mapped[datetime | None]
    return_delivered_at: Mapped[datetime | None]
    converted_from_id: Mapped[int | None] = mapped_column(ForeignKey("after_sale_requests.id"))
    requested_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    last_action: Mapped[str] = mapped_column(String(32))
    last_actor: Mapped[str] = mapped_column(String(120))
    # The request's first decision (the first action out of its initial status other than the
    # buyer withdrawing) and the kind of actor that took it: the history back-tests compare
    # rules against. NULL while undecided.
    decided_action: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[ActorKind | None] = enum_column(ActorKind, 16)
    # The running timer: when it fires and what the platform then does; NULL when none runs.
    deadline: Mapped[datetime | None]
    deadline_action: Mapped[str | None] = mapped_column(String(32))
    warn_at: Mapped[datetime | None]  # when to publish after_sale.deadline_approaching
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def snapshot(self) -> dict[str, Any]:
        return {"status": self.status, "version": self.version}

from __future__ import annotations

from datetime import datetime
from typing import Self

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from fairmarket.domains.cancellations.journey import (
    MIN_REJECT_NOTE_LENGTH,
    BuyerCancelReason,
    CancellationStatus,
    RejectReason,
)
from fairmarket.domains.orders.schemas import AvailableAction, Command, OrderRef, SellerCancelReason
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT


class RequestCancellation(OrderRef):
    reason: BuyerCancelReason = Field(description="Why the buyer wants to cancel.")
    note: str | None = Field(None, max_length=1000, description="Optional words to the seller.")


class CancellationListQuery(Command):
    status: CancellationStatus | None = Field(None, description="Only requests in this status.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="next_cursor from the previous page.")


class CancellationRef(Command):
    """Names a request by its id, or by its order number (an order has one open request at most)."""

    request_id: int | None = Field(None, gt=0, description="The cancellation request id.")
    order_number: int | None = Field(None, gt=0, description="Or: the order the request is for.")

    @model_validator(mode="after")
    def _one_reference(self) -> Self:
        if (self.request_id is None) == (self.order_number is None):
            raise ValueError("name the request by request_id or by order_number (exactly one)")
        return self


class DecideCancellation(CancellationRef):
    expected_version: int | None = Field(
        None, ge=1, description="Refuse the decision if the request changed since this version."
    )


class ApproveCancellation(DecideCancellation):
    pass


class RejectCancellation(DecideCancellation):
    reason: RejectReason = Field(description="Why the order is kept.")
    note: str | None = Field(
        None, max_length=1000, validate_default=True, description="Explanation to the buyer."
    )

    @field_validator("note")
    @classmethod
    def _note_unless_shipped(cls, note: str | None, info: ValidationInfo) -> str | None:
        reason = info.data.get("reason")
        if reason is None or reason is RejectReason.ALREADY_SHIPPED:
            return note
        if note is None or len(note) < MIN_REJECT_NOTE_LENGTH:
            raise ValueError(
                f"a rejection for '{reason.value}' needs a note of at least "
                f"{MIN_REJECT_NOTE_LENGTH} characters explaining it to the buyer"
            )
        return note


class SellerCancelOrder(OrderRef):
    reason: SellerCancelReason = Field(description="Why the seller cancels (seller fault).")
    note: str | None = Field(None, max_length=500, description="Optional note to the buyer.")


class CancellationRead(BaseModel):
    id: int
    order_number: int
    status: CancellationStatus
    resolution: str | None = Field(description="approved, rejected or auto_approved once decided.")
    reason: BuyerCancelReason
    fault: str
    buyer_note: str | None
    requested_at: datetime
    deadline: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    reject_reason: RejectReason | None
    reject_note: str | None
    refund_minor: int | None
    currency: str
    version: int
    available_actions: list[AvailableAction]


class CancellationPage(BaseModel):
    items: list[CancellationRead]
    next_cursor: str | None


class JobRunResult(BaseModel):
    processed: int
    auto_approved: int
    auto_rejected: int

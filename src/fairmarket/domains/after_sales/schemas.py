"""Commands and views of after-sale requests, shared by the API, Seller Center and chatbot."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from fairmarket.domains.after_sales.machines import (
    AfterSaleStatus,
    JourneyType,
    RejectReason,
    RequestKind,
)
from fairmarket.domains.after_sales.refunds import RefundBreakdown
from fairmarket.domains.orders.schemas import OrderRef
from fairmarket.kernel.commands import BigId, Command, RowId
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT
from fairmarket.kernel.time_windows import CreatedWindow, ExportWindow, UpdatedSince

MAX_EVIDENCE = 5


class AfterSaleListQuery(Command, CreatedWindow, UpdatedSince):
    """Created means requested (`requested_at`); updated means any change (`updated_at`)."""

    type: JourneyType | None = Field(None, description="Only this journey.")
    status: AfterSaleStatus | None = Field(None, description="Only requests in this status.")
    kind: RequestKind | None = Field(None, description="Only this kind of request.")
    order_number: BigId | None = Field(None, description="Only requests on this order.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="next_cursor from the previous page.")


class AfterSaleExportQuery(Command, ExportWindow):
    """Every after-sale request made in `[created_from, created_to)`, oldest first."""


class AfterSaleRef(Command):
    request_id: RowId = Field(description="The after-sale request id.")


class Decide(AfterSaleRef):
    expected_version: int | None = Field(
        None, ge=1, description="Refuse the action if the request changed since this version."
    )
    dry_run: bool = Field(
        False, description="Validate and return the refund breakdown without changing anything."
    )


def _https_links(links: list[str]) -> list[str]:
    if len(links) > MAX_EVIDENCE:
        raise ValueError(f"at most {MAX_EVIDENCE} links")
    for link in links:
        if not link.startswith("https://") or len(link) > 500 or " " in link:
            raise ValueError(f"'{link[:60]}' is not an https link (https://..., 500 chars max)")
    return links


class ApproveRequest(Decide):
    pass


class RejectRequest(Decide):
    reason: RejectReason = Field(description="Why the request is refused.")
    note: str | None = Field(None, max_length=1000, description="Explanation to the buyer.")
    evidence: list[str] = Field(default_factory=list, description="https links (at most 5).")

    _links = field_validator("evidence")(classmethod(lambda cls, v: _https_links(v)))


class OfferPartialRefund(Decide):
    amount_minor: int = Field(gt=0, description="The offer in minor units (cents).")
    note: str | None = Field(None, max_length=1000, description="Words to the buyer.")


class RequestInterception(Decide):
    pass


class ConfirmReturnReceived(Decide):
    pass


class IssueRefund(Decide):
    pass


class LineQuantity(Command):
    line_id: RowId = Field(description="An order line id (see the order's lines).")
    quantity: int = Field(gt=0, le=10_000, description="How many of that line.")


class OpenCancellation(OrderRef):
    reason: str = Field(min_length=2, max_length=40, description="A cancellation reason code.")
    lines: list[LineQuantity] | None = Field(
        None, max_length=200, description="Only these lines and quantities; omit for all."
    )
    note: str | None = Field(None, max_length=1000, description="Words to the seller.")


class OpenReturn(OpenCancellation):
    kind: RequestKind = Field(description="refund_only, return_and_refund or replacement.")
    reason: str = Field(min_length=2, max_length=40, description="A return reason code.")
    evidence: list[str] = Field(default_factory=list, description="https links (at most 5).")

    _links = field_validator("evidence")(classmethod(lambda cls, v: _https_links(v)))


class ShipReturn(Decide):
    carrier: str = Field(min_length=2, max_length=60, description="Carrier name.")
    tracking_number: str = Field(
        min_length=4,
        max_length=60,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]*$",
        description="Tracking number (letters, digits and dashes).",
    )


class AcceptOffer(Decide):
    pass


class DeclineOffer(Decide):
    note: str | None = Field(None, max_length=1000, description="Words to the seller.")


class Escalate(Decide):
    note: str = Field(min_length=10, max_length=2000, description="What the agent should know.")
    evidence: list[str] = Field(default_factory=list, description="https links (at most 5).")

    _links = field_validator("evidence")(classmethod(lambda cls, v: _https_links(v)))


class Withdraw(Decide):
    pass


class RuleOnDispute(Decide):
    ruling: Literal["for_buyer", "for_seller"] = Field(description="Who is right.")
    note: str = Field(min_length=10, max_length=2000, description="The reason for the decision.")


class CarrierUpdate(Decide):
    event: Literal["parcel_returned", "interception_failed", "return_delivered"] = Field(
        description="What the carrier reported."
    )


class RequestLine(BaseModel):
    line_id: int
    title: str
    quantity: int
    unit_price_minor: int


class ActionOffer(BaseModel):
    action: str
    description: str
    deadline: datetime | None = Field(description="Act before this, or the platform acts.")
    inputs: list[str]
    required_inputs: list[str]
    moves_money: bool


class ReturnShipment(BaseModel):
    carrier: str
    tracking_number: str
    shipped_at: datetime | None
    delivered_at: datetime | None


class TimelineItem(BaseModel):
    at: datetime
    action: str
    actor: str
    actor_kind: str
    channel: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    reason: str | None
    note: str | None


class DryRun(BaseModel):
    action: str
    would_become: str
    refund: RefundBreakdown | None = Field(description="What the action would refund, if any.")


class AfterSaleRead(BaseModel):
    id: int
    type: JourneyType
    kind: RequestKind
    order_number: int
    status: AfterSaleStatus
    reason: str
    fault: str
    lines: list[RequestLine]
    whole_order: bool
    buyer_note: str | None
    requested_minor: int
    offered_minor: int | None
    refund_minor: int | None
    currency: str
    decision_reason: str | None
    decision_note: str | None
    evidence: list[str] = Field(description="The buyer's links (request and escalation).")
    decision_evidence: list[str] = Field(description="The seller's (or agent's) links.")
    dispute_note: str | None
    return_shipment: ReturnShipment | None
    converted_from_id: int | None
    requested_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    last_action: str
    deadline: datetime | None
    deadline_action: str | None
    version: int
    available_actions: list[ActionOffer]
    timeline: list[TimelineItem] | None = Field(None, description="Only when one is read.")
    dry_run: DryRun | None = Field(None, description="Only for ?dry_run=true: nothing changed.")


class AfterSalePage(BaseModel):
    items: list[AfterSaleRead]
    next_cursor: str | None


class TimerView(BaseModel):
    window: str
    default_seconds: int
    actions: list[str]
    warns: bool


class StatusView(BaseModel):
    name: str
    description: str
    terminal: bool
    timer: TimerView | None


class InputView(BaseModel):
    name: str
    required: bool
    description: str


class ActionView(BaseModel):
    name: str
    sources: list[str]
    target: str
    actors: list[str]
    inputs: list[InputView]
    moves_money: bool
    kinds: list[str] | None
    order_statuses: list[str] | None
    description: str


class ReasonView(BaseModel):
    code: str
    fault: str
    refunds_shipping: bool
    description: str


class JourneyView(BaseModel):
    type: str
    description: str
    kinds: list[str]
    initial: str
    order_statuses: list[str]
    refund_shipping: str
    statuses: list[StatusView]
    actions: list[ActionView]
    reasons: list[ReasonView]


class StateMachines(BaseModel):
    journeys: list[JourneyView]
    reject_reasons: list[str]
    deadline_warning_seconds: int


class StateMachinesQuery(Command):
    pass


class TimerRunResult(BaseModel):
    fired: int = 0
    warned: int = 0
    skipped: int = 0
    orders_auto_cancelled: int = 0
    outcomes: dict[str, int] = Field(default_factory=dict)

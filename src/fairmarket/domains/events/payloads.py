"""What each event type carries in `data`: one pydantic model per type, checked when the event
is published and published in the OpenAPI document's `webhooks` section.

Payloads only grow (docs/API-VERSIONING.md): a new field is optional or always present, never a
change of meaning. Unknown fields are refused here so that a publisher cannot send what the
document does not describe.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fairmarket.domains.events.types import AFTER_SALE_ACTION_EVENTS, EventType


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderChanged(EventPayload):
    order_number: int = Field(description="The order's number, as in `/v1/orders/{number}`.")
    status: str = Field(description="The order's status after the change.")


class OrderShipped(OrderChanged):
    carrier: str
    tracking_number: str


class OrderDelivered(OrderChanged):
    pass


class OrderCancelled(OrderChanged):
    reason: str | None = Field(description="Why the order was cancelled (a reason code).")
    fault: str | None = Field(description="Who was at fault: buyer, seller or platform.")
    refunded_minor: int = Field(description="Refunded in total, in minor units.")


class AfterSaleRequestChanged(EventPayload):
    """The request as it stands after the change: an opening, an action, or the end of a
    cancellation request with its order."""

    request_id: int
    type: str = Field(description="The journey (cancellation, return_refund, ...).")
    kind: str
    order_number: int
    status: str = Field(description="The request's status after the change.")
    action: str | None = Field(description="The action taken, by its name in the state machine.")
    reason: str | None
    fault: str | None
    refund_minor: int | None = Field(description="Refunded, in minor units, once refunded.")
    deadline: datetime | None = Field(description="When the platform acts if nobody does.")
    deadline_action: str | None = Field(description="What the platform does at the deadline.")
    version: int = Field(description="The request's version (its ETag) after the change.")


class AfterSaleDeadlineApproaching(EventPayload):
    request_id: int
    type: str
    order_number: int
    status: str
    deadline: datetime | None
    deadline_action: str | None
    version: int


class AfterSaleEvidenceRequested(EventPayload):
    request_id: int
    type: str
    order_number: int | None
    status: str
    message: str = Field(description="What the buyer is asked to send.")
    requested_by: str = Field(description="The rule or person who asked.")


class AfterSaleSellerNotified(EventPayload):
    request_id: int
    type: str
    message: str = Field(description="What a rule tells the seller.")


class ShipmentException(EventPayload):
    request_id: int
    type: str
    order_number: int
    carrier: str
    last_scan_at: datetime = Field(description="The parcel's last carrier scan (or shipping).")
    hours_without_scan: float


EVENT_PAYLOADS: dict[EventType, type[EventPayload]] = {
    EventType.ORDER_SHIPPED: OrderShipped,
    EventType.ORDER_DELIVERED: OrderDelivered,
    EventType.ORDER_CANCELLED: OrderCancelled,
    EventType.AFTER_SALE_REQUESTED: AfterSaleRequestChanged,
    EventType.AFTER_SALE_DEADLINE_APPROACHING: AfterSaleDeadlineApproaching,
    EventType.AFTER_SALE_EVIDENCE_REQUESTED: AfterSaleEvidenceRequested,
    EventType.AFTER_SALE_SELLER_NOTIFIED: AfterSaleSellerNotified,
    EventType.SHIPMENT_EXCEPTION: ShipmentException,
    **dict.fromkeys(AFTER_SALE_ACTION_EVENTS.values(), AfterSaleRequestChanged),
}


def checked_payload(type_: EventType, data: dict[str, Any]) -> dict[str, Any]:
    """`data` unchanged once it matches the type's payload; raises ValueError if it does not
    (a publisher's bug, never the user's)."""
    EVENT_PAYLOADS[type_].model_validate(data)
    return data

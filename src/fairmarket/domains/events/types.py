"""The event types the services publish: the one list that publishers, docs and webhook
filters share. Adding a type means adding it here first, with its payload in `payloads.py`.

Names say what happened, in the past tense (`after_sale.approved`). A few are kept as they
read: `after_sale.deadline_approaching` (a warning about what is coming, not a change) and
`shipment.exception` (a carrier's term, a noun).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum


class EventType(StrEnum):
    ORDER_SHIPPED = "order.shipped"
    ORDER_DELIVERED = "order.delivered"
    ORDER_CANCELLED = "order.cancelled"
    # The opening, the warning before the platform acts, and the two ways the order itself is
    # cancelled under an open cancellation request (handling deadline, the seller's own cancel).
    AFTER_SALE_REQUESTED = "after_sale.requested"
    AFTER_SALE_DEADLINE_APPROACHING = "after_sale.deadline_approaching"
    AFTER_SALE_ORDER_AUTO_CANCELLED = "after_sale.order_auto_cancelled"
    AFTER_SALE_ORDER_CANCELLED_BY_SELLER = "after_sale.order_cancelled_by_seller"
    # One per after-sale journey action (`AFTER_SALE_ACTION_EVENTS`; tests check it against
    # the state machines).
    AFTER_SALE_OFFER_ACCEPTED = "after_sale.offer_accepted"
    AFTER_SALE_APPROVED = "after_sale.approved"
    AFTER_SALE_AUTO_APPROVED = "after_sale.auto_approved"
    AFTER_SALE_AUTO_CLOSED = "after_sale.auto_closed"
    AFTER_SALE_AUTO_CONFIRMED = "after_sale.auto_confirmed"
    AFTER_SALE_AUTO_INTERCEPTED = "after_sale.auto_intercepted"
    AFTER_SALE_AUTO_REJECTED = "after_sale.auto_rejected"
    AFTER_SALE_CLOSED = "after_sale.closed"
    AFTER_SALE_RECEIPT_CONFIRMED = "after_sale.receipt_confirmed"
    AFTER_SALE_OFFER_DECLINED = "after_sale.offer_declined"
    AFTER_SALE_ESCALATED = "after_sale.escalated"
    AFTER_SALE_INTERCEPTION_FAILED = "after_sale.interception_failed"
    AFTER_SALE_REFUND_ISSUED = "after_sale.refund_issued"
    AFTER_SALE_PARTIAL_REFUND_OFFERED = "after_sale.partial_refund_offered"
    AFTER_SALE_PARCEL_RETURNED = "after_sale.parcel_returned"
    AFTER_SALE_REJECTED = "after_sale.rejected"
    AFTER_SALE_INTERCEPTION_REQUESTED = "after_sale.interception_requested"
    AFTER_SALE_RETURN_DELIVERED = "after_sale.return_delivered"
    AFTER_SALE_RULED_FOR_BUYER = "after_sale.ruled_for_buyer"
    AFTER_SALE_RULED_FOR_SELLER = "after_sale.ruled_for_seller"
    AFTER_SALE_RETURN_SHIPPED = "after_sale.return_shipped"
    AFTER_SALE_WITHDRAWN = "after_sale.withdrawn"
    AFTER_SALE_REFUNDED_WITHOUT_RETURN = "after_sale.refunded_without_return"
    # The rules engine: a rule asked the buyer for evidence, or told the seller something.
    AFTER_SALE_EVIDENCE_REQUESTED = "after_sale.evidence_requested"
    AFTER_SALE_SELLER_NOTIFIED = "after_sale.seller_notified"
    # A parcel under an open after-sale request has had no carrier scan for too long.
    SHIPMENT_EXCEPTION = "shipment.exception"


EVENT_TYPES: tuple[str, ...] = tuple(EventType)

# What each after-sale journey action publishes (the action's name is the imperative the
# state machine uses; the event says it happened). The audit log keeps the action's name.
AFTER_SALE_ACTION_EVENTS: dict[str, EventType] = {
    "accept_offer": EventType.AFTER_SALE_OFFER_ACCEPTED,
    "approve": EventType.AFTER_SALE_APPROVED,
    "auto_approve": EventType.AFTER_SALE_AUTO_APPROVED,
    "auto_close": EventType.AFTER_SALE_AUTO_CLOSED,
    "auto_confirm": EventType.AFTER_SALE_AUTO_CONFIRMED,
    "auto_intercept": EventType.AFTER_SALE_AUTO_INTERCEPTED,
    "auto_reject": EventType.AFTER_SALE_AUTO_REJECTED,
    "close": EventType.AFTER_SALE_CLOSED,
    "confirm_received": EventType.AFTER_SALE_RECEIPT_CONFIRMED,
    "decline_offer": EventType.AFTER_SALE_OFFER_DECLINED,
    "escalate": EventType.AFTER_SALE_ESCALATED,
    "interception_failed": EventType.AFTER_SALE_INTERCEPTION_FAILED,
    "issue_refund": EventType.AFTER_SALE_REFUND_ISSUED,
    "offer_partial_refund": EventType.AFTER_SALE_PARTIAL_REFUND_OFFERED,
    "parcel_returned": EventType.AFTER_SALE_PARCEL_RETURNED,
    "refund_without_return": EventType.AFTER_SALE_REFUNDED_WITHOUT_RETURN,
    "reject": EventType.AFTER_SALE_REJECTED,
    "request_interception": EventType.AFTER_SALE_INTERCEPTION_REQUESTED,
    "return_delivered": EventType.AFTER_SALE_RETURN_DELIVERED,
    "rule_for_buyer": EventType.AFTER_SALE_RULED_FOR_BUYER,
    "rule_for_seller": EventType.AFTER_SALE_RULED_FOR_SELLER,
    "ship_return": EventType.AFTER_SALE_RETURN_SHIPPED,
    "withdraw": EventType.AFTER_SALE_WITHDRAWN,
    # A cancellation request ends with the order when the order itself is cancelled.
    "order_auto_cancelled": EventType.AFTER_SALE_ORDER_AUTO_CANCELLED,
    "order_cancelled_by_seller": EventType.AFTER_SALE_ORDER_CANCELLED_BY_SELLER,
}


def after_sale_action_event(action: str) -> EventType:
    """The event an after-sale action publishes, e.g. `approve` -> `after_sale.approved`."""
    try:
        return AFTER_SALE_ACTION_EVENTS[action]
    except KeyError:
        raise ValueError(
            f"after-sale action {action!r} has no event type; "
            "add it to AFTER_SALE_ACTION_EVENTS in domains/events/types.py"
        ) from None


# The names used until 2026-12-05 (`after_sale.<action>`), still accepted in webhook filters and
# `GET /v1/events?type=` until the sunset (docs/API-VERSIONING.md: at least 6 months).
RENAMED_EVENT_TYPES: dict[str, EventType] = {
    f"after_sale.{action}": event_type
    for action, event_type in AFTER_SALE_ACTION_EVENTS.items()
    if f"after_sale.{action}" != event_type
}
OLD_NAMES_DEPRECATED_ON = date(2026, 12, 5)
OLD_NAMES_SUNSET_ON = date(2027, 6, 5)


def current_event_type_name(name: str) -> str:
    """The name an event type has now: an old name becomes its new one; others are unchanged
    (whether they exist is the caller's check)."""
    renamed = RENAMED_EVENT_TYPES.get(name)
    return str(renamed) if renamed is not None else name


def old_event_type_names(names: Iterable[str]) -> list[str]:
    """The deprecated names among these, in order, each once."""
    return list(dict.fromkeys(name for name in names if name in RENAMED_EVENT_TYPES))

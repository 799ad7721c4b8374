"""The event types the services publish: the one list that publishers, docs and webhook
filters share. Adding a type means adding it here first."""

from __future__ import annotations

from enum import StrEnum

EVENT_TYPES: tuple[str, ...] = (
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    # One per after-sale journey action (tests check this against the state machines), plus
    # the opening, the warning before the platform acts, and the two ways the order itself is
    # cancelled under an open cancellation request (handling deadline, the seller's own cancel).
    "after_sale.requested",
    "after_sale.deadline_approaching",
    "after_sale.order_auto_cancelled",
    "after_sale.order_cancelled_by_seller",
    "after_sale.accept_offer",
    "after_sale.approve",
    "after_sale.auto_approve",
    "after_sale.auto_close",
    "after_sale.auto_confirm",
    "after_sale.auto_intercept",
    "after_sale.auto_reject",
    "after_sale.close",
    "after_sale.confirm_received",
    "after_sale.decline_offer",
    "after_sale.escalate",
    "after_sale.interception_failed",
    "after_sale.issue_refund",
    "after_sale.offer_partial_refund",
    "after_sale.parcel_returned",
    "after_sale.reject",
    "after_sale.request_interception",
    "after_sale.return_delivered",
    "after_sale.rule_for_buyer",
    "after_sale.rule_for_seller",
    "after_sale.ship_return",
    "after_sale.withdraw",
    "after_sale.refund_without_return",
    # The rules engine: a rule asked the buyer for evidence, or told the seller something.
    "after_sale.evidence_requested",
    "after_sale.seller_notified",
    # A parcel under an open after-sale request has had no carrier scan for too long.
    "shipment.exception",
)

# The same list as one type: the API documents event types as an enum.
EventType = StrEnum("EventType", {name: name for name in EVENT_TYPES})  # type: ignore[misc]

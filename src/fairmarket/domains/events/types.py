"""The event types the services publish: the one list that publishers, docs and webhook
filters share. Adding a type means adding it here first."""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "cancellation.requested",
    "cancellation.approved",
    "cancellation.rejected",
    "cancellation.auto_approved",
    "cancellation.auto_rejected",
    "order.shipped",
    "order.cancelled",
)

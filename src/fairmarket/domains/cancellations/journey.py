"""The pre-shipment cancellation journey as data: statuses, actions, who may act, timers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fairmarket.kernel.actors import ActorKind


class CancellationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class BuyerCancelReason(StrEnum):
    CHANGED_MIND = "changed_mind"
    ORDERED_BY_MISTAKE = "ordered_by_mistake"
    FOUND_BETTER_PRICE = "found_better_price"
    DELIVERY_TOO_SLOW = "delivery_too_slow"
    PAYMENT_ISSUE = "payment_issue"
    OTHER = "other"


class RejectReason(StrEnum):
    ALREADY_SHIPPED = "already_shipped"
    BUYER_AGREED_TO_KEEP = "buyer_agreed_to_keep"
    CUSTOM_MADE = "custom_made"


# Fault attribution of each buyer reason (who caused the cancellation).
BUYER_REASON_FAULT: dict[BuyerCancelReason, str] = {
    BuyerCancelReason.CHANGED_MIND: "buyer",
    BuyerCancelReason.ORDERED_BY_MISTAKE: "buyer",
    BuyerCancelReason.FOUND_BETTER_PRICE: "buyer",
    BuyerCancelReason.DELIVERY_TOO_SLOW: "seller",
    BuyerCancelReason.PAYMENT_ISSUE: "platform",
    BuyerCancelReason.OTHER: "buyer",
}

MIN_REJECT_NOTE_LENGTH = 10

SELLER = frozenset({ActorKind.SELLER_USER, ActorKind.INTEGRATION})


@dataclass(frozen=True)
class JourneyAction:
    name: str
    source: CancellationStatus
    target: CancellationStatus
    actors: frozenset[ActorKind]
    inputs: tuple[str, ...]
    before_deadline: bool
    description: str


CANCELLATION_ACTIONS: tuple[JourneyAction, ...] = (
    JourneyAction(
        "approve",
        CancellationStatus.PENDING,
        CancellationStatus.APPROVED,
        SELLER,
        (),
        True,
        "Cancel the order and refund the buyer in full.",
    ),
    JourneyAction(
        "reject",
        CancellationStatus.PENDING,
        CancellationStatus.REJECTED,
        SELLER,
        ("reason", "note"),
        True,
        "Keep the order. 'already_shipped' needs a shipment; other reasons need a note "
        f"of at least {MIN_REJECT_NOTE_LENGTH} characters.",
    ),
    JourneyAction(
        "auto_approve",
        CancellationStatus.PENDING,
        CancellationStatus.APPROVED,
        frozenset({ActorKind.SYSTEM}),
        (),
        False,
        "Timer: the seller did not answer within the response window.",
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in CANCELLATION_ACTIONS}


def actions_for(status: CancellationStatus, actor_kind: ActorKind) -> list[JourneyAction]:
    return [a for a in CANCELLATION_ACTIONS if a.source is status and actor_kind in a.actors]

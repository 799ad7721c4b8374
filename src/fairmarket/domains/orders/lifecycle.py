"""The order lifecycle, declared as data and enforced in one place (`apply_transition`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fairmarket.kernel.actors import ActorKind
from fairmarket.kernel.errors import conflict, forbidden
from fairmarket.kernel.synonyms import declare_synonyms


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_SHIPMENT = "awaiting_shipment"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ShipmentStatus(StrEnum):
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"


class ScanStatus(StrEnum):
    """What a carrier's scan of a parcel says (a shipment's event)."""

    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    RETURNED = "returned"  # an intercepted parcel is back with the seller


declare_synonyms(
    OrderStatus,
    {
        OrderStatus.AWAITING_PAYMENT: (
            r"awaiting payment",
            r"unpaid",
            r"not (?:yet )?paid",
            r"waiting (?:for|on) payment",
            r"pending payment",
            r"payment pending",
            r"(?:not|havent|hasnt|have not|has not|never|didnt|did not|yet to)(?: yet)?(?: been)?"
            r" (?:paid|pay)",
            r"(?:no|without|missing) payment",
            r"(?:nobody|no one|noone) (?:has |have )?(?:yet )?paid",
        ),
        OrderStatus.AWAITING_SHIPMENT: (
            r"awaiting (?:shipment|shipping|dispatch)",
            r"to (?:be )?ship(?:ped)?",
            r"unshipped",
            r"(?:not|havent|hasnt|have not|has not|didnt|did not)(?: yet)?(?: been)?"
            r" (?:shipped|sent|dispatched|posted|mailed)",
            r"(?:didnt|did not|did (?:we|i) not) (?:yet )?(?:ship|send|post|dispatch|mail)\b",
            r"needs? (?:to be )?ship(?:ping|ped)?",
            r"ready to ship",
            r"waiting to (?:be )?ship(?:ped)?",
            r"pending (?:shipment|shipping|dispatch)",
            r"(?:have|has|need|needs|got|yet|still|waiting for (?:me|us)) to (?:ship|send|post"
            r"|dispatch|mail|pack)",
        ),
        OrderStatus.IN_TRANSIT: (
            r"in transit",
            r"on (?:the|their) way",
            r"out for delivery",
            r"(?:are|were|been|already) shipped",
            r"shipped orders",
            r"with the (?:carrier|courier)",
            r"on the road",
            r"en route",
            r"in the (?:mail|post)",
            r"being (?:delivered|shipped)",
        ),
        OrderStatus.DELIVERED: (
            r"delivered",
            r"arrived",
            r"(?:buyers?|customers?|recipients?|they)(?: \w+){0,2} (?:got|gotten|received"
            r"|picked up)",
            r"reached (?:the |their )?(?:buyers?|customers?)",
            r"in (?:the )?(?:buyers?|customers?|their) hands",
        ),
        OrderStatus.COMPLETED: (
            r"completed",
            r"complete",
            r"finished",
        ),
        OrderStatus.CANCELLED: (r"cancell?ed",),
    },
)


SELLER_SIDE = frozenset({ActorKind.SELLER_USER, ActorKind.INTEGRATION})
SYSTEM = frozenset({ActorKind.SYSTEM})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[OrderStatus]
    target: OrderStatus
    actors: frozenset[ActorKind]
    description: str


S = OrderStatus
ORDER_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "pay",
        frozenset({S.AWAITING_PAYMENT}),
        S.AWAITING_SHIPMENT,
        SYSTEM | {ActorKind.BUYER},
        "Payment captured.",
    ),
    Transition(
        "ship",
        frozenset({S.AWAITING_SHIPMENT}),
        S.IN_TRANSIT,
        SELLER_SIDE | SYSTEM,
        "Seller hands the parcel to a carrier with a tracking number.",
    ),
    Transition(
        "deliver", frozenset({S.IN_TRANSIT}), S.DELIVERED, SYSTEM, "Carrier reports delivery."
    ),
    Transition(
        "complete",
        frozenset({S.DELIVERED}),
        S.COMPLETED,
        SYSTEM | {ActorKind.BUYER},
        "Buyer confirms receipt or the completion window closes.",
    ),
    Transition(
        "cancel",
        frozenset({S.AWAITING_PAYMENT, S.AWAITING_SHIPMENT}),
        S.CANCELLED,
        SELLER_SIDE | SYSTEM | {ActorKind.AGENT},
        "Order cancelled before shipment (by the seller, by approving a buyer's request, or by "
        "an agent ruling for the buyer on a disputed one).",
    ),
    Transition(
        "cancel_in_transit",
        frozenset({S.IN_TRANSIT}),
        S.CANCELLED,
        SYSTEM | SELLER_SIDE,
        "The carrier brought an intercepted parcel back: the order is cancelled.",
    ),
)
BLOCKED_CODES = {
    "pay": "order_not_payable",
    "ship": "order_not_shippable",
    "deliver": "order_not_deliverable",
    "complete": "order_not_completable",
    "cancel": "order_not_cancellable",
    "cancel_in_transit": "order_not_in_transit",
}
TRANSITIONS_BY_NAME = {transition.name: transition for transition in ORDER_TRANSITIONS}


def allowed_transitions(status: OrderStatus, actor_kind: ActorKind) -> list[str]:
    return [t.name for t in ORDER_TRANSITIONS if status in t.sources and actor_kind in t.actors]


def next_status(
    status: OrderStatus, transition_name: str, actor_kind: ActorKind, *, order_number: int
) -> OrderStatus:
    """The one place that decides whether an order may move; raises a DomainError if not."""
    transition = TRANSITIONS_BY_NAME[transition_name]
    if actor_kind not in transition.actors:
        raise forbidden(
            "transition_not_allowed_for_actor",
            f"A {actor_kind.value} cannot {transition_name} an order.",
        )
    if status not in transition.sources:
        allowed = ", ".join(sorted(s.value for s in transition.sources))
        raise conflict(
            BLOCKED_CODES[transition_name],
            f"Order {order_number} is {status.value}; '{transition_name}' is only possible "
            f"while it is {allowed}.",
            current_state={"order_number": order_number, "status": status.value},
        )
    return transition.target

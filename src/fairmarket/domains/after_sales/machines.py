"""Every after-sale journey as data: statuses, actions, who may act, inputs, timers and reasons.

One engine (`engine.py`) executes these tables; `GET /v1/after-sales/state-machines` publishes
them unchanged. A new journey is a new `Journey` here, not new code paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.kernel.actors import ActorKind
from fairmarket.kernel.synonyms import (
    DAMAGED_WORDS,
    INABILITY,
    SHIPPED_WORDS,
    declare_descriptions,
    declare_synonyms,
)


class JourneyType(StrEnum):
    CANCELLATION = "cancellation"  # before shipment
    FULFILMENT_CANCELLATION = "fulfilment_cancellation"  # shipped or in transit
    RETURN = "return"  # after delivery


# Every status of every journey, as one type (the API documents it as one enum, in this order).
class AfterSaleStatus(StrEnum):
    AWAITING_RETURN_SHIPMENT = "awaiting_return_shipment"
    CANCELLED = "cancelled"
    CLOSED = "closed"
    CONVERTED_TO_RETURN = "converted_to_return"
    IN_DISPUTE = "in_dispute"
    INTERCEPTING = "intercepting"
    PARTIAL_OFFERED = "partial_offered"
    PENDING = "pending"
    REFUNDED = "refunded"
    REJECTED = "rejected"
    REPLACED = "replaced"
    RETURN_DELIVERED = "return_delivered"
    RETURN_IN_TRANSIT = "return_in_transit"
    WITHDRAWN = "withdrawn"


class RequestKind(StrEnum):
    CANCEL = "cancel"
    REFUND_ONLY = "refund_only"
    RETURN_AND_REFUND = "return_and_refund"
    REPLACEMENT = "replacement"


# How sellers name journeys and kinds in plain words (the chatbot reads these).
declare_synonyms(
    JourneyType,
    {
        JourneyType.FULFILMENT_CANCELLATION: (
            r"fulfil?ment cancell?ations?",
            r"in[\s-]transit cancell?ations?",
            r"cancell?ations? (?:in transit|of shipped orders|after shipment|to intercept)",
            r"interceptions?",
        ),
        JourneyType.RETURN: (
            r"return[\s-]and[\s-]refund",
            r"refund[\s-]only",
            r"returns?",
            r"rmas?",
            r"replacements?",
            r"refund requests?",
        ),
        JourneyType.CANCELLATION: (
            r"cancell?ations?",
            r"cancel requests?",
            r"requests? to cancel",
            r"cancell?ation requests?",
        ),
    },
)

declare_synonyms(
    RequestKind,
    {
        RequestKind.REFUND_ONLY: (
            r"refund[\s-]only",
            r"refunds? without (?:a )?return",
            r"no return",
        ),
        RequestKind.RETURN_AND_REFUND: (
            r"return[\s-]and[\s-]refund",
            r"return (?:&|for a|for) refund",
            r"returns? with refund",
        ),
        RequestKind.REPLACEMENT: (
            r"replacements?",
            r"exchanges?",
        ),
    },
)


class Fault(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    LOGISTICS = "logistics"
    PLATFORM = "platform"


class Effect(StrEnum):
    """What an action does beyond changing the request's status (`engine.apply_effect`)."""

    NONE = "none"
    REFUND = "refund"  # refund the request's breakdown (or the accepted offer)
    CANCEL_ORDER = "cancel_order"  # cancel the unshipped order (or its lines) and refund
    CANCEL_IN_TRANSIT = "cancel_in_transit"  # the intercepted parcel came back: cancel, refund
    CONVERT_TO_RETURN = "convert_to_return"  # interception failed: open an approved return
    RECORD_OFFER = "record_offer"
    RECORD_RETURN_SHIPMENT = "record_return_shipment"
    RECORD_RETURN_DELIVERY = "record_return_delivery"


SELLER = frozenset({ActorKind.SELLER_USER, ActorKind.INTEGRATION})
BUYER = frozenset({ActorKind.BUYER})
SYSTEM = frozenset({ActorKind.SYSTEM})
AGENT = frozenset({ActorKind.AGENT})
# Rules and platform agents decide on the seller's behalf (the seller keeps every decision).
AUTOMATION = frozenset({ActorKind.SYSTEM_RULE, ActorKind.AGENT})
SELLER_DECIDERS = SELLER | AUTOMATION

UNSHIPPED = frozenset({OrderStatus.AWAITING_PAYMENT, OrderStatus.AWAITING_SHIPMENT})
SHIPPED = frozenset({OrderStatus.IN_TRANSIT, OrderStatus.DELIVERED, OrderStatus.COMPLETED})
REFUND_KINDS = frozenset({RequestKind.REFUND_ONLY, RequestKind.RETURN_AND_REFUND})
PHYSICAL_RETURN_KINDS = frozenset({RequestKind.RETURN_AND_REFUND, RequestKind.REPLACEMENT})

MIN_NOTE_LENGTH = 10


@dataclass(frozen=True)
class Input:
    name: str
    required: bool
    description: str


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[AfterSaleStatus]
    target: AfterSaleStatus
    actors: frozenset[ActorKind]
    description: str
    inputs: tuple[Input, ...] = ()
    effect: Effect = Effect.NONE
    kinds: frozenset[RequestKind] | None = None  # None: every kind of the journey
    order_statuses: frozenset[OrderStatus] | None = None  # the order must be in one of these

    @property
    def moves_money(self) -> bool:
        return self.effect in MONEY_EFFECTS


MONEY_EFFECTS = frozenset({Effect.REFUND, Effect.CANCEL_ORDER, Effect.CANCEL_IN_TRANSIT})


@dataclass(frozen=True)
class Timer:
    """While a request sits in a status, `window` (a policy) runs; when it closes the platform
    takes the first of `actions` that applies. A warning event goes out `warn_before` earlier."""

    window: str
    actions: tuple[str, ...]
    warn: bool = True


@dataclass(frozen=True)
class Status:
    name: AfterSaleStatus
    description: str
    terminal: bool = False
    timer: Timer | None = None


@dataclass(frozen=True)
class Reason:
    code: str
    fault: Fault
    refunds_shipping: bool
    description: str


@dataclass(frozen=True)
class Journey:
    type: JourneyType
    description: str
    kinds: tuple[RequestKind, ...]
    initial: AfterSaleStatus
    statuses: tuple[Status, ...]
    actions: tuple[Action, ...]
    reasons: tuple[Reason, ...]
    order_statuses: frozenset[OrderStatus]  # orders a buyer may open this journey on
    refund_shipping: str = "by_reason"  # "always": nothing has shipped yet
    status_by_name: dict[str, Status] = field(init=False, repr=False, compare=False)
    reason_by_code: dict[str, Reason] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status_by_name", {s.name: s for s in self.statuses})
        object.__setattr__(self, "reason_by_code", {r.code: r for r in self.reasons})

    def actions_named(self, name: str, kind: RequestKind) -> list[Action]:
        return [a for a in self.actions if a.name == name and applies_to(a, kind)]


def applies_to(action: Action, kind: RequestKind) -> bool:
    return action.kinds is None or kind in action.kinds


# --- shared pieces -------------------------------------------------------------------------

NOTE = Input("note", False, "Words to the other side.")
EVIDENCE = Input("evidence", False, "Up to 5 https links to photos or documents.")
REJECT_INPUTS = (
    Input("reason", True, "Why the request is refused (a reject reason code)."),
    Input(
        "note",
        True,
        f"An explanation of at least {MIN_NOTE_LENGTH} characters (optional for "
        "'already_shipped').",
    ),
    EVIDENCE,
)


class RejectReason(StrEnum):
    ALREADY_SHIPPED = "already_shipped"
    BUYER_AGREED_TO_KEEP = "buyer_agreed_to_keep"
    CUSTOM_MADE = "custom_made"
    CANNOT_INTERCEPT = "cannot_intercept"
    OUTSIDE_RETURN_POLICY = "outside_return_policy"
    ITEM_NOT_AS_CLAIMED = "item_not_as_claimed"
    RETURNED_ITEM_DAMAGED = "returned_item_damaged"


declare_synonyms(
    RejectReason,
    {
        RejectReason.ALREADY_SHIPPED: (
            rf"already (?:been )?(?:{SHIPPED_WORDS}|gone|left|out)",
            rf"(?:it|order|parcel|package|item) (?:has |was |is |just )?(?:been )?{SHIPPED_WORDS}",
            rf"(?:has|was|have|were) (?:already )?(?:been )?{SHIPPED_WORDS}",
            r"left (?:the |our )?(?:warehouse|building|depot|shop)",
            r"in transit",
            r"on (?:its|the) way",
            r"out for delivery",
            r"with the (?:carrier|courier)",
        ),
        RejectReason.BUYER_AGREED_TO_KEEP: (
            r"(?:buyer|customer|they|he|she)\b[\w\s]{0,20}\b(?:agreed|agrees|decided|wants?|happy"
            r"|ok|okay|fine|will|chose|prefers?) (?:to )?keep",
            r"agreed to keep",
            r"(?:will|wants? to|going to|gonna) keep (?:it|the order|them|the item)",
            r"keeping (?:it|the order|the item)",
            r"no longer wants? to cancel",
            r"changed (?:their|his|her) mind",
        ),
        RejectReason.CANNOT_INTERCEPT: (
            rf"{INABILITY} (?:be )?(?:intercept\w*"
            r"|stop (?:the |that |this )?(?:parcel|package|shipment)"
            r"|recall (?:it|the parcel|the package))",
            r"too late to (?:intercept|stop|recall)",
            r"interception (?:failed|is not possible|not possible|impossible)",
            r"(?:not|non)[\s-]?interceptable",
        ),
        RejectReason.OUTSIDE_RETURN_POLICY: (
            r"outside (?:the |our |my |of )?(?:return|returns) (?:policy|window|period)",
            r"(?:return|returns) (?:window|period) (?:has |is |was )?(?:closed|over|expired|passed"
            r"|ended)",
            r"(?:past|after|beyond) the (?:return|returns) (?:window|period|deadline)",
            r"(?:past|after|beyond|outside|over) (?:the |our |its )?(?:\d+[\s-]?days? )?"
            r"(?:return |returns )?(?:window|period|deadline)",
            r"(?:more than|over|after|past) \d+ days",
            r"too late (?:to|for a|for) return",
            r"against (?:our|the|my) (?:return|returns) policy",
            r"(?:not|non)[\s-]?returnable",
            r"final sale",
            r"no returns",
            r"return policy",
        ),
        RejectReason.ITEM_NOT_AS_CLAIMED: (
            r"not as (?:claimed|the buyer (?:says|said|claims|claimed))",
            r"(?:item|product|it) (?:is|was) (?:fine|ok|okay|as described|in perfect condition)",
            r"nothing (?:is )?wrong with (?:it|them|the \w+)",
            r"works (?:fine|perfectly|well)",
            r"(?:claim|complaint) is (?:false|wrong|untrue|not true|unfounded)",
            r"matches the (?:listing|description|photos)",
            r"as described",
            r"(?:nothing|not) like (?:what |how )?(?:the buyer|the customer|they|he|she)\w*"
            r" (?:says?|said|claims?|claimed|describes?|described)",
        ),
        RejectReason.RETURNED_ITEM_DAMAGED: (
            r"returned (?:item|items|product|parcel|goods|package)"
            rf" (?:is |was |arrived |came back )?{DAMAGED_WORDS}",
            rf"(?:came|arrived|was sent|got sent) back {DAMAGED_WORDS}",
            rf"returned {DAMAGED_WORDS}",
            r"damaged (?:on|upon|after) (?:return|its return)",
            r"(?:sent|came|shipped|mailed|brought|returned)(?: it| them)?(?: back)?\b[\w\s]{0,25}"
            rf"\b(?:is|was|are|were|arrived|came)(?: back)?(?: all)? {DAMAGED_WORDS}",
        ),
        RejectReason.CUSTOM_MADE: (
            r"custom[\s-]?made",
            r"custom",
            r"customi[sz]ed",
            r"personali[sz]ed",
            r"bespoke",
            r"made to order",
            r"engraved",
            r"monogrammed",
            r"tailor[\s-]?made",
            r"one of a kind",
        ),
    },
)


declare_descriptions(
    RejectReason,
    {
        RejectReason.ALREADY_SHIPPED: (
            "the order has already been shipped",
            "the parcel already left with the carrier",
        ),
        RejectReason.BUYER_AGREED_TO_KEEP: (
            "the buyer agreed to keep the item",
            "the customer changed their mind and will keep it",
        ),
        RejectReason.CUSTOM_MADE: (
            "the item was custom made or personalised for the buyer",
            "it was made to order just for them",
        ),
        RejectReason.CANNOT_INTERCEPT: (
            "it is too late to intercept or stop the parcel",
            "the carrier cannot recall the package",
        ),
        RejectReason.OUTSIDE_RETURN_POLICY: (
            "the return window has passed",
            "the request is outside our return policy",
        ),
        RejectReason.ITEM_NOT_AS_CLAIMED: (
            "the item is not as the buyer claims",
            "the product matches its description and works fine",
            "the buyer's complaint about the product is false",
        ),
        RejectReason.RETURNED_ITEM_DAMAGED: (
            "the returned item came back damaged",
            "the buyer sent the product back broken or used",
        ),
    },
)


def _dispute_actions(rule_for_buyer_target: AfterSaleStatus, effect: Effect) -> tuple[Action, ...]:
    return (
        Action(
            "escalate",
            frozenset({AfterSaleStatus.REJECTED}),
            AfterSaleStatus.IN_DISPUTE,
            BUYER,
            "Ask the platform to decide; an agent reviews both sides.",
            (Input("note", True, "What the buyer wants the agent to know."), EVIDENCE),
        ),
        Action(
            "close",
            frozenset({AfterSaleStatus.REJECTED}),
            AfterSaleStatus.CLOSED,
            SYSTEM,
            "Timer: the buyer did not escalate within the dispute window.",
        ),
        Action(
            "rule_for_buyer",
            frozenset({AfterSaleStatus.IN_DISPUTE}),
            rule_for_buyer_target,
            AGENT,
            "Agent decision, binding on both sides: the buyer is right.",
            (Input("note", True, "The reason for the decision."),),
            effect,
        ),
        Action(
            "rule_for_seller",
            frozenset({AfterSaleStatus.IN_DISPUTE}),
            AfterSaleStatus.CLOSED,
            AGENT,
            "Agent decision, binding on both sides: the seller is right.",
            (Input("note", True, "The reason for the decision."),),
        ),
    )


def _dispute_statuses() -> tuple[Status, ...]:
    return (
        Status(
            AfterSaleStatus.REJECTED,
            "The seller refused. The buyer may escalate to the platform.",
            timer=Timer("dispute_window", ("close",), warn=False),
        ),
        Status(
            AfterSaleStatus.IN_DISPUTE, "An agent is reviewing; their decision binds both sides."
        ),
        Status(AfterSaleStatus.CLOSED, "Ended without a refund.", terminal=True),
        Status(AfterSaleStatus.WITHDRAWN, "The buyer withdrew the request.", terminal=True),
    )


def _withdraw(sources: frozenset[AfterSaleStatus]) -> Action:
    return Action(
        "withdraw", sources, AfterSaleStatus.WITHDRAWN, BUYER, "The buyer no longer wants this."
    )


# --- cancellation before shipment ----------------------------------------------------------

CANCELLATION = Journey(
    type=JourneyType.CANCELLATION,
    description="The buyer asks to cancel an order (or some of its lines) before it ships.",
    kinds=(RequestKind.CANCEL,),
    initial=AfterSaleStatus.PENDING,
    order_statuses=UNSHIPPED,
    refund_shipping="always",
    statuses=(
        Status(
            AfterSaleStatus.PENDING,
            "Waiting for the seller's answer.",
            timer=Timer("seller_response_window", ("auto_approve", "auto_reject")),
        ),
        Status(AfterSaleStatus.CANCELLED, "Cancelled and refunded.", terminal=True),
        *_dispute_statuses(),
    ),
    actions=(
        Action(
            "approve",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.CANCELLED,
            SELLER_DECIDERS,
            "Cancel the order (or the requested lines) and refund the buyer.",
            effect=Effect.CANCEL_ORDER,
            order_statuses=UNSHIPPED,
        ),
        Action(
            "reject",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.REJECTED,
            SELLER_DECIDERS,
            "Keep the order. 'already_shipped' needs a shipment; other reasons need a note.",
            REJECT_INPUTS,
        ),
        Action(
            "auto_approve",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.CANCELLED,
            SYSTEM,
            "Timer: the seller did not answer within the response window.",
            effect=Effect.CANCEL_ORDER,
            order_statuses=UNSHIPPED,
        ),
        Action(
            "auto_reject",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.REJECTED,
            SYSTEM,
            "Timer: the order shipped before the window closed, so it cannot be cancelled.",
            order_statuses=SHIPPED,
        ),
        _withdraw(frozenset({AfterSaleStatus.PENDING})),
        *_dispute_actions(AfterSaleStatus.CANCELLED, Effect.CANCEL_ORDER),
    ),
    reasons=(
        Reason("changed_mind", Fault.BUYER, True, "The buyer changed their mind."),
        Reason("ordered_by_mistake", Fault.BUYER, True, "Ordered by mistake."),
        Reason("found_better_price", Fault.BUYER, True, "Found a better price elsewhere."),
        Reason("delivery_too_slow", Fault.SELLER, True, "The promised dispatch is too slow."),
        Reason("payment_issue", Fault.PLATFORM, True, "A payment problem."),
        Reason("other", Fault.BUYER, True, "Another reason, in the note."),
    ),
)

# --- cancellation in fulfilment ------------------------------------------------------------

FULFILMENT_CANCELLATION = Journey(
    type=JourneyType.FULFILMENT_CANCELLATION,
    description="The order has shipped. The seller can ask the carrier to intercept the parcel; "
    "it is refunded when the parcel comes back, or becomes a return when interception fails.",
    kinds=(RequestKind.CANCEL,),
    initial=AfterSaleStatus.PENDING,
    order_statuses=frozenset({OrderStatus.IN_TRANSIT}),
    statuses=(
        Status(
            AfterSaleStatus.PENDING,
            "Waiting for the seller: intercept the parcel or refuse.",
            timer=Timer("seller_response_window", ("auto_intercept",)),
        ),
        Status(
            AfterSaleStatus.INTERCEPTING,
            "The carrier was asked to bring the parcel back.",
            timer=Timer("interception_window", ("interception_failed",), warn=False),
        ),
        Status(
            AfterSaleStatus.CANCELLED,
            "The parcel came back; the order is cancelled and refunded.",
            True,
        ),
        Status(
            AfterSaleStatus.CONVERTED_TO_RETURN,
            "Interception failed; the request continues as an approved return.",
            terminal=True,
        ),
        *_dispute_statuses(),
    ),
    actions=(
        Action(
            "request_interception",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.INTERCEPTING,
            SELLER_DECIDERS,
            "Ask the carrier to stop the parcel and bring it back.",
            order_statuses=frozenset({OrderStatus.IN_TRANSIT}),
        ),
        Action(
            "reject",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.REJECTED,
            SELLER_DECIDERS,
            "Refuse: the parcel continues to the buyer, who may still return it.",
            REJECT_INPUTS,
        ),
        Action(
            "auto_intercept",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.INTERCEPTING,
            SYSTEM,
            "Timer: the seller did not answer, so the platform asks the carrier to intercept.",
        ),
        Action(
            "parcel_returned",
            frozenset({AfterSaleStatus.INTERCEPTING}),
            AfterSaleStatus.CANCELLED,
            SYSTEM,
            "Carrier: the parcel is back with the seller.",
            effect=Effect.CANCEL_IN_TRANSIT,
        ),
        Action(
            "interception_failed",
            frozenset({AfterSaleStatus.INTERCEPTING}),
            AfterSaleStatus.CONVERTED_TO_RETURN,
            SYSTEM,
            "Carrier (or timer): the parcel could not be stopped; an approved return opens.",
            effect=Effect.CONVERT_TO_RETURN,
        ),
        _withdraw(frozenset({AfterSaleStatus.PENDING})),
        *_dispute_actions(AfterSaleStatus.INTERCEPTING, Effect.NONE),
    ),
    reasons=(
        Reason("changed_mind", Fault.BUYER, False, "The buyer changed their mind."),
        Reason("ordered_by_mistake", Fault.BUYER, False, "Ordered by mistake."),
        Reason("delivery_too_slow", Fault.LOGISTICS, True, "The parcel is taking too long."),
        Reason("wrong_address", Fault.BUYER, False, "The delivery address is wrong."),
        Reason("shipped_late", Fault.SELLER, True, "Shipped after the promised date."),
    ),
)

# --- return and refund after delivery ------------------------------------------------------

RETURN = Journey(
    type=JourneyType.RETURN,
    description="After delivery, within the return window: refund only, return and refund, or "
    "replacement.",
    kinds=(RequestKind.REFUND_ONLY, RequestKind.RETURN_AND_REFUND, RequestKind.REPLACEMENT),
    initial=AfterSaleStatus.PENDING,
    order_statuses=frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED}),
    statuses=(
        Status(
            AfterSaleStatus.PENDING,
            "Waiting for the seller: approve, reject or offer a partial refund.",
            timer=Timer("seller_response_window", ("auto_approve",)),
        ),
        Status(
            AfterSaleStatus.PARTIAL_OFFERED,
            "The seller offered a partial refund; the buyer accepts or declines.",
            timer=Timer("buyer_response_window", ("auto_close",)),
        ),
        Status(
            AfterSaleStatus.AWAITING_RETURN_SHIPMENT,
            "Approved: the buyer ships the item back with tracking.",
            timer=Timer("return_shipping_window", ("auto_close",)),
        ),
        Status(AfterSaleStatus.RETURN_IN_TRANSIT, "The return is on its way to the seller."),
        Status(
            AfterSaleStatus.RETURN_DELIVERED,
            "The carrier delivered the return; the seller confirms receipt.",
            timer=Timer("refund_after_return_window", ("auto_confirm",)),
        ),
        Status(AfterSaleStatus.REFUNDED, "Refunded.", terminal=True),
        Status(AfterSaleStatus.REPLACED, "The seller sends a replacement.", terminal=True),
        *_dispute_statuses(),
    ),
    actions=(
        Action(
            "approve",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.REFUNDED,
            SELLER_DECIDERS,
            "Refund without a return.",
            effect=Effect.REFUND,
            kinds=frozenset({RequestKind.REFUND_ONLY}),
        ),
        Action(
            "approve",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.AWAITING_RETURN_SHIPMENT,
            SELLER_DECIDERS,
            "Accept the return; the buyer ships the item back.",
            kinds=PHYSICAL_RETURN_KINDS,
        ),
        Action(
            "refund_without_return",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.REFUNDED,
            AUTOMATION,
            "Refund now; the buyer keeps the item.",
            effect=Effect.REFUND,
            kinds=REFUND_KINDS,
        ),
        Action(
            "auto_approve",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.REFUNDED,
            SYSTEM,
            "Timer: the seller did not answer; refunded without a return.",
            effect=Effect.REFUND,
            kinds=frozenset({RequestKind.REFUND_ONLY}),
        ),
        Action(
            "auto_approve",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.AWAITING_RETURN_SHIPMENT,
            SYSTEM,
            "Timer: the seller did not answer; the return is accepted.",
            kinds=PHYSICAL_RETURN_KINDS,
        ),
        Action(
            "reject",
            frozenset({AfterSaleStatus.PENDING, AfterSaleStatus.RETURN_DELIVERED}),
            AfterSaleStatus.REJECTED,
            SELLER_DECIDERS,
            "Refuse, with a reason and evidence (also after inspecting a returned item).",
            REJECT_INPUTS,
        ),
        Action(
            "offer_partial_refund",
            frozenset({AfterSaleStatus.PENDING}),
            AfterSaleStatus.PARTIAL_OFFERED,
            SELLER_DECIDERS,
            "Offer part of the amount; the buyer keeps the item if they accept.",
            (
                Input("amount_minor", True, "The offer, in minor units, below the full refund."),
                NOTE,
            ),
            Effect.RECORD_OFFER,
            kinds=REFUND_KINDS,
        ),
        Action(
            "accept_offer",
            frozenset({AfterSaleStatus.PARTIAL_OFFERED}),
            AfterSaleStatus.REFUNDED,
            BUYER,
            "Take the partial refund and keep the item.",
            effect=Effect.REFUND,
        ),
        Action(
            "decline_offer",
            frozenset({AfterSaleStatus.PARTIAL_OFFERED}),
            AfterSaleStatus.PENDING,
            BUYER,
            "Refuse the offer; the seller answers the original request again.",
            (NOTE,),
        ),
        Action(
            "auto_close",
            frozenset({AfterSaleStatus.PARTIAL_OFFERED, AfterSaleStatus.AWAITING_RETURN_SHIPMENT}),
            AfterSaleStatus.CLOSED,
            SYSTEM,
            "Timer: the buyer did not answer or ship the return in time.",
        ),
        Action(
            "ship_return",
            frozenset({AfterSaleStatus.AWAITING_RETURN_SHIPMENT}),
            AfterSaleStatus.RETURN_IN_TRANSIT,
            BUYER,
            "The buyer hands the return to a carrier.",
            (
                Input("carrier", True, "The carrier's name."),
                Input("tracking_number", True, "The return's tracking number."),
            ),
            Effect.RECORD_RETURN_SHIPMENT,
        ),
        Action(
            "return_delivered",
            frozenset({AfterSaleStatus.RETURN_IN_TRANSIT}),
            AfterSaleStatus.RETURN_DELIVERED,
            SYSTEM,
            "Carrier: the return reached the seller.",
            effect=Effect.RECORD_RETURN_DELIVERY,
        ),
        Action(
            "confirm_received",
            frozenset({AfterSaleStatus.RETURN_IN_TRANSIT, AfterSaleStatus.RETURN_DELIVERED}),
            AfterSaleStatus.REFUNDED,
            SELLER,
            "The seller has the item back: refund.",
            effect=Effect.REFUND,
            kinds=REFUND_KINDS,
        ),
        Action(
            "confirm_received",
            frozenset({AfterSaleStatus.RETURN_IN_TRANSIT, AfterSaleStatus.RETURN_DELIVERED}),
            AfterSaleStatus.REPLACED,
            SELLER,
            "The seller has the item back and sends a replacement.",
            kinds=frozenset({RequestKind.REPLACEMENT}),
        ),
        Action(
            "issue_refund",
            frozenset(
                {
                    AfterSaleStatus.AWAITING_RETURN_SHIPMENT,
                    AfterSaleStatus.RETURN_IN_TRANSIT,
                    AfterSaleStatus.RETURN_DELIVERED,
                }
            ),
            AfterSaleStatus.REFUNDED,
            SELLER,
            "Refund now, without waiting for the item.",
            effect=Effect.REFUND,
            kinds=REFUND_KINDS,
        ),
        Action(
            "auto_confirm",
            frozenset({AfterSaleStatus.RETURN_DELIVERED}),
            AfterSaleStatus.REFUNDED,
            SYSTEM,
            "Timer: the seller did not confirm receipt after the carrier delivered the return.",
            effect=Effect.REFUND,
            kinds=REFUND_KINDS,
        ),
        Action(
            "auto_confirm",
            frozenset({AfterSaleStatus.RETURN_DELIVERED}),
            AfterSaleStatus.REPLACED,
            SYSTEM,
            "Timer: receipt is taken as confirmed; the seller owes a replacement.",
            kinds=frozenset({RequestKind.REPLACEMENT}),
        ),
        _withdraw(
            frozenset(
                {
                    AfterSaleStatus.PENDING,
                    AfterSaleStatus.PARTIAL_OFFERED,
                    AfterSaleStatus.AWAITING_RETURN_SHIPMENT,
                }
            )
        ),
        *_dispute_actions(AfterSaleStatus.REFUNDED, Effect.REFUND),
    ),
    reasons=(
        Reason("not_as_described", Fault.SELLER, True, "The item differs from its listing."),
        Reason("damaged", Fault.LOGISTICS, True, "The item arrived damaged."),
        Reason("defective", Fault.SELLER, True, "The item does not work."),
        Reason("wrong_item", Fault.SELLER, True, "A different item arrived."),
        Reason("missing_parts", Fault.SELLER, True, "Parts or accessories are missing."),
        Reason("not_received", Fault.LOGISTICS, True, "Marked delivered but never received."),
        Reason("changed_mind", Fault.BUYER, False, "The buyer no longer wants it."),
        Reason("no_longer_needed", Fault.BUYER, False, "No longer needed."),
        Reason(
            "not_intercepted",
            Fault.BUYER,
            False,
            "Opened by the platform: a cancellation in transit whose parcel could not be stopped.",
        ),
        Reason(
            "late_not_intercepted",
            Fault.LOGISTICS,
            True,
            "Opened by the platform: cancelled for lateness, and the parcel could not be stopped.",
        ),
    ),
)

# The reason of the return that opens when an interception fails, by the cancellation's reason:
# shipping is refunded when the buyer was not the cause.
CONVERTED_RETURN_REASON: dict[str, str] = {
    "changed_mind": "not_intercepted",
    "ordered_by_mistake": "not_intercepted",
    "wrong_address": "not_intercepted",
    "delivery_too_slow": "late_not_intercepted",
    "shipped_late": "late_not_intercepted",
}

JOURNEYS: dict[JourneyType, Journey] = {
    j.type: j for j in (CANCELLATION, FULFILMENT_CANCELLATION, RETURN)
}
OPEN_STATUSES = frozenset(s.name for j in JOURNEYS.values() for s in j.statuses if not s.terminal)
TERMINAL_STATUSES = frozenset(s.name for j in JOURNEYS.values() for s in j.statuses if s.terminal)
ALL_STATUSES = OPEN_STATUSES | TERMINAL_STATUSES
# Earlier statuses win when two phrases start at the same word.
declare_synonyms(
    AfterSaleStatus,
    {
        AfterSaleStatus("awaiting_return_shipment"): (
            r"awaiting (?:the )?return shipments?",
            r"not (?:yet )?(?:shipped|sent) back",
            r"waiting for (?:the )?(?:buyer|customer)s? to (?:ship|send)",
            r"to be (?:shipped|sent) back",
        ),
        AfterSaleStatus("return_in_transit"): (
            r"in transit",
            r"on (?:the|their|its) way back",
            r"(?:shipped|sent|being sent|being shipped) back",
            r"being returned",
        ),
        AfterSaleStatus("return_delivered"): (
            r"(?:return|returns) (?:delivered|arrived)",
            r"delivered (?:return|returns)",
            r"(?:arrived|came) back",
            r"to (?:inspect|confirm)",
        ),
        AfterSaleStatus("partial_offered"): (
            r"offers? (?:that |which )?(?:they|the buyers?|buyers?|the customers?|customers?)"
            r"(?: still)? (?:have not|havent|did not|didnt|not yet) (?:answered|accepted"
            r"|replied to|responded to|taken)",
            r"(?:unanswered|open|pending|outstanding) (?:partial )?offers?",
            r"offers? (?:still )?(?:waiting|pending|open|outstanding)",
            r"partial(?:ly)? (?:offers?|offered|refunds? offered)",
            r"(?:with|have) (?:an |my )?offers?",
            r"offered",
            r"offer pending",
        ),
        AfterSaleStatus("in_dispute"): (
            r"open disputes?",
            r"disputes?",
            r"disputed",
            r"in dispute",
            r"escalated",
            r"escalations?",
        ),
        AfterSaleStatus("intercepting"): (
            r"intercepting",
            r"being intercepted",
            r"interceptions?",
        ),
        AfterSaleStatus("converted_to_return"): (r"converted",),
        AfterSaleStatus("pending"): (
            r"pending",
            r"open",
            r"waiting",
            r"outstanding",
            r"undecided",
            r"unanswered",
            r"new",
            r"awaiting",
            r"needs? (?:my |a |an )?(?:answer|decision|response|reply|action)",
            r"to (?:decide|answer|review)",
            r"not (?:yet )?(?:decided|answered)",
        ),
        AfterSaleStatus("refunded"): (r"refunded",),
        AfterSaleStatus("replaced"): (r"replaced",),
        AfterSaleStatus("rejected"): (
            r"turned down",
            r"said no to",
            r"rejected",
            r"declined",
            r"refused",
            r"denied",
        ),
        AfterSaleStatus("cancelled"): (
            r"cancell?ed",
            r"approved(?= cancell?ations?\b)",
        ),
        AfterSaleStatus("closed"): (r"closed",),
        AfterSaleStatus("withdrawn"): (
            r"withdrawn",
            r"withdrew",
        ),
    },
)
ACTION_NAMES = tuple(sorted({a.name for j in JOURNEYS.values() for a in j.actions}))
# Statuses whose requests still hold their lines (a second request for them is refused).
RELEASED_STATUSES = frozenset(
    {AfterSaleStatus.CLOSED, AfterSaleStatus.WITHDRAWN, AfterSaleStatus.CONVERTED_TO_RETURN}
)

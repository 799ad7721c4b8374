"""The rules of an after-sale transition, apart from where the request is stored.

Which action a name means for an actor, what inputs it accepts, what it changes on the request,
which money and order effect it has, when its timer runs out and what its events say: decided
here once. `engine.perform` applies the result to the database inside a unit of work; the demo's
history generator (`demo/walks.py`) applies it to rows in memory, so that both change together.

Requests are read through a `Fields` accessor (`partial(getattr, request)` for a model,
`row.__getitem__` for a demo row) and changes are returned as column -> value mappings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fairmarket.domains.after_sales.machines import (
    CONVERTED_RETURN_REASON,
    MIN_NOTE_LENGTH,
    TERMINAL_STATUSES,
    UNSHIPPED,
    Action,
    Effect,
    Journey,
    JourneyType,
    RejectReason,
    RequestKind,
    applies_to,
)
from fairmarket.domains.after_sales.refunds import PricedLine, RefundBreakdown, breakdown
from fairmarket.kernel.actors import ActorKind
from fairmarket.kernel.errors import invalid
from fairmarket.kernel.policies import Policies

Fields = Callable[[str], Any]  # a request's column by name
DECISIONS = frozenset({"reject", "rule_for_buyer", "rule_for_seller"})
CONVERTED_STATUS = "awaiting_return_shipment"
CONVERTED_ACTION = "opened_from_interception"
ENDED_WITH_ORDER_STATUS = "cancelled"
AUTO_REJECT_NOTE = "The order shipped before the response window closed."

# --- choosing ------------------------------------------------------------------------------


def order_allows(action: Action, order_status: str) -> bool:
    return action.order_statuses is None or order_status in action.order_statuses


def match_action(
    journey: Journey, kind: RequestKind, name: str, actor_kind: ActorKind, status: str
) -> Action | None:
    """The action `name` means for this actor from this status, before the order is asked."""
    for action in journey.actions_named(name, kind):
        if actor_kind in action.actors and status in action.sources:
            return action
    return None


def offered_actions(
    journey: Journey, kind: RequestKind, actor_kind: ActorKind, status: str, order_status: str
) -> list[Action]:
    """What this actor can do now: the journey's actions from this status, for this kind and
    order status, one per name."""
    seen: dict[str, Action] = {}
    for action in journey.actions:
        if (
            status in action.sources
            and actor_kind in action.actors
            and applies_to(action, kind)
            and order_allows(action, order_status)
        ):
            seen.setdefault(action.name, action)
    return list(seen.values())


def timer_action(
    journey: Journey, kind: RequestKind, status: str, order_status: str
) -> Action | None:
    """What the platform does when the status's timer runs out: the first of the timer's
    actions that applies; None when the status has no timer or none applies."""
    timer = journey.status_by_name[status].timer
    if timer is None:
        return None
    for name in timer.actions:
        for action in journey.actions_named(name, kind):
            if status in action.sources and order_allows(action, order_status):
                return action
    return None


def check_inputs(
    action: Action,
    inputs: Mapping[str, Any],
    *,
    order_number: int,
    has_shipment: bool,
    full_refund_minor: Callable[[], int],
    currency: str,
) -> None:
    """Rules that need the request (the command schemas have checked shapes already)."""
    if action.name == "reject":
        reason = RejectReason(inputs["reason"])
        note = inputs.get("note") or ""
        if reason is RejectReason.ALREADY_SHIPPED:
            if not has_shipment:
                raise invalid(
                    "no_shipment_recorded",
                    f"Order {order_number} has no shipment, so 'already_shipped' is not "
                    "a valid reason; mark the order shipped with its tracking number first, or "
                    "choose another reason.",
                    "reason",
                )
        elif len(note) < MIN_NOTE_LENGTH:
            raise invalid(
                "note_required",
                f"A rejection for '{reason.value}' needs a note of at least {MIN_NOTE_LENGTH} "
                "characters explaining it to the buyer.",
                "note",
            )
    if action.effect is Effect.RECORD_OFFER:
        full = full_refund_minor()
        if inputs["amount_minor"] >= full:
            raise invalid(
                "offer_not_partial",
                f"A partial refund must be less than the full refund of {full} "
                f"{currency} minor units; approve the request to refund in full.",
                "amount_minor",
            )


# --- money -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderMoney:
    """What a refund is priced from: the order's line prices and its payments so far."""

    prices: Mapping[int, int]  # line id -> unit price
    shipping_fee_minor: int
    paid_minor: int
    refunded_minor: int
    currency: str


def refund_plan(
    journey: Journey, request: Fields, order: OrderMoney, amount_minor: int | None
) -> RefundBreakdown:
    """The request's refund (or `amount_minor` of it): its lines, and shipping when the whole
    order comes back for a reason (or a journey) that refunds it."""
    lines = [
        PricedLine(item["line_id"], order.prices.get(item["line_id"], 0), item["quantity"])
        for item in request("lines")
    ]
    reason = journey.reason_by_code[request("reason")]
    include_shipping = bool(request("whole_order")) and (
        journey.refund_shipping == "always" or reason.refunds_shipping
    )
    return breakdown(
        lines,
        shipping_fee_minor=order.shipping_fee_minor,
        include_shipping=include_shipping,
        paid_minor=order.paid_minor,
        refunded_minor=order.refunded_minor,
        currency=order.currency,
        amount_minor=amount_minor,
    )


# --- applying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectPlan:
    """What an action does beyond its status: columns it sets on the request, and at most one
    of cancelling the whole order (by `cancel_transition`), refunding, or converting."""

    changes: dict[str, Any] = field(default_factory=dict)
    cancel_transition: str | None = None  # the order's transition: cancel, cancel_in_transit
    refunds: bool = False
    refund_amount_minor: int | None = None  # the accepted offer; None refunds in full
    converts_to_return: bool = False


def plan_effect(
    action: Action, request: Fields, order_status: str, inputs: Mapping[str, Any], now: datetime
) -> EffectPlan:
    effect = action.effect
    if effect in RECORDING_EFFECTS:
        return EffectPlan(recorded_by_effect(effect, inputs, now))
    cancel = cancel_transition(effect, bool(request("whole_order")), order_status)
    if cancel is not None:
        return EffectPlan(cancel_transition=cancel)
    if effect is Effect.CONVERT_TO_RETURN:
        return EffectPlan(converts_to_return=True)
    if action.moves_money:
        return EffectPlan(refunds=True, refund_amount_minor=offer_if_accepting(action, request))
    return EffectPlan()


RECORDING_EFFECTS = frozenset(
    {Effect.RECORD_OFFER, Effect.RECORD_RETURN_SHIPMENT, Effect.RECORD_RETURN_DELIVERY}
)


def recorded_by_effect(effect: Effect, inputs: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    if effect is Effect.RECORD_OFFER:
        return {"offered_minor": inputs["amount_minor"]}
    if effect is Effect.RECORD_RETURN_SHIPMENT:
        return {
            "return_carrier": inputs["carrier"],
            "return_tracking": inputs["tracking_number"],
            "return_shipped_at": now,
        }
    return {"return_delivered_at": now}


def cancel_transition(effect: Effect, whole_order: bool, order_status: str) -> str | None:
    """The order's own transition when the request ends it whole: an unshipped order is
    cancelled, an intercepted parcel's order is cancelled in transit. Part of an order is
    refunded instead."""
    if effect is Effect.CANCEL_ORDER and whole_order and order_status in UNSHIPPED:
        return "cancel"
    if effect is Effect.CANCEL_IN_TRANSIT and whole_order:
        return "cancel_in_transit"
    return None


def offer_if_accepting(action: Action, request: Fields) -> int | None:
    offered: int | None = request("offered_minor") if action.name == "accept_offer" else None
    return offered


def transition_changes(  # noqa: PLR0917 - one transition's parts
    journey: Journey,
    action: Action,
    request: Fields,
    actor_kind: ActorKind,
    actor_label: str,
    inputs: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """The request's columns after `action`, its effect's and its timer's apart."""
    changes: dict[str, Any] = {}
    # Who first decided the request and how: the history back-tests compare against. The buyer
    # withdrawing is not a decision.
    if (
        request("decided_action") is None
        and request("status") == journey.initial
        and action.name != "withdraw"
    ):
        changes.update(decided_action=action.name, decided_by=actor_kind.value)
    changes.update(
        status=action.target, last_action=action.name, last_actor=actor_label, updated_at=now
    )
    changes.update(recorded_inputs(action, request, inputs))
    if action.target in TERMINAL_STATUSES:
        changes["resolved_at"] = now
    return changes


def recorded_inputs(action: Action, request: Fields, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """What each side said: the decision and its evidence apart from the buyer's."""
    evidence: Sequence[str] = inputs.get("evidence") or ()
    if action.name in DECISIONS:
        changes = {
            "decision_reason": inputs.get("reason") or action.name,
            "decision_note": inputs.get("note"),
        }
        return changes | ({"decision_evidence": list(evidence)} if evidence else {})
    if action.name == "escalate":
        changes = {"dispute_note": inputs.get("note")}
        if evidence:
            changes["evidence"] = [*(request("evidence") or []), *evidence]
        return changes
    if action.name == "auto_reject":
        return {
            "decision_reason": RejectReason.ALREADY_SHIPPED.value,
            "decision_note": AUTO_REJECT_NOTE,
        }
    return {}


def timer_changes(
    journey: Journey, status: str, now: datetime, policies: Policies, region: Callable[[], str]
) -> dict[str, Any]:
    """Start the timer of `status` (or stop it): deadline, its action, and when to warn.
    `region` is asked only when a timer starts."""
    timer = journey.status_by_name[status].timer
    if timer is None:
        return {"deadline": None, "deadline_action": None, "warn_at": None}
    deadline = now + policies.window(timer.window, region())
    warn_at = deadline - policies.deadline_warning
    return {
        "deadline": deadline,
        "deadline_action": timer.actions[0],
        "warn_at": warn_at if timer.warn and warn_at > now else None,
    }


def ended_with_order(
    ended_by: str, actor_label: str, reason: str, note: str | None, now: datetime
) -> dict[str, Any]:
    """An open cancellation request got what it asked for when its order was cancelled (by the
    seller, or by the platform at the handling deadline): it ends as cancelled. The caller
    stops its timer (`timer_changes` of a terminal status)."""
    return {
        "status": ENDED_WITH_ORDER_STATUS,
        "last_action": ended_by,
        "last_actor": actor_label,
        "decision_reason": reason,
        "decision_note": note,
        "updated_at": now,
        "resolved_at": now,
    }


def converted_return(source: Fields, actor_label: str, now: datetime) -> dict[str, Any]:
    """Interception failed: the buyer still does not want the parcel, so an approved return
    opens from the source request; it waits for the buyer to ship the item back."""
    return {
        "type": JourneyType.RETURN.value,
        "kind": RequestKind.RETURN_AND_REFUND.value,
        "order_id": source("order_id"),
        "seller_id": source("seller_id"),
        "buyer_id": source("buyer_id"),
        "status": CONVERTED_STATUS,
        "reason": CONVERTED_RETURN_REASON[source("reason")],
        "fault": source("fault"),
        "buyer_note": source("buyer_note"),
        "lines": source("lines"),
        "whole_order": source("whole_order"),
        "requested_minor": 0,
        "requested_at": now,
        "updated_at": now,
        "last_action": CONVERTED_ACTION,
        "last_actor": actor_label,
        "converted_from_id": source("id"),
    }


# --- telling -------------------------------------------------------------------------------


def request_event_data(request: Fields, order_number: int) -> dict[str, Any]:
    """The payload of every `after_sale.<action>` event (and `after_sale.requested`)."""
    deadline = request("deadline")
    return {
        "request_id": request("id"),
        "type": request("type"),
        "kind": request("kind"),
        "order_number": order_number,
        "status": request("status"),
        "action": request("last_action"),
        "reason": request("reason"),
        "fault": request("fault"),
        "refund_minor": request("refund_minor"),
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_action": request("deadline_action"),
        "version": request("version"),
    }


def deadline_warning_data(request: Fields, order_number: int) -> dict[str, Any]:
    """The payload of `after_sale.deadline_approaching`."""
    deadline = request("deadline")
    return {
        "request_id": request("id"),
        "type": request("type"),
        "order_number": order_number,
        "status": request("status"),
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_action": request("deadline_action"),
        "version": request("version"),
    }

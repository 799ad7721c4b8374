"""The one write path of every after-sale journey: find and lock, check the table, preview or
apply the effect, move the status, restart the timer, audit, publish.

Every channel (API, Seller Center, chatbot, buyer pages, Ops Console), the timers and the
carrier updates call `perform`. The order row is the lock: two decisions, a timer and a carrier
update racing on one request are serialised on it, and each re-reads the request after waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Seller
from fairmarket.domains.after_sales.errors import (
    action_not_available,
    request_not_found,
    version_mismatch,
)
from fairmarket.domains.after_sales.machines import (
    CONVERTED_RETURN_REASON,
    JOURNEYS,
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
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.refunds import PricedLine, RefundBreakdown, breakdown
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.events.types import EventType, after_sale_action_event
from fairmarket.domains.orders.ledger import record_refund
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.service import cancel_order_as
from fairmarket.kernel.actors import Actor, ActorKind
from fairmarket.kernel.errors import conflict, forbidden, invalid

SUBJECT = "after_sale_request"


@dataclass
class Locked:
    request: AfterSaleRequest
    order: Order

    @property
    def journey(self) -> Journey:
        return JOURNEYS[JourneyType(self.request.type)]

    @property
    def kind(self) -> RequestKind:
        return RequestKind(self.request.kind)


def load(uow: UnitOfWork, actor: Actor, request_id: int, *, lock: bool) -> Locked:
    """The request as the actor may see it; with `lock`, its order row locked first. The unit
    of work goes on in the order's seller's time (their sandbox clock)."""
    query = select(AfterSaleRequest, Order).join(Order, Order.id == AfterSaleRequest.order_id)
    query = query.where(AfterSaleRequest.id == request_id)
    if actor.is_seller_side:
        query = query.where(AfterSaleRequest.seller_id == actor.seller_id)
    elif actor.kind is ActorKind.BUYER:
        query = query.where(AfterSaleRequest.buyer_id == actor.buyer_id)
    if lock:
        query = query.with_for_update(of=Order)
    row = uow.session.execute(query).first()
    if row is None:
        raise request_not_found(request_id)
    found = Locked(row[0], row[1])
    if lock:
        # After waiting for the order lock PostgreSQL returns the order as its holder left it,
        # but the request as of the statement's start: read it again.
        uow.session.refresh(found.request)
    uow.use_seller_time(found.order.seller_id)
    return found


def offered_actions(found: Locked, actor_kind: ActorKind) -> list[Action]:
    """What this actor can do now: the journey's actions from this status, for this kind and
    order status, one per name."""
    seen: dict[str, Action] = {}
    for action in found.journey.actions:
        if (
            found.request.status in action.sources
            and actor_kind in action.actors
            and applies_to(action, found.kind)
            and (action.order_statuses is None or found.order.status in action.order_statuses)
        ):
            seen.setdefault(action.name, action)
    return list(seen.values())


def choose_action(found: Locked, actor: Actor, name: str) -> Action:
    journey, kind = found.journey, found.kind
    named = journey.actions_named(name, kind)
    if not named:
        known = sorted({a.name for a in journey.actions if applies_to(a, kind)})
        raise invalid(
            "action_not_in_journey",
            f"'{name}' is not an action of a {kind.value} {journey.type.value} request; "
            f"its actions are: {', '.join(known)}.",
        )
    if not any(actor.kind in a.actors for a in named):
        who = sorted({k.value for a in named for k in a.actors})
        raise forbidden(
            "not_your_action",
            f"'{name}' is taken by {' or '.join(who)}, not by a {actor.kind.value}.",
        )
    for action in named:
        if actor.kind in action.actors and found.request.status in action.sources:
            if action.order_statuses and found.order.status not in action.order_statuses:
                raise conflict(
                    "order_status_blocks_action",
                    f"Order {found.order.number} is {found.order.status}; '{name}' needs it "
                    f"to be {' or '.join(sorted(action.order_statuses))}. "
                    + _hint_for_blocked(found, name),
                    current_state={
                        "order_number": found.order.number,
                        "order_status": found.order.status,
                        "status": found.request.status,
                    },
                )
            return action
    available = [a.name for a in offered_actions(found, actor.kind)]
    raise action_not_available(found.request, found.order.number, name, available)


def _hint_for_blocked(found: Locked, name: str) -> str:
    if found.journey.type is JourneyType.CANCELLATION and name == "approve":
        return "It has shipped: reject the request with reason 'already_shipped'."
    return "Nothing was changed."


def check_inputs(action: Action, inputs: dict[str, Any], found: Locked) -> None:
    """Rules that need the request (the command schemas have checked shapes already)."""
    if action.name == "reject":
        reason = RejectReason(inputs["reason"])
        note = inputs.get("note") or ""
        if reason is RejectReason.ALREADY_SHIPPED:
            if not found.order.shipments:
                raise invalid(
                    "no_shipment_recorded",
                    f"Order {found.order.number} has no shipment, so 'already_shipped' is not "
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
        full = refund_plan(found, None).refund_minor
        if inputs["amount_minor"] >= full:
            raise invalid(
                "offer_not_partial",
                f"A partial refund must be less than the full refund of {full} "
                f"{found.order.currency} minor units; approve the request to refund in full.",
                "amount_minor",
            )


def refund_plan(found: Locked, amount_minor: int | None) -> RefundBreakdown:
    request, order = found.request, found.order
    prices = {line.id: line.unit_price_minor for line in order.lines}
    lines = [
        PricedLine(item["line_id"], prices.get(item["line_id"], 0), item["quantity"])
        for item in request.lines
    ]
    reason = found.journey.reason_by_code[request.reason]
    include_shipping = request.whole_order and (
        found.journey.refund_shipping == "always" or reason.refunds_shipping
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


def preview(found: Locked, action: Action) -> RefundBreakdown | None:
    if not action.moves_money:
        return None
    if action.effect is Effect.CANCEL_ORDER and found.request.whole_order:
        return refund_plan(found, None)
    return refund_plan(found, _offer_if_accepting(found, action))


def _offer_if_accepting(found: Locked, action: Action) -> int | None:
    return found.request.offered_minor if action.name == "accept_offer" else None


def perform(
    uow: UnitOfWork, actor: Actor, found: Locked, action: Action, inputs: dict[str, Any]
) -> None:
    """Apply an action that `choose_action` picked and `check_inputs` accepted."""
    request, order = found.request, found.order
    before = request.snapshot()
    now = uow.clock.now()
    # Only a new timer needs the seller's region (terminal statuses, the common case for timers
    # firing, need none).
    needs_region = (
        found.journey.status_by_name[action.target].timer is not None
        or action.effect is Effect.CONVERT_TO_RETURN
    )
    region = seller_region(uow, request.seller_id) if needs_region else ""
    # One UPDATE of the request per action (its version is what If-Match compares): nothing
    # below may flush it half-changed.
    with uow.session.no_autoflush:
        apply_effect(uow, actor, found, action, inputs)
        record_first_decision(found, actor, action)
        request.status = action.target
        request.last_action = action.name
        request.last_actor = actor.label or actor.kind.value
        request.updated_at = now
        record_inputs(request, action, inputs)
        if action.target in TERMINAL_STATUSES:
            request.resolved_at = now
        restart_timer(uow, found, region)
    uow.session.flush()
    if action.effect is Effect.CONVERT_TO_RETURN:
        open_converted_return(uow, actor, found, region)
    record_change(
        uow,
        actor,
        action=f"after_sale.{action.name}",
        subject_type=SUBJECT,
        subject_id=request.id,
        seller_id=request.seller_id,
        order_id=order.id,
        before=before,
        after=request.snapshot() | {"refund_minor": request.refund_minor},
        reason=inputs.get("reason"),
        note=inputs.get("note"),
    )
    publish_request_event(uow, after_sale_action_event(action.name), found)


def record_first_decision(found: Locked, actor: Actor, action: Action) -> None:
    """Keep who first decided the request and how: the history back-tests compare against.
    The buyer withdrawing is not a decision."""
    request = found.request
    if (
        request.decided_action is None
        and request.status == found.journey.initial
        and action.name != "withdraw"
    ):
        request.decided_action = action.name
        request.decided_by = actor.kind.value


def record_inputs(request: AfterSaleRequest, action: Action, inputs: dict[str, Any]) -> None:
    """Keep what each side said: the decision and its evidence apart from the buyer's."""
    if action.name in ("reject", "rule_for_buyer", "rule_for_seller"):
        request.decision_reason = inputs.get("reason") or action.name
        request.decision_note = inputs.get("note")
        if inputs.get("evidence"):
            request.decision_evidence = list(inputs["evidence"])
    if action.name == "escalate":
        request.dispute_note = inputs.get("note")
        if inputs.get("evidence"):
            request.evidence = [*(request.evidence or []), *inputs["evidence"]]
    if action.name == "auto_reject":
        request.decision_reason = RejectReason.ALREADY_SHIPPED.value
        request.decision_note = "The order shipped before the response window closed."


def seller_region(uow: UnitOfWork, seller_id: int) -> str:
    return uow.session.scalar(select(Seller.region).where(Seller.id == seller_id)) or ""


def restart_timer(uow: UnitOfWork, found: Locked, region: str | None = None) -> None:
    """Start the timer of the request's status (or stop it). Callers that have changed the
    request already pass `region`, so no query flushes it early (each flush is a version)."""
    request = found.request
    status = found.journey.status_by_name[request.status]
    if status.timer is None:
        request.deadline = request.deadline_action = request.warn_at = None
        return
    if region is None:
        region = seller_region(uow, request.seller_id)
    now = uow.clock.now()
    request.deadline = now + uow.policies.window(status.timer.window, region)
    request.deadline_action = status.timer.actions[0]
    warn = uow.policies.deadline_warning
    request.warn_at = (
        request.deadline - warn if status.timer.warn and request.deadline - warn > now else None
    )


def apply_effect(
    uow: UnitOfWork, actor: Actor, found: Locked, action: Action, inputs: dict[str, Any]
) -> None:
    request, order = found.request, found.order
    effect = action.effect
    if effect is Effect.RECORD_OFFER:
        request.offered_minor = inputs["amount_minor"]
    elif effect is Effect.RECORD_RETURN_SHIPMENT:
        request.return_carrier = inputs["carrier"]
        request.return_tracking = inputs["tracking_number"]
        request.return_shipped_at = uow.clock.now()
    elif effect is Effect.RECORD_RETURN_DELIVERY:
        request.return_delivered_at = uow.clock.now()
    elif effect is Effect.CANCEL_ORDER and request.whole_order and order.status in UNSHIPPED:
        _cancel_whole_order(uow, actor, found, transition="cancel")
    elif effect is Effect.CANCEL_IN_TRANSIT and request.whole_order:
        _cancel_whole_order(uow, actor, found, transition="cancel_in_transit")
    elif action.moves_money:
        _refund(uow, found, refund_plan(found, _offer_if_accepting(found, action)))


def _cancel_whole_order(uow: UnitOfWork, actor: Actor, found: Locked, *, transition: str) -> None:
    request, order = found.request, found.order
    refunded_before = order.refunded_minor
    reason = found.journey.reason_by_code[request.reason]
    cancel_order_as(
        uow,
        _order_actor(actor),
        order,
        reason=f"buyer_request:{request.reason}",
        fault=reason.fault.value,
        after_sale_request_id=request.id,
        transition=transition,
    )
    request.refund_minor = (order.refunded_minor - refunded_before) or None


def _order_actor(actor: Actor) -> Actor:
    """The order's lifecycle knows the platform, not its rules: a rule's approval cancels the
    order as the platform, still labelled with the rule (and its channel) in the audit."""
    if actor.kind is ActorKind.SYSTEM_RULE:
        return replace(actor, kind=ActorKind.SYSTEM)
    return actor


def _refund(uow: UnitOfWork, found: Locked, plan: RefundBreakdown) -> None:
    request = found.request
    if plan.refund_minor > 0:
        record_refund(
            uow,
            found.order,
            plan.refund_minor,
            reason=f"{request.type}:{request.reason}",
            after_sale_request_id=request.id,
        )
    request.refund_minor = plan.refund_minor or None


def open_converted_return(
    uow: UnitOfWork, actor: Actor, found: Locked, region: str
) -> AfterSaleRequest:
    """Interception failed: the buyer still does not want the parcel, so an approved return
    opens; it waits for the buyer to ship the item back once it is delivered."""
    source = found.request
    now = uow.clock.now()
    converted = AfterSaleRequest(
        type=JourneyType.RETURN.value,
        kind=RequestKind.RETURN_AND_REFUND.value,
        order_id=source.order_id,
        seller_id=source.seller_id,
        buyer_id=source.buyer_id,
        status="awaiting_return_shipment",
        reason=CONVERTED_RETURN_REASON[source.reason],
        fault=source.fault,
        buyer_note=source.buyer_note,
        lines=source.lines,
        whole_order=source.whole_order,
        requested_minor=0,
        requested_at=now,
        updated_at=now,
        last_action="opened_from_interception",
        last_actor=actor.label or actor.kind.value,
        converted_from_id=source.id,
    )
    new = Locked(converted, found.order)
    converted.requested_minor = refund_plan(new, None).refund_minor
    restart_timer(uow, new, region)
    uow.session.add(converted)
    uow.session.flush()
    publish_request_event(uow, EventType.AFTER_SALE_REQUESTED, new)
    return converted


def publish_request_event(uow: UnitOfWork, type_: EventType, found: Locked) -> None:
    request = found.request
    publish_event(
        uow,
        type=type_,
        resource_type=SUBJECT,
        resource_id=request.id,
        seller_id=request.seller_id,
        data={
            "request_id": request.id,
            "type": request.type,
            "kind": request.kind,
            "order_number": found.order.number,
            "status": request.status,
            "action": request.last_action,
            "reason": request.reason,
            "fault": request.fault,
            "refund_minor": request.refund_minor,
            "deadline": request.deadline.isoformat() if request.deadline else None,
            "deadline_action": request.deadline_action,
            "version": request.version,
        },
    )


def check_version(found: Locked, expected: int | None) -> None:
    if expected is not None and expected != found.request.version:
        raise version_mismatch(found.request, found.order.number, expected)

"""The one write path of every after-sale journey: find and lock, check the table, preview or
apply the effect, move the status, restart the timer, audit, publish.

Every channel (API, Seller Center, chatbot, buyer pages, Ops Console), the timers and the
carrier updates call `perform`. The order row is the lock: two decisions, a timer and a carrier
update racing on one request are serialised on it, and each re-reads the request after waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, partial
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Seller
from fairmarket.domains.after_sales import transitions
from fairmarket.domains.after_sales.errors import (
    action_not_available,
    request_not_found,
    version_mismatch,
)
from fairmarket.domains.after_sales.machines import (
    JOURNEYS,
    Action,
    Effect,
    Journey,
    JourneyType,
    RequestKind,
    applies_to,
)
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.refunds import RefundBreakdown
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

    @property
    def fields(self) -> transitions.Fields:
        return partial(getattr, self.request)


def load(uow: UnitOfWork, actor: Actor, request_id: int, *, lock: bool) -> Locked:
    """The request as the actor may see it, with its order's lines and shipments, in one
    statement; with `lock`, the order row locked first, then the request row. The unit of work
    goes on in the order's seller's time (their sandbox clock).

    Both rows are locked (`FOR UPDATE OF orders, after_sale_requests`, in that order) so that
    after waiting for the order's lock PostgreSQL hands back the latest version of both: a
    statement that locks only the order returns the request as of the statement's start, which
    needed a second read. Every writer of a request holds its order's lock first, so taking the
    request's lock second adds no wait and no new lock order. SQLite takes the write lock when
    the transaction begins (BEGIN IMMEDIATE), so what it reads is already the latest."""
    scope, owner = _scope_of(actor)
    row = (
        uow.session.execute(
            _request_statement(scope, lock=lock), {"id": request_id, "owner": owner}
        )
        .unique()
        .first()
    )
    if row is None:
        raise request_not_found(request_id)
    found = Locked(row[0], row[1])
    uow.use_seller_time(found.order.seller_id)
    return found


def _scope_of(actor: Actor) -> tuple[str, int | None]:
    if actor.is_seller_side:
        return "seller", actor.seller_id
    if actor.kind is ActorKind.BUYER:
        return "buyer", actor.buyer_id
    return "all", None


@cache
def _request_statement(scope: str, *, lock: bool) -> Select[AfterSaleRequest, Order]:
    """Built once per shape (a fresh statement pays for its cache key on every call)."""
    query = (
        select(AfterSaleRequest, Order)
        .join(Order, Order.id == AfterSaleRequest.order_id)
        .where(AfterSaleRequest.id == bindparam("id"))
        .options(joinedload(Order.lines), joinedload(Order.shipments))
    )
    if scope == "seller":
        query = query.where(AfterSaleRequest.seller_id == bindparam("owner"))
    elif scope == "buyer":
        query = query.where(AfterSaleRequest.buyer_id == bindparam("owner"))
    if lock:
        query = query.with_for_update(of=[Order, AfterSaleRequest])
    return query


def offered_actions(found: Locked, actor_kind: ActorKind) -> list[Action]:
    """What this actor can do now (`transitions.offered_actions`)."""
    return transitions.offered_actions(
        found.journey, found.kind, actor_kind, found.request.status, found.order.status
    )


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
    action = transitions.match_action(journey, kind, name, actor.kind, found.request.status)
    if action is not None and not transitions.order_allows(action, found.order.status):
        raise conflict(
            "order_status_blocks_action",
            f"Order {found.order.number} is {found.order.status}; '{name}' needs it "
            f"to be {' or '.join(sorted(action.order_statuses or ()))}. "
            + _hint_for_blocked(found, name),
            current_state={
                "order_number": found.order.number,
                "order_status": found.order.status,
                "status": found.request.status,
            },
        )
    if action is not None:
        return action
    available = [a.name for a in offered_actions(found, actor.kind)]
    raise action_not_available(found.request, found.order.number, name, available)


def _hint_for_blocked(found: Locked, name: str) -> str:
    if found.journey.type is JourneyType.CANCELLATION and name == "approve":
        return "It has shipped: reject the request with reason 'already_shipped'."
    return "Nothing was changed."


def check_inputs(action: Action, inputs: dict[str, Any], found: Locked) -> None:
    """Rules that need the request (`transitions.check_inputs`)."""
    transitions.check_inputs(
        action,
        inputs,
        order_number=found.order.number,
        has_shipment=bool(found.order.shipments),
        full_refund_minor=lambda: refund_plan(found, None).refund_minor,
        currency=found.order.currency,
    )


def refund_plan(found: Locked, amount_minor: int | None) -> RefundBreakdown:
    order = found.order
    money = transitions.OrderMoney(
        prices={line.id: line.unit_price_minor for line in order.lines},
        shipping_fee_minor=order.shipping_fee_minor,
        paid_minor=order.paid_minor,
        refunded_minor=order.refunded_minor,
        currency=order.currency,
    )
    return transitions.refund_plan(found.journey, found.fields, money, amount_minor)


def preview(found: Locked, action: Action) -> RefundBreakdown | None:
    if not action.moves_money:
        return None
    if action.effect is Effect.CANCEL_ORDER and found.request.whole_order:
        return refund_plan(found, None)
    return refund_plan(found, transitions.offer_if_accepting(action, found.fields))


def perform(
    uow: UnitOfWork, actor: Actor, found: Locked, action: Action, inputs: dict[str, Any]
) -> None:
    """Apply an action that `choose_action` picked and `check_inputs` accepted. Its audit
    records and events are written together at the end (`batched_writes`)."""
    with uow.batched_writes():
        _perform(uow, actor, found, action, inputs)


def _perform(
    uow: UnitOfWork, actor: Actor, found: Locked, action: Action, inputs: dict[str, Any]
) -> None:
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
        changes = transitions.transition_changes(
            found.journey, action, found.fields, actor.kind, _label(actor), inputs, now
        )
        effect = transitions.plan_effect(action, found.fields, order.status, inputs, now)
        apply_effect(uow, actor, found, effect)
        _set(request, changes)
        restart_timer(uow, found, region)
    uow.session.flush()
    if effect.converts_to_return:
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


def _label(actor: Actor) -> str:
    return actor.label or actor.kind.value


def _set(request: AfterSaleRequest, changes: dict[str, Any]) -> None:
    for column, value in changes.items():
        setattr(request, column, value)


def seller_region(uow: UnitOfWork, seller_id: int) -> str:
    return uow.session.scalar(select(Seller.region).where(Seller.id == seller_id)) or ""


def restart_timer(uow: UnitOfWork, found: Locked, region: str | None = None) -> None:
    """Start the timer of the request's status (or stop it). Callers that have changed the
    request already pass `region`, so no query flushes it early (each flush is a version)."""
    request = found.request

    def region_of_seller() -> str:
        return region if region is not None else seller_region(uow, request.seller_id)

    changes = transitions.timer_changes(
        found.journey, request.status, uow.clock.now(), uow.policies, region_of_seller
    )
    _set(request, changes)


def apply_effect(
    uow: UnitOfWork, actor: Actor, found: Locked, effect: transitions.EffectPlan
) -> None:
    """Carry out on the database the effect that `transitions.plan_effect` decided."""
    _set(found.request, effect.changes)
    if effect.cancel_transition is not None:
        _cancel_whole_order(uow, actor, found, transition=effect.cancel_transition)
    elif effect.refunds:
        _refund(uow, found, refund_plan(found, effect.refund_amount_minor))


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
    now = uow.clock.now()
    converted = AfterSaleRequest(**transitions.converted_return(found.fields, _label(actor), now))
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
        data=transitions.request_event_data(found.fields, found.order.number),
    )


def check_version(found: Locked, expected: int | None) -> None:
    if expected is not None and expected != found.request.version:
        raise version_mismatch(found.request, found.order.number, expected)

"""After-sale use cases: open, list, read, and one handler per action, all through the engine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Seller
from fairmarket.domains.after_sales import engine
from fairmarket.domains.after_sales.engine import Locked
from fairmarket.domains.after_sales.machines import (
    JOURNEYS,
    RELEASED_STATUSES,
    SHIPPED,
    SYSTEM,
    UNSHIPPED,
    Journey,
    JourneyType,
    RejectReason,
    RequestKind,
)
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import (
    ActionOffer,
    ActionView,
    AfterSaleListQuery,
    AfterSalePage,
    AfterSaleRead,
    AfterSaleRef,
    CarrierUpdate,
    Decide,
    DryRun,
    InputView,
    JourneyView,
    LineQuantity,
    OpenCancellation,
    OpenReturn,
    ReasonView,
    RequestLine,
    ReturnShipment,
    RuleOnDispute,
    StateMachines,
    StateMachinesQuery,
    StatusView,
    TimelineItem,
    TimerView,
)
from fairmarket.domains.audit.service import list_order_audit, record_change
from fairmarket.domains.events.types import EventType
from fairmarket.domains.orders.errors import order_not_found
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order
from fairmarket.kernel.actors import Actor, ActorKind, require_scope
from fairmarket.kernel.errors import conflict, forbidden, invalid
from fairmarket.kernel.pagination import decode_id_cursor, encode_cursor
from fairmarket.kernel.policies import Policies
from fairmarket.kernel.time_windows import created_within, updated_since

READ_SCOPE = "after_sales:read"
WRITE_SCOPE = "after_sales:write"
DISPUTE_SCOPE = "disputes:write"


# --- reading ---------------------------------------------------------------------------------


def to_read(
    found: Locked, actor: Actor, *, timeline: list[TimelineItem] | None = None
) -> AfterSaleRead:
    request, order = found.request, found.order
    titles = {line.id: line for line in order.lines}
    has_timer = request.deadline is not None
    return AfterSaleRead(
        id=request.id,
        type=JourneyType(request.type),
        kind=RequestKind(request.kind),
        order_number=order.number,
        status=request.status,
        reason=request.reason,
        fault=request.fault,
        lines=[
            RequestLine(
                line_id=item["line_id"],
                title=titles[item["line_id"]].title if item["line_id"] in titles else "",
                quantity=item["quantity"],
                unit_price_minor=(
                    titles[item["line_id"]].unit_price_minor if item["line_id"] in titles else 0
                ),
            )
            for item in request.lines
        ],
        whole_order=request.whole_order,
        buyer_note=request.buyer_note,
        requested_minor=request.requested_minor,
        offered_minor=request.offered_minor,
        refund_minor=request.refund_minor,
        currency=order.currency,
        decision_reason=request.decision_reason,
        decision_note=request.decision_note,
        evidence=list(request.evidence or []),
        decision_evidence=list(request.decision_evidence or []),
        dispute_note=request.dispute_note,
        return_shipment=(
            ReturnShipment(
                carrier=request.return_carrier,
                tracking_number=request.return_tracking or "",
                shipped_at=request.return_shipped_at,
                delivered_at=request.return_delivered_at,
            )
            if request.return_carrier
            else None
        ),
        converted_from_id=request.converted_from_id,
        requested_at=request.requested_at,
        updated_at=request.updated_at,
        resolved_at=request.resolved_at,
        last_action=request.last_action,
        deadline=request.deadline,
        deadline_action=request.deadline_action,
        version=request.version,
        available_actions=[
            ActionOffer(
                action=action.name,
                description=action.description,
                deadline=request.deadline if has_timer else None,
                inputs=[i.name for i in action.inputs],
                required_inputs=[i.name for i in action.inputs if i.required],
                moves_money=action.moves_money,
            )
            for action in engine.offered_actions(found, actor.kind)
        ],
        timeline=timeline,
    )


def scoped_requests(actor: Actor) -> Select[AfterSaleRequest, Order]:
    query = select(AfterSaleRequest, Order).join(Order, Order.id == AfterSaleRequest.order_id)
    if actor.is_seller_side:
        return query.where(AfterSaleRequest.seller_id == actor.seller_id)
    if actor.kind is ActorKind.BUYER:
        return query.where(AfterSaleRequest.buyer_id == actor.buyer_id)
    return query


def list_requests(uow: UnitOfWork, actor: Actor, query: AfterSaleListQuery) -> AfterSalePage:
    require_scope(actor, READ_SCOPE)
    statement = scoped_requests(actor).options(selectinload(Order.lines))
    if query.type is not None:
        statement = statement.where(AfterSaleRequest.type == query.type.value)
    if query.status is not None:
        statement = statement.where(AfterSaleRequest.status == query.status)
    if query.kind is not None:
        statement = statement.where(AfterSaleRequest.kind == query.kind)
    if query.order_number is not None:
        statement = statement.where(Order.number == query.order_number)
    statement = statement.where(
        *created_within(query, AfterSaleRequest.requested_at),
        *updated_since(query, AfterSaleRequest.updated_at),
    )
    after = decode_id_cursor(query.cursor)
    if after is not None:
        statement = statement.where(AfterSaleRequest.id < after)
    statement = statement.order_by(AfterSaleRequest.id.desc()).limit(query.limit + 1)
    rows = uow.session.execute(statement).all()
    page, more = rows[: query.limit], len(rows) > query.limit
    return AfterSalePage(
        items=[to_read(Locked(request, order), actor) for request, order in page],
        next_cursor=encode_cursor([page[-1][0].id]) if more else None,
    )


def get_request(uow: UnitOfWork, actor: Actor, ref: AfterSaleRef) -> AfterSaleRead:
    require_scope(actor, READ_SCOPE)
    found = engine.load(uow, actor, ref.request_id, lock=False)
    return to_read(found, actor, timeline=timeline_of(uow, found))


def timeline_of(uow: UnitOfWork, found: Locked) -> list[TimelineItem]:
    return [
        TimelineItem(
            at=record.at,
            action=record.action,
            actor=record.actor_label,
            actor_kind=record.actor_kind,
            channel=record.channel,
            before=record.before,
            after=record.after,
            reason=record.reason,
            note=record.note,
        )
        for record in list_order_audit(uow, found.order.id)
        if record.subject_type == engine.SUBJECT and record.subject_id == found.request.id
    ]


# --- opening ---------------------------------------------------------------------------------


def open_cancellation(uow: UnitOfWork, actor: Actor, cmd: OpenCancellation) -> AfterSaleRead:
    """The buyer asks to cancel: before shipment the seller decides; in transit the seller can
    ask the carrier to intercept."""
    order, region = _buyer_order(uow, actor, cmd.order_number)
    if order.status in UNSHIPPED:
        journey = JOURNEYS[JourneyType.CANCELLATION]
    elif order.status == OrderStatus.IN_TRANSIT:
        journey = JOURNEYS[JourneyType.FULFILMENT_CANCELLATION]
    else:
        raise conflict(
            "order_not_cancellable",
            f"Order {order.number} is {order.status}; "
            + (
                "request a return instead."
                if order.status in SHIPPED
                else "there is nothing left to cancel."
            ),
            current_state={"order_number": order.number, "status": order.status},
        )
    return _open(uow, actor, order, region, journey, RequestKind.CANCEL, cmd, evidence=None)


def open_return(uow: UnitOfWork, actor: Actor, cmd: OpenReturn) -> AfterSaleRead:
    """After delivery, within the return window: refund only, return and refund, or
    replacement."""
    journey = JOURNEYS[JourneyType.RETURN]
    if cmd.kind not in journey.kinds:
        raise invalid(
            "kind_not_returnable",
            f"A return is one of {', '.join(k.value for k in journey.kinds)}.",
            "kind",
        )
    order, region = _buyer_order(uow, actor, cmd.order_number)
    if order.status not in journey.order_statuses:
        hint = (
            "request a cancellation instead"
            if order.status != OrderStatus.CANCELLED
            else "it is over"
        )
        raise conflict(
            "order_not_delivered",
            f"Order {order.number} is {order.status}; returns open after delivery ({hint}).",
            current_state={"order_number": order.number, "status": order.status},
        )
    delivered_at = max(
        (s.delivered_at for s in order.shipments if s.delivered_at), default=order.updated_at
    )
    closes = delivered_at + uow.policies.return_window_for(region)
    if uow.clock.now() > closes:
        raise conflict(
            "return_window_closed",
            f"The return window for order {order.number} closed on {closes:%Y-%m-%d %H:%M} UTC "
            f"({uow.policies.return_window_for(region).days} days after delivery).",
            current_state={"order_number": order.number, "return_window_closed_at": str(closes)},
        )
    return _open(uow, actor, order, region, journey, cmd.kind, cmd, evidence=cmd.evidence)


def _buyer_order(uow: UnitOfWork, actor: Actor, order_number: int) -> tuple[Order, str]:
    if actor.kind is not ActorKind.BUYER:
        raise forbidden(
            "buyers_only",
            "Only the buyer opens a cancellation or return; a seller cancels with orders.cancel.",
        )
    require_scope(actor, WRITE_SCOPE)
    row = (
        uow.session.execute(
            _BUYER_ORDER_LOCKED, {"number": order_number, "buyer_id": actor.buyer_id}
        )
        .unique()
        .first()
    )
    if row is None:
        raise order_not_found(order_number)
    order, region = row
    uow.use_seller_time(order.seller_id)
    return order, region or ""


# The buyer's order locked, with its lines, shipments and seller's region, in one statement
# built once.
_BUYER_ORDER_LOCKED = (
    select(Order, Seller.region)
    .join(Seller, Seller.id == Order.seller_id)
    .where(Order.number == bindparam("number"), Order.buyer_id == bindparam("buyer_id"))
    .options(joinedload(Order.lines), joinedload(Order.shipments))
    .with_for_update(of=Order)
)


def _open(  # noqa: PLR0917 - the opening's parts, each checked by a caller
    uow: UnitOfWork,
    actor: Actor,
    order: Order,
    region: str,
    journey: Journey,
    kind: RequestKind,
    cmd: OpenCancellation,
    *,
    evidence: list[str] | None,
) -> AfterSaleRead:
    reason = journey.reason_by_code.get(cmd.reason)
    if reason is None:
        raise invalid(
            "unknown_reason",
            f"'{cmd.reason}' is not a {journey.type.value} reason; use one of "
            f"{', '.join(journey.reason_by_code)}.",
            "reason",
        )
    lines, whole = _requested_lines(uow, order, cmd.lines)
    if journey.type is JourneyType.FULFILMENT_CANCELLATION and not whole:
        raise invalid(
            "interception_is_whole_order",
            f"Order {order.number} has shipped as one parcel, so it is cancelled whole; "
            "leave out 'lines' (or request a return for some lines after delivery).",
            "lines",
        )
    now = uow.clock.now()
    request = AfterSaleRequest(
        type=journey.type.value,
        kind=kind.value,
        order_id=order.id,
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        status=journey.initial,
        reason=reason.code,
        fault=reason.fault.value,
        buyer_note=cmd.note,
        lines=lines,
        whole_order=whole,
        requested_minor=0,
        evidence=evidence or None,
        requested_at=now,
        updated_at=now,
        last_action="requested",
        last_actor=actor.label or actor.kind.value,
    )
    found = Locked(request, order)
    request.requested_minor = engine.refund_plan(found, None).refund_minor
    engine.restart_timer(uow, found, region)
    uow.session.add(request)
    uow.session.flush()
    with uow.batched_writes():
        _record_opening(uow, actor, found, note=cmd.note)
    return to_read(found, actor)


def _record_opening(uow: UnitOfWork, actor: Actor, found: Locked, *, note: str | None) -> None:
    request, order = found.request, found.order
    record_change(
        uow,
        actor,
        action="after_sale.requested",
        subject_type=engine.SUBJECT,
        subject_id=request.id,
        seller_id=order.seller_id,
        order_id=order.id,
        before=None,
        after=request.snapshot()
        | {"type": request.type, "requested_minor": request.requested_minor},
        reason=request.reason,
        note=note,
    )
    engine.publish_request_event(uow, EventType.AFTER_SALE_REQUESTED, found)


def _requested_lines(
    uow: UnitOfWork, order: Order, wanted: list[LineQuantity] | None
) -> tuple[list[dict[str, int]], bool]:
    """The lines and quantities asked for, checked against what other requests already hold."""
    held: Counter[int] = Counter()
    others = uow.session.scalars(
        select(AfterSaleRequest).where(
            AfterSaleRequest.order_id == order.id,
            AfterSaleRequest.status.not_in(RELEASED_STATUSES),
        )
    )
    for other in others:
        for held_line in other.lines:
            held[held_line["line_id"]] += held_line["quantity"]
    left = {line.id: line.quantity - held[line.id] for line in order.lines}
    if wanted is None:
        chosen = {line_id: qty for line_id, qty in left.items() if qty > 0}
        if not chosen:
            raise conflict(
                "nothing_left_to_request",
                f"Every line of order {order.number} is already in another request; "
                "follow that one.",
                current_state={"order_number": order.number},
            )
    else:
        chosen = {}
        for item in wanted:
            if item.line_id not in left:
                raise invalid(
                    "unknown_line",
                    f"Order {order.number} has no line {item.line_id}; its lines are "
                    f"{', '.join(str(i) for i in left)}.",
                    "lines",
                )
            chosen[item.line_id] = chosen.get(item.line_id, 0) + item.quantity
        for line_id, qty in chosen.items():
            if qty > left[line_id]:
                raise conflict(
                    "quantity_exceeds_available",
                    f"Line {line_id} of order {order.number} has {left[line_id]} left to "
                    f"request (others are in open or settled requests); {qty} was asked.",
                    current_state={"line_id": line_id, "available": left[line_id]},
                )
    total = {line.id: line.quantity for line in order.lines}
    whole = not held and chosen == total
    return [{"line_id": k, "quantity": v} for k, v in sorted(chosen.items())], whole


# --- acting ----------------------------------------------------------------------------------


def act(uow: UnitOfWork, actor: Actor, name: str, cmd: Decide) -> AfterSaleRead:
    """Run one journey action for any channel. A dry run checks everything and returns the
    refund it would move without changing anything."""
    require_scope(actor, DISPUTE_SCOPE if actor.kind is ActorKind.AGENT else WRITE_SCOPE)
    found = engine.load(uow, actor, cmd.request_id, lock=not cmd.dry_run)
    action = engine.choose_action(found, actor, name)
    engine.check_version(found, cmd.expected_version)
    inputs: dict[str, Any] = cmd.model_dump(
        exclude={"request_id", "expected_version", "dry_run"}, mode="json"
    )
    engine.check_inputs(action, inputs, found)
    if cmd.dry_run:
        read = to_read(found, actor)
        read.dry_run = DryRun(
            action=action.name, would_become=action.target, refund=engine.preview(found, action)
        )
        return read
    engine.perform(uow, actor, found, action, inputs)
    return to_read(found, actor)


def action_handler(name: str) -> Callable[[UnitOfWork, Actor, Decide], AfterSaleRead]:
    def handler(uow: UnitOfWork, actor: Actor, cmd: Decide) -> AfterSaleRead:
        return act(uow, actor, name, cmd)

    handler.__name__ = f"after_sale_{name}"
    handler.__doc__ = f"Run the '{name}' action of an after-sale request."
    return handler


def rule_on_dispute(uow: UnitOfWork, actor: Actor, cmd: RuleOnDispute) -> AfterSaleRead:
    if actor.kind is not ActorKind.AGENT:
        raise forbidden("agents_only", "Only a platform agent decides a dispute.")
    return act(uow, actor, f"rule_{cmd.ruling}", cmd)


def carrier_update(uow: UnitOfWork, actor: Actor, cmd: CarrierUpdate) -> AfterSaleRead:
    """A carrier's report (from a carrier integration or the sandbox) is a system action."""
    if actor.kind not in SYSTEM:
        raise forbidden("system_only", "Carrier updates come from the platform.")
    return act(uow, actor, cmd.event, cmd)


# --- the published state machines ------------------------------------------------------------


def state_machines(uow: UnitOfWork, actor: Actor, query: StateMachinesQuery) -> StateMachines:
    return describe(uow.policies)


def describe(policies: Policies) -> StateMachines:
    return StateMachines(
        journeys=[_journey_view(journey, policies) for journey in JOURNEYS.values()],
        reject_reasons=[r.value for r in RejectReason],
        deadline_warning_seconds=int(policies.deadline_warning.total_seconds()),
    )


def _journey_view(journey: Journey, policies: Policies) -> JourneyView:
    return JourneyView(
        type=journey.type.value,
        description=journey.description,
        kinds=[k.value for k in journey.kinds],
        initial=journey.initial,
        order_statuses=sorted(journey.order_statuses),
        refund_shipping=journey.refund_shipping,
        statuses=[
            StatusView(
                name=s.name,
                description=s.description,
                terminal=s.terminal,
                timer=(
                    TimerView(
                        window=s.timer.window,
                        default_seconds=int(policies.window(s.timer.window, "").total_seconds()),
                        actions=list(s.timer.actions),
                        warns=s.timer.warn,
                    )
                    if s.timer
                    else None
                ),
            )
            for s in journey.statuses
        ],
        actions=[
            ActionView(
                name=a.name,
                sources=sorted(a.sources),
                target=a.target,
                actors=sorted(k.value for k in a.actors),
                inputs=[
                    InputView(name=i.name, required=i.required, description=i.description)
                    for i in a.inputs
                ],
                moves_money=a.moves_money,
                kinds=sorted(k.value for k in a.kinds) if a.kinds else None,
                order_statuses=sorted(a.order_statuses) if a.order_statuses else None,
                description=a.description,
            )
            for a in journey.actions
        ],
        reasons=[
            ReasonView(
                code=r.code,
                fault=r.fault.value,
                refunds_shipping=r.refunds_shipping,
                description=r.description,
            )
            for r in journey.reasons
        ],
    )

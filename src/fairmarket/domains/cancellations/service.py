"""The cancellation journey's use cases: one write path for every channel and for the timer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, or_, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Seller
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.cancellations.errors import (
    already_decided,
    cancellation_not_found,
    version_mismatch,
)
from fairmarket.domains.cancellations.journey import (
    BUYER_REASON_FAULT,
    BuyerCancelReason,
    CancellationStatus,
    RejectReason,
    actions_for,
)
from fairmarket.domains.cancellations.models import CancellationRequest
from fairmarket.domains.cancellations.schemas import (
    ApproveCancellation,
    CancellationListQuery,
    CancellationPage,
    CancellationRead,
    CancellationRef,
    DecideCancellation,
    RejectCancellation,
    RequestCancellation,
    SellerCancelOrder,
)
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.repository import get_order_or_raise
from fairmarket.domains.orders.schemas import AvailableAction, OrderRead
from fairmarket.domains.orders.service import cancel_order_as, to_order_read
from fairmarket.kernel.actors import Actor, ActorKind, require_scope
from fairmarket.kernel.errors import DomainError, conflict, forbidden, invalid
from fairmarket.kernel.pagination import decode_cursor, encode_cursor

CANCELLABLE = {OrderStatus.AWAITING_PAYMENT.value, OrderStatus.AWAITING_SHIPMENT.value}


def to_cancellation_read(
    request: CancellationRequest, order: Order, actor: Actor
) -> CancellationRead:
    status = CancellationStatus(request.status)
    return CancellationRead(
        id=request.id,
        order_number=order.number,
        status=status,
        resolution=request.resolution,
        reason=BuyerCancelReason(request.reason),
        fault=BUYER_REASON_FAULT[BuyerCancelReason(request.reason)],
        buyer_note=request.buyer_note,
        requested_at=request.requested_at,
        deadline=request.deadline,
        resolved_at=request.resolved_at,
        resolved_by=request.resolved_by,
        reject_reason=RejectReason(request.reject_reason) if request.reject_reason else None,
        reject_note=request.reject_note,
        refund_minor=request.refund_minor,
        currency=order.currency,
        version=request.version,
        available_actions=[
            AvailableAction(
                action=a.name,
                deadline=request.deadline if a.before_deadline else None,
                inputs=list(a.inputs),
            )
            for a in actions_for(status, actor.kind)
        ],
    )


def _scoped(actor: Actor) -> Select[CancellationRequest, Order]:
    query = select(CancellationRequest, Order).join(Order, Order.id == CancellationRequest.order_id)
    if actor.is_seller_side:
        return query.where(CancellationRequest.seller_id == actor.seller_id)
    if actor.kind is ActorKind.BUYER:
        return query.where(CancellationRequest.buyer_id == actor.buyer_id)
    return query


def _find(
    uow: UnitOfWork, actor: Actor, ref: CancellationRef, *, lock_order: bool = False
) -> tuple[CancellationRequest, Order]:
    query = _scoped(actor)
    if lock_order:
        query = query.with_for_update(of=Order)
    if ref.request_id is not None:
        query = query.where(CancellationRequest.id == ref.request_id)
    else:
        # The open request if there is one, else the latest decided one.
        query = (
            query.where(Order.number == ref.order_number)
            .order_by(
                (CancellationRequest.status == CancellationStatus.PENDING.value).desc(),
                CancellationRequest.id.desc(),
            )
            .limit(1)
        )
    row = uow.session.execute(query).first()
    if row is None:
        raise cancellation_not_found(ref.request_id, ref.order_number)
    return row[0], row[1]


def _lock_for_decision(
    uow: UnitOfWork, actor: Actor, cmd: DecideCancellation
) -> tuple[CancellationRequest, Order]:
    """Lock the order row (every writer on an order does) while finding the request.

    After waiting for the lock, PostgreSQL returns the order as the lock holder left it, but the
    request row of the same join as of the statement's start: so the request is read again.
    """
    request, order = _find(uow, actor, cmd, lock_order=True)
    uow.session.refresh(request)
    if request.status != CancellationStatus.PENDING.value:
        raise already_decided(request, order.number)
    if cmd.expected_version is not None and cmd.expected_version != request.version:
        raise version_mismatch(request, order.number, cmd.expected_version)
    return request, order


def list_cancellations(
    uow: UnitOfWork, actor: Actor, query: CancellationListQuery
) -> CancellationPage:
    require_scope(actor, "cancellations:read")
    statement = _scoped(actor)
    if query.status is not None:
        statement = statement.where(CancellationRequest.status == query.status.value)
    after = decode_cursor(query.cursor)
    if after:
        deadline, last_id = _cursor_key(after)
        statement = statement.where(
            or_(
                CancellationRequest.deadline > deadline,
                and_(CancellationRequest.deadline == deadline, CancellationRequest.id > last_id),
            )
        )
    statement = statement.order_by(CancellationRequest.deadline, CancellationRequest.id)
    rows = uow.session.execute(statement.limit(query.limit + 1)).all()
    page, more = rows[: query.limit], len(rows) > query.limit
    last = page[-1][0] if page else None
    return CancellationPage(
        items=[to_cancellation_read(request, order, actor) for request, order in page],
        next_cursor=encode_cursor([last.deadline.isoformat(), last.id]) if more and last else None,
    )


def _cursor_key(after: list[object]) -> tuple[datetime, int]:
    try:
        return datetime.fromisoformat(str(after[0])), int(str(after[1]))
    except (IndexError, ValueError) as error:
        raise invalid(
            "invalid_cursor", "The cursor is malformed; start again without one.", "cursor"
        ) from error


def get_cancellation(uow: UnitOfWork, actor: Actor, ref: CancellationRef) -> CancellationRead:
    require_scope(actor, "cancellations:read")
    request, order = _find(uow, actor, ref)
    return to_cancellation_read(request, order, actor)


def request_cancellation(
    uow: UnitOfWork, actor: Actor, cmd: RequestCancellation
) -> CancellationRead:
    """A buyer asks to cancel an order that has not shipped. The seller has a response window."""
    if actor.kind is not ActorKind.BUYER:
        raise forbidden(
            "buyers_only",
            "Only the buyer can request a cancellation; a seller cancels with orders.cancel.",
        )
    order = get_order_or_raise(uow, actor, cmd.order_number, lock=True)
    if order.status not in CANCELLABLE:
        raise conflict(
            "order_not_cancellable",
            f"Order {order.number} is {order.status}; a cancellation can only be requested "
            "before it ships. Ask for a return once it is delivered.",
            current_state={"order_number": order.number, "status": order.status},
        )
    _refuse_second_open_request(uow, order)
    now = uow.clock.now()
    region = uow.session.scalar(select(Seller.region).where(Seller.id == order.seller_id)) or ""
    request = CancellationRequest(
        order_id=order.id,
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        status=CancellationStatus.PENDING.value,
        reason=cmd.reason.value,
        buyer_note=cmd.note,
        requested_at=now,
        deadline=now + uow.policies.response_window_for(region),
    )
    uow.session.add(request)
    uow.session.flush()
    record_change(
        uow,
        actor,
        action="cancellation.requested",
        subject_type="cancellation_request",
        subject_id=request.id,
        seller_id=order.seller_id,
        order_id=order.id,
        before=None,
        after={"status": request.status, "deadline": request.deadline.isoformat()},
        reason=cmd.reason.value,
        note=cmd.note,
    )
    publish_cancellation_event(uow, "cancellation.requested", request, order)
    return to_cancellation_read(request, order, actor)


def publish_cancellation_event(
    uow: UnitOfWork, type_: str, request: CancellationRequest, order: Order
) -> None:
    publish_event(
        uow,
        type=type_,
        resource_type="cancellation_request",
        resource_id=request.id,
        seller_id=request.seller_id,
        data={
            "request_id": request.id,
            "order_number": order.number,
            "status": request.status,
            "resolution": request.resolution,
            "reason": request.reason,
            "reject_reason": request.reject_reason,
            "refund_minor": request.refund_minor,
            "deadline": request.deadline.isoformat(),
            "version": request.version,
        },
    )


def _refuse_second_open_request(uow: UnitOfWork, order: Order) -> None:
    open_id = uow.session.scalar(
        select(CancellationRequest.id).where(
            CancellationRequest.order_id == order.id,
            CancellationRequest.status == CancellationStatus.PENDING.value,
        )
    )
    if open_id is not None:
        raise conflict(
            "cancellation_already_requested",
            f"Order {order.number} already has a pending cancellation request ({open_id}); "
            "wait for the seller's answer.",
            current_state={"order_number": order.number, "request_id": open_id},
        )


def approve_cancellation(
    uow: UnitOfWork, actor: Actor, cmd: ApproveCancellation
) -> CancellationRead:
    require_scope(actor, "cancellations:write")
    request, order = _lock_for_decision(uow, actor, cmd)
    if order.status not in CANCELLABLE:
        raise conflict(
            "order_already_shipped",
            f"Order {order.number} is {order.status}, so it can no longer be cancelled before "
            "shipment; reject the request with reason 'already_shipped'.",
            current_state={"order_number": order.number, "status": order.status},
        )
    _approve(uow, actor, request, order, resolution="approved")
    return to_cancellation_read(request, order, actor)


def _approve(
    uow: UnitOfWork, actor: Actor, request: CancellationRequest, order: Order, *, resolution: str
) -> None:
    reason = BuyerCancelReason(request.reason)
    refunded_before = order.refunded_minor
    cancel_order_as(
        uow,
        actor,
        order,
        reason=f"buyer_request:{reason.value}",
        fault=BUYER_REASON_FAULT[reason],
        cancellation_request_id=request.id,
    )
    request.refund_minor = (order.refunded_minor - refunded_before) or None
    _resolve(uow, actor, request, order, status=CancellationStatus.APPROVED, resolution=resolution)


def _resolve(
    uow: UnitOfWork,
    actor: Actor,
    request: CancellationRequest,
    order: Order,
    *,
    status: CancellationStatus,
    resolution: str,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    before = {"status": request.status, "version": request.version}
    request.status = status.value
    request.resolution = resolution
    request.resolved_at = uow.clock.now()
    request.resolved_by = actor.label or actor.kind.value
    request.reject_reason = reason
    request.reject_note = note
    uow.session.flush()
    record_change(
        uow,
        actor,
        action=f"cancellation.{resolution}",
        subject_type="cancellation_request",
        subject_id=request.id,
        seller_id=request.seller_id,
        order_id=order.id,
        before=before,
        after={"status": request.status, "version": request.version},
        reason=reason,
        note=note,
    )
    publish_cancellation_event(uow, f"cancellation.{resolution}", request, order)


def reject_cancellation(uow: UnitOfWork, actor: Actor, cmd: RejectCancellation) -> CancellationRead:
    require_scope(actor, "cancellations:write")
    request, order = _lock_for_decision(uow, actor, cmd)
    if cmd.reason is RejectReason.ALREADY_SHIPPED and not order.shipments:
        raise invalid(
            "no_shipment_recorded",
            f"Order {order.number} has no shipment, so 'already_shipped' is not a valid reason; "
            "mark the order shipped with its tracking number first, or choose another reason.",
            "reason",
        )
    _resolve(
        uow,
        actor,
        request,
        order,
        status=CancellationStatus.REJECTED,
        resolution="rejected",
        reason=cmd.reason.value,
        note=cmd.note,
    )
    return to_cancellation_read(request, order, actor)


def cancel_order(uow: UnitOfWork, actor: Actor, cmd: SellerCancelOrder) -> OrderRead:
    """The seller cancels before shipment (seller fault); a pending buyer request is approved."""
    require_scope(actor, "orders:write")
    order = get_order_or_raise(uow, actor, cmd.order_number, lock=True)
    cancel_order_as(uow, actor, order, reason=cmd.reason.value, fault="seller", note=cmd.note)
    pending = uow.session.scalars(
        select(CancellationRequest).where(
            CancellationRequest.order_id == order.id,
            CancellationRequest.status == CancellationStatus.PENDING.value,
        )
    ).all()
    for request in pending:
        _resolve(
            uow,
            actor,
            request,
            order,
            status=CancellationStatus.APPROVED,
            resolution="approved",
            note="Seller cancelled the order.",
        )
    uow.session.flush()
    return to_order_read(order, actor)


def due_cancellation_ids(uow: UnitOfWork, now: datetime, limit: int) -> list[int]:
    query = (
        select(CancellationRequest.id)
        .where(
            CancellationRequest.status == CancellationStatus.PENDING.value,
            CancellationRequest.deadline <= now,
        )
        .order_by(CancellationRequest.deadline)
        .limit(limit)
    )
    return list(uow.session.scalars(query))


def decide_on_deadline(uow: UnitOfWork, actor: Actor, request_id: int) -> str | None:
    """The response window closed: approve for the buyer, unless the order has already shipped."""
    try:
        request, order = _lock_for_decision(uow, actor, DecideCancellation(request_id=request_id))
    except DomainError:
        return None  # decided by someone else in the meantime: nothing to do
    if request.deadline > uow.clock.now():
        return None
    if order.status in CANCELLABLE:
        _approve(uow, actor, request, order, resolution="auto_approved")
        return "auto_approved"
    _resolve(
        uow,
        actor,
        request,
        order,
        status=CancellationStatus.REJECTED,
        resolution="auto_rejected",
        reason=RejectReason.ALREADY_SHIPPED.value,
        note="The order shipped before the response window closed.",
    )
    return "auto_rejected"

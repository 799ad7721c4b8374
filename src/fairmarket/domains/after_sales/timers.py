"""What the platform does when nobody acts: journey timers, deadline warnings, and the
handling deadline of unshipped orders. Each firing is its own transaction and re-checks
everything under the order lock, so a timer that fires twice (two workers, a retried job) has
its effect once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales import engine
from fairmarket.domains.after_sales.machines import RequestKind
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.seller_cancel import end_open_cancellations
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.service import cancel_order_as
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

HANDLING_DEADLINE_REASON = "handling_deadline_missed"
AUTO_CANCELLED = "order_auto_cancelled"  # the ended requests' last action and event


def due_request_ids(uow: UnitOfWork, now: datetime, limit: int) -> list[int]:
    query = (
        select(AfterSaleRequest.id)
        .where(AfterSaleRequest.deadline <= now)
        .order_by(AfterSaleRequest.deadline)
        .limit(limit)
    )
    return list(uow.session.scalars(query))


def fire_timer(uow: UnitOfWork, actor: Actor, request_id: int) -> str | None:
    """Take the platform's action on a request whose timer ran out; None if nothing is due
    (already decided, or the timer moved)."""
    try:
        found = engine.load(uow, actor, request_id, lock=True)
    except DomainError:
        return None
    request = found.request
    if request.deadline is None or request.deadline > uow.clock.now():
        return None
    timer = found.journey.status_by_name[request.status].timer
    if timer is None:
        return None
    for name in timer.actions:
        for action in found.journey.actions_named(name, RequestKind(request.kind)):
            if request.status in action.sources and (
                action.order_statuses is None or found.order.status in action.order_statuses
            ):
                engine.perform(uow, actor, found, action, {})
                return action.name
    # No action applies (an order in an unexpected state): stop the timer, say so in the log.
    request.deadline = request.deadline_action = request.warn_at = None
    return "stopped"


def due_warning_ids(uow: UnitOfWork, now: datetime, limit: int) -> list[int]:
    query = (
        select(AfterSaleRequest.id)
        .where(AfterSaleRequest.warn_at <= now)
        .order_by(AfterSaleRequest.warn_at)
        .limit(limit)
    )
    return list(uow.session.scalars(query))


def send_warning(uow: UnitOfWork, request_id: int) -> bool:
    """Publish after_sale.deadline_approaching once. A plain UPDATE claims the warning, so the
    request's version (what If-Match compares) does not change."""
    now = uow.clock.now()
    claimed = uow.session.execute(
        update(AfterSaleRequest)
        .where(AfterSaleRequest.id == request_id, AfterSaleRequest.warn_at <= now)
        .values(warn_at=None)
        .returning(
            AfterSaleRequest.seller_id,
            AfterSaleRequest.status,
            AfterSaleRequest.deadline,
            AfterSaleRequest.deadline_action,
            AfterSaleRequest.type,
            AfterSaleRequest.version,
            AfterSaleRequest.order_id,
        )
    ).first()
    if claimed is None:
        return False
    seller_id, status, deadline, action, type_, version, order_id = claimed
    number = uow.session.scalar(select(Order.number).where(Order.id == order_id))
    publish_event(
        uow,
        type="after_sale.deadline_approaching",
        resource_type=engine.SUBJECT,
        resource_id=request_id,
        seller_id=seller_id,
        data={
            "request_id": request_id,
            "type": type_,
            "order_number": number,
            "status": status,
            "deadline": deadline.isoformat() if deadline else None,
            "deadline_action": action,
            "version": version,
        },
    )
    return True


def due_unshipped_order_ids(uow: UnitOfWork, now: datetime, limit: int) -> list[int]:
    """Paid orders that passed the handling deadline without shipping."""
    cutoff = now - uow.policies.handling_window
    query = (
        select(Order.id)
        .where(Order.status == "awaiting_shipment", Order.placed_at <= cutoff)
        .order_by(Order.placed_at)
        .limit(limit)
    )
    return list(uow.session.scalars(query))


def auto_cancel_unshipped(uow: UnitOfWork, actor: Actor, order_id: int) -> bool:
    """Cancel at the seller's fault and refund; open pre-shipment cancellation requests on the
    order end as cancelled, as when the seller cancels."""
    order = uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    cutoff = uow.clock.now() - uow.policies.handling_window
    if order is None or order.status != "awaiting_shipment" or order.placed_at > cutoff:
        return False
    cancel_order_as(uow, actor, order, reason=HANDLING_DEADLINE_REASON, fault="seller")
    end_open_cancellations(
        uow, actor, order, reason=HANDLING_DEADLINE_REASON, note=None, ended_by=AUTO_CANCELLED
    )
    return True

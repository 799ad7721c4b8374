"""What the platform does when nobody acts: journey timers, deadline warnings, and the
handling deadline of unshipped orders. Each firing is its own transaction and re-checks
everything under the order lock, so a timer that fires twice (two workers, a retried job) has
its effect once.

In the sandbox every seller has their own clock: a row is due when its moment has passed on its
seller's clock (`seller_clocks.due.reached`), and a firing runs on the seller's time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales import engine, transitions
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.domains.after_sales.seller_cancel import end_open_cancellations
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.events.types import EventType
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.service import cancel_order_as
from fairmarket.domains.seller_clocks.due import reached
from fairmarket.kernel.actors import Actor, system_actor
from fairmarket.kernel.errors import DomainError

log = logging.getLogger(__name__)
HANDLING_DEADLINE_REASON = "handling_deadline_missed"
AUTO_CANCELLED = "order_auto_cancelled"  # the ended requests' last action and event
TIMER_ACTOR = system_actor("system:after_sale_timer")
HANDLING_ACTOR = system_actor("system:handling_deadline")


def due_request_ids(
    uow: UnitOfWork, now: datetime, limit: int, *, seller_id: int | None = None
) -> list[int]:
    """Requests whose timer ran out by `now`, the deployment's time (each on its seller's
    clock in the sandbox); only one seller's with `seller_id`."""
    return _due(
        uow,
        select(AfterSaleRequest.id),
        reached(uow, AfterSaleRequest.deadline, AfterSaleRequest.seller_id, now),
        AfterSaleRequest.deadline,
        _of_seller(AfterSaleRequest.seller_id, seller_id),
        limit,
    )


def _of_seller(
    column: SQLColumnExpression[Any], seller_id: int | None
) -> ColumnElement[bool] | None:
    return None if seller_id is None else column == seller_id


def _due(  # noqa: PLR0917 - one due query's parts
    uow: UnitOfWork,
    query: Select[int],
    due: ColumnElement[bool],
    order_by: SQLColumnExpression[Any],
    of_seller: ColumnElement[bool] | None,
    limit: int,
) -> list[int]:
    query = query.where(due)
    if of_seller is not None:
        query = query.where(of_seller)
    return list(uow.session.scalars(query.order_by(order_by).limit(limit)))


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
    if found.journey.status_by_name[request.status].timer is None:
        return None
    action = transitions.timer_action(found.journey, found.kind, request.status, found.order.status)
    if action is not None:
        engine.perform(uow, actor, found, action, {})
        return action.name
    # No action applies (an order in an unexpected state): stop the timer, say so in the log.
    request.deadline = request.deadline_action = request.warn_at = None
    return "stopped"


def due_warning_ids(
    uow: UnitOfWork, now: datetime, limit: int, *, seller_id: int | None = None
) -> list[int]:
    return _due(
        uow,
        select(AfterSaleRequest.id),
        reached(uow, AfterSaleRequest.warn_at, AfterSaleRequest.seller_id, now),
        AfterSaleRequest.warn_at,
        _of_seller(AfterSaleRequest.seller_id, seller_id),
        limit,
    )


def send_warning(uow: UnitOfWork, request_id: int) -> bool:
    """Publish after_sale.deadline_approaching once. A plain UPDATE claims the warning, so the
    request's version (what If-Match compares) does not change."""
    if uow.sandbox_clocks is not None:
        seller_id = uow.session.scalar(
            select(AfterSaleRequest.seller_id).where(AfterSaleRequest.id == request_id)
        )
        if seller_id is None:
            return False
        uow.use_seller_time(seller_id)
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
        type=EventType.AFTER_SALE_DEADLINE_APPROACHING,
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


def due_unshipped_order_ids(
    uow: UnitOfWork, now: datetime, limit: int, *, seller_id: int | None = None
) -> list[int]:
    """Paid orders that passed the handling deadline without shipping."""
    cutoff = now - uow.policies.handling_window
    return _due(
        uow,
        select(Order.id).where(Order.status == OrderStatus.AWAITING_SHIPMENT),
        reached(uow, Order.placed_at, Order.seller_id, cutoff),
        Order.placed_at,
        _of_seller(Order.seller_id, seller_id),
        limit,
    )


def auto_cancel_unshipped(uow: UnitOfWork, actor: Actor, order_id: int) -> bool:
    """Cancel at the seller's fault and refund; open pre-shipment cancellation requests on the
    order end as cancelled, as when the seller cancels."""
    order = uow.session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None:
        return False
    uow.use_seller_time(order.seller_id)
    cutoff = uow.clock.now() - uow.policies.handling_window
    if order.status != OrderStatus.AWAITING_SHIPMENT or order.placed_at > cutoff:
        return False
    cancel_order_as(uow, actor, order, reason=HANDLING_DEADLINE_REASON, fault="seller")
    end_open_cancellations(
        uow, actor, order, reason=HANDLING_DEADLINE_REASON, note=None, ended_by=AUTO_CANCELLED
    )
    return True


def fire_timer_as_platform(uow: UnitOfWork, request_id: int) -> str | None:
    return fire_timer(uow, TIMER_ACTOR, request_id)


def auto_cancel_as_platform(uow: UnitOfWork, order_id: int) -> bool:
    return auto_cancel_unshipped(uow, HANDLING_ACTOR, order_id)


DueFinder = Callable[..., list[int]]
# What fires, in order (warnings first, so one precedes its action), and what it counts as:
# the worker's stages (entrypoints/worker/firing.Stage) and a sandbox advance both use it.
STAGES: tuple[tuple[DueFinder, Callable[[UnitOfWork, int], object], str], ...] = (
    (due_warning_ids, send_warning, "warned"),
    (due_request_ids, fire_timer_as_platform, "fired"),
    (due_unshipped_order_ids, auto_cancel_as_platform, "orders_auto_cancelled"),
)


def fire_due_timers_of_seller(uow: UnitOfWork, seller_id: int, *, limit: int) -> TimerRunResult:
    """Fire up to `limit` of each kind of the seller's due timers in this transaction, each
    in a savepoint: one that fails is rolled back alone, counted as skipped and stays due for
    the worker."""
    result = TimerRunResult()
    now = uow.sandbox_clocks.now() if uow.sandbox_clocks is not None else uow.clock.now()
    for find_due, fire, counter in STAGES:
        for subject_id in find_due(uow, now, limit, seller_id=seller_id):
            try:
                with uow.session.begin_nested():
                    outcome = fire(uow, subject_id)
            except Exception:  # this one stays due; the worker retries it alone
                log.exception("firing %s %s failed; it stays due", counter, subject_id)
                outcome = None
            count_outcome(result, counter, outcome)
    return result


def count_outcome(result: TimerRunResult, counter: str, outcome: object) -> None:
    if not outcome:
        result.skipped += 1
        return
    setattr(result, counter, getattr(result, counter) + 1)
    if isinstance(outcome, str):
        result.outcomes[outcome] = result.outcomes.get(outcome, 0) + 1

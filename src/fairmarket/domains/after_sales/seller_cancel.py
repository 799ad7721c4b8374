"""The seller cancels an unshipped order themselves (seller fault). Any open pre-shipment
cancellation request on the order has then got what it asked for: it ends as cancelled, audited
and published like every other after-sale change."""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales import engine, transitions
from fairmarket.domains.after_sales.machines import OPEN_STATUSES, JourneyType
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.events.types import after_sale_action_event
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.repository import get_order_or_raise
from fairmarket.domains.orders.schemas import CancelOrder, OrderRead
from fairmarket.domains.orders.service import cancel_order_as, to_order_read
from fairmarket.kernel.actors import Actor, require_scope

# The request's last action and the event type: the order was cancelled by its seller.
ENDED_BY_SELLER = "order_cancelled_by_seller"


class SellerCancelOrder(CancelOrder):
    """The seller's own cancellation of an order before it ships."""


def cancel_order(uow: UnitOfWork, actor: Actor, cmd: SellerCancelOrder) -> OrderRead:
    """Cancel before shipment at the seller's fault and refund what was paid; open cancellation
    requests on the order end as cancelled. The order row lock serialises this with every
    decision, timer and shipment on the same order."""
    require_scope(actor, "orders:write")
    order = get_order_or_raise(uow, actor, cmd.order_number, lock=True)
    with uow.batched_writes():
        cancel_order_as(uow, actor, order, reason=cmd.reason.value, fault="seller", note=cmd.note)
        end_open_cancellations(uow, actor, order, reason=cmd.reason.value, note=cmd.note)
    uow.session.flush()
    return to_order_read(order, actor)


def end_open_cancellations(
    uow: UnitOfWork,
    actor: Actor,
    order: Order,
    *,
    reason: str,
    note: str | None,
    ended_by: str = ENDED_BY_SELLER,
) -> list[AfterSaleRequest]:
    """End every open pre-shipment cancellation request of a locked, just-cancelled order;
    `ended_by` names the request's last action and its event (`after_sale.<ended_by>`).

    Selected after the order lock was taken, so on PostgreSQL this statement sees every request
    committed before the lock was granted (READ COMMITTED takes a new snapshot per statement).
    """
    requests = list(
        uow.session.scalars(
            select(AfterSaleRequest)
            .where(
                AfterSaleRequest.order_id == order.id,
                AfterSaleRequest.type == JourneyType.CANCELLATION,
                AfterSaleRequest.status.in_(OPEN_STATUSES),
            )
            .order_by(AfterSaleRequest.id)
        )
    )
    now = uow.clock.now()
    for request in requests:
        found = engine.Locked(request, order)
        before = request.snapshot()
        label = actor.label or actor.kind.value
        for column, value in transitions.ended_with_order(
            ended_by, label, reason, note, now
        ).items():
            setattr(request, column, value)
        engine.restart_timer(uow, found)  # a terminal status: stops the timer and the warning
        uow.session.flush()
        record_change(
            uow,
            actor,
            action=f"after_sale.{ended_by}",
            subject_type=engine.SUBJECT,
            subject_id=request.id,
            seller_id=request.seller_id,
            order_id=order.id,
            before=before,
            after=request.snapshot(),
            reason=reason,
            note=note,
        )
        engine.publish_request_event(uow, after_sale_action_event(ended_by), found)
    return requests

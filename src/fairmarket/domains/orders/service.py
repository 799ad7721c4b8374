"""Order use cases. Each write is one `verb_object(uow, actor, cmd)`; callers own the commit."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.audit.service import list_order_audit, record_change
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.events.types import EventType
from fairmarket.domains.orders.ledger import refund_remaining
from fairmarket.domains.orders.lifecycle import (
    OrderStatus,
    ScanStatus,
    ShipmentStatus,
    allowed_transitions,
    next_status,
)
from fairmarket.domains.orders.models import Order, Shipment, ShipmentEvent
from fairmarket.domains.orders.repository import (
    get_order_or_raise,
    scoped_orders,
    with_order_details,
)
from fairmarket.domains.orders.schemas import (
    AvailableAction,
    OrderLineRead,
    OrderListQuery,
    OrderPage,
    OrderRead,
    OrderRef,
    OrderTimeline,
    ShipmentRead,
    ShipOrder,
    TimelineEntry,
)
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.pagination import decode_id_cursor, encode_cursor
from fairmarket.kernel.time_windows import created_within, updated_since

ACTION_INPUTS = {"ship": ["carrier", "tracking_number"], "cancel": ["reason", "note"]}


def order_version(order: Order) -> str:
    return f"{order.status}.{int(order.updated_at.timestamp() * 1_000_000)}"


def to_order_read(order: Order, actor: Actor) -> OrderRead:
    status = OrderStatus(order.status)
    return OrderRead(
        number=order.number,
        status=status,
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        currency=order.currency,
        subtotal_minor=order.subtotal_minor,
        shipping_fee_minor=order.shipping_fee_minor,
        total_minor=order.total_minor,
        paid_minor=order.paid_minor,
        refunded_minor=order.refunded_minor,
        placed_at=order.placed_at,
        updated_at=order.updated_at,
        cancelled_at=order.cancelled_at,
        cancel_reason=order.cancel_reason,
        cancel_fault=order.cancel_fault,
        lines=[
            OrderLineRead(
                line_id=line.id,
                product_id=line.product_id,
                title=line.title,
                quantity=line.quantity,
                unit_price_minor=line.unit_price_minor,
            )
            for line in order.lines
        ],
        shipments=[
            ShipmentRead(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                status=s.status,
                shipped_at=s.shipped_at,
                delivered_at=s.delivered_at,
            )
            for s in order.shipments
        ],
        available_actions=[
            AvailableAction(action=name, inputs=ACTION_INPUTS.get(name, []))
            for name in allowed_transitions(status, actor.kind)
            if name in ACTION_INPUTS
        ],
        version=order_version(order),
    )


def list_orders(uow: UnitOfWork, actor: Actor, query: OrderListQuery) -> OrderPage:
    require_scope(actor, "orders:read")
    statement = with_order_details(scoped_orders(actor))
    if query.status is not None:
        statement = statement.where(Order.status == query.status.value)
    statement = statement.where(
        *created_within(query, Order.placed_at), *updated_since(query, Order.updated_at)
    )
    after = decode_id_cursor(query.cursor)
    if after is not None:
        statement = statement.where(Order.number < after)
    rows = list(uow.session.scalars(statement.order_by(Order.number.desc()).limit(query.limit + 1)))
    page, more = rows[: query.limit], len(rows) > query.limit
    return OrderPage(
        items=[to_order_read(order, actor) for order in page],
        next_cursor=encode_cursor([page[-1].number]) if more else None,
    )


def get_order(uow: UnitOfWork, actor: Actor, ref: OrderRef) -> OrderRead:
    require_scope(actor, "orders:read")
    order = get_order_or_raise(uow, actor, ref.order_number, with_details=True)
    return to_order_read(order, actor)


def order_timeline(uow: UnitOfWork, actor: Actor, ref: OrderRef) -> OrderTimeline:
    require_scope(actor, "orders:read")
    order = get_order_or_raise(uow, actor, ref.order_number)
    entries = [
        TimelineEntry(
            at=r.at,
            action=r.action,
            actor=r.actor_label,
            actor_kind=r.actor_kind,
            channel=r.channel,
            reason=r.reason,
            note=r.note,
            before=r.before,
            after=r.after,
        )
        for r in list_order_audit(uow, order.id)
    ]
    return OrderTimeline(order_number=order.number, entries=entries)


def ship_order(uow: UnitOfWork, actor: Actor, cmd: ShipOrder) -> OrderRead:
    require_scope(actor, "orders:write")
    order = get_order_or_raise(uow, actor, cmd.order_number, lock=True)
    before = {"status": order.status}
    order.status = next_status(order.status, "ship", actor.kind, order_number=order.number)
    now = uow.clock.now()
    order.updated_at = now
    shipment = Shipment(
        carrier=cmd.carrier,
        tracking_number=cmd.tracking_number,
        status=ShipmentStatus.IN_TRANSIT,
        shipped_at=now,
        delivered_at=None,
    )
    order.shipments.append(shipment)
    uow.session.flush()
    uow.session.add(
        ShipmentEvent(
            shipment_id=shipment.id,
            at=now,
            status=ScanStatus.IN_TRANSIT,
            description=f"Handed to {cmd.carrier}",
        )
    )
    record_change(
        uow,
        actor,
        action=EventType.ORDER_SHIPPED,
        subject_type="order",
        subject_id=order.id,
        seller_id=order.seller_id,
        order_id=order.id,
        before=before,
        after={
            "status": order.status,
            "carrier": cmd.carrier,
            "tracking_number": cmd.tracking_number,
        },
    )
    publish_order_event(
        uow,
        EventType.ORDER_SHIPPED,
        order,
        carrier=cmd.carrier,
        tracking_number=cmd.tracking_number,
    )
    uow.session.flush()
    return to_order_read(order, actor)


def cancel_order_as(
    uow: UnitOfWork,
    actor: Actor,
    order: Order,
    *,
    reason: str,
    fault: str,
    note: str | None = None,
    after_sale_request_id: int | None = None,
    transition: str = "cancel",
) -> None:
    """Cancel a locked order and refund what was paid: shared by seller cancels, approvals,
    the handling-deadline timer and intercepted parcels (`transition="cancel_in_transit"`)."""
    before = {"status": order.status, "refunded_minor": order.refunded_minor}
    order.status = next_status(order.status, transition, actor.kind, order_number=order.number)
    now = uow.clock.now()
    order.updated_at = now
    order.cancelled_at = now
    order.cancel_reason = reason
    order.cancel_fault = fault
    refund_remaining(
        uow,
        order,
        reason=reason,
        after_sale_request_id=after_sale_request_id,
    )
    record_change(
        uow,
        actor,
        action="order.cancelled",
        subject_type="order",
        subject_id=order.id,
        seller_id=order.seller_id,
        order_id=order.id,
        before=before,
        after={"status": order.status, "refunded_minor": order.refunded_minor, "fault": fault},
        reason=reason,
        note=note,
    )
    publish_order_event(
        uow,
        EventType.ORDER_CANCELLED,
        order,
        reason=reason,
        fault=fault,
        refunded_minor=order.refunded_minor,
    )


def deliver_order_as(uow: UnitOfWork, actor: Actor, order: Order) -> None:
    """The carrier reports a locked order delivered: in_transit -> delivered, every shipment
    not yet delivered with it (from the sandbox today; from a carrier integration later)."""
    before = {"status": order.status}
    order.status = next_status(order.status, "deliver", actor.kind, order_number=order.number)
    now = uow.clock.now()
    order.updated_at = now
    for shipment in order.shipments:
        if shipment.delivered_at is None:
            shipment.status = ShipmentStatus.DELIVERED
            shipment.delivered_at = now
            uow.session.add(
                ShipmentEvent(
                    shipment_id=shipment.id,
                    at=now,
                    status=ScanStatus.DELIVERED,
                    description="Delivered",
                )
            )
    record_change(
        uow,
        actor,
        action="order.delivered",
        subject_type="order",
        subject_id=order.id,
        seller_id=order.seller_id,
        order_id=order.id,
        before=before,
        after={"status": order.status},
    )
    publish_order_event(uow, EventType.ORDER_DELIVERED, order)


def publish_order_event(uow: UnitOfWork, type_: EventType, order: Order, **details: object) -> None:
    publish_event(
        uow,
        type=type_,
        resource_type="order",
        resource_id=order.number,
        seller_id=order.seller_id,
        data={"order_number": order.number, "status": order.status, **details},
    )

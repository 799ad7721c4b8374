"""Orders the seller still has to ship, by their ship-by time.

An order has no ship-by column: a paid order awaiting shipment must ship within the handling
window (`Policies.handling_window`, 5 days by default) of being placed, or the handling timer
(`after_sales.timers.due_unshipped_order_ids`) cancels it at the seller's fault. Its ship-by
time is therefore `placed_at + handling_window`, the moment that timer acts. Reads only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import case, func, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.repository import scoped_orders, with_order_details
from fairmarket.domains.orders.schemas import OrderRead
from fairmarket.domains.orders.service import to_order_read
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.home_cards import CardWindow

READ_SCOPE = "orders:read"


def ship_by(status: str, placed_at: datetime, handling_window: timedelta) -> datetime | None:
    """When the order must have shipped; None once it has (or can no longer) ship."""
    if status != OrderStatus.AWAITING_SHIPMENT:
        return None
    return placed_at + handling_window


@dataclass(frozen=True)
class ToShipPage:
    orders: list[OrderRead]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


def orders_to_ship(uow: UnitOfWork, actor: Actor, *, page: int, per_page: int) -> ToShipPage:
    """Orders awaiting shipment, the nearest ship-by time (the oldest placed) first."""
    require_scope(actor, READ_SCOPE)
    waiting = scoped_orders(actor).where(Order.status == OrderStatus.AWAITING_SHIPMENT.value)
    total = uow.session.scalar(select(func.count()).select_from(waiting.subquery())) or 0
    statement = (
        with_order_details(waiting)
        .order_by(Order.placed_at.asc(), Order.number.asc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    orders = [to_order_read(order, actor) for order in uow.session.scalars(statement)]
    return ToShipPage(orders=orders, total=total, page=page, per_page=per_page)


@dataclass(frozen=True)
class ToShipSummary:
    count: int
    nearest_ship_by: datetime | None
    due_soon: int
    overdue: int


def to_ship_summary(uow: UnitOfWork, actor: Actor, window: CardWindow) -> ToShipSummary:
    """How many orders wait to ship, the nearest ship-by time, and how many fall due within
    the window (compared on `placed_at`, which the ship-by time is a fixed step from)."""
    require_scope(actor, READ_SCOPE)
    handling = uow.policies.handling_window
    placed = Order.placed_at
    count, earliest, soon, overdue = uow.session.execute(
        select(
            func.count(),
            func.min(placed),
            func.sum(case((placed <= window.soon - handling, 1), else_=0)),
            func.sum(case((placed <= window.now - handling, 1), else_=0)),
        ).where(
            Order.seller_id == actor.seller_id,
            Order.status == OrderStatus.AWAITING_SHIPMENT.value,
        )
    ).one()
    return ToShipSummary(
        count=int(count),
        nearest_ship_by=earliest + handling if earliest is not None else None,
        due_soon=int(soon or 0),
        overdue=int(overdue or 0),
    )

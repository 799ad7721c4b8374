"""Bulk export: every order of a date range, read in bounded batches for a streamed answer."""

from __future__ import annotations

from collections.abc import Iterator

from fairmarket.db.batches import in_key_order
from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.orders.models import Order
from fairmarket.domains.orders.repository import scoped_orders, with_order_details
from fairmarket.domains.orders.schemas import OrderExportQuery, OrderRead
from fairmarket.domains.orders.service import to_order_read
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.time_windows import created_within


def export_orders(uow: UnitOfWork, actor: Actor, query: OrderExportQuery) -> Iterator[OrderRead]:
    """The actor's orders placed in the range, oldest first, as the list shows each one.

    Checks the scope now (so a refusal is an error, not a broken stream) and reads lazily: the
    caller iterates inside the same unit of work.
    """
    require_scope(actor, "orders:read")
    statement = with_order_details(scoped_orders(actor)).where(
        *created_within(query, Order.placed_at)
    )
    orders = in_key_order(
        uow.session, statement, (Order.placed_at, Order.id), lambda o: (o.placed_at, o.id)
    )
    return (to_order_read(order, actor) for order in orders)

"""Reading in key order by batches: every row once, in (time, id) order, ties included."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from fairmarket.db.batches import in_key_order
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.orders.models import Order
from fairmarket.kernel.clock import MovableClock
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order


def test_batches_cross_ties_without_repeating_or_skipping(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    seller = make_seller(uow_factory).seller_id
    buyer = make_buyer(uow_factory).buyer_id
    placed: list[int] = []
    for minute in (5, 0, 0, 0, 0, 3, 3):  # three batches of two cut through each tie
        clock.advance(timedelta(minutes=minute))
        placed.append(make_order(uow_factory, seller_id=seller, buyer_id=buyer))

    with uow_factory(read_only=True) as uow:
        statement = select(Order).where(Order.seller_id == seller)
        read = [
            order.number
            for order in in_key_order(
                uow.session,
                statement,
                (Order.placed_at, Order.id),
                lambda order: (order.placed_at, order.id),
                batch_size=2,
            )
        ]

    assert read == placed

"""Reads scoped to what the actor may see: a seller never reaches another seller's orders."""

from __future__ import annotations

from sqlalchemy import Select, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.orders.errors import order_not_found
from fairmarket.domains.orders.models import Order
from fairmarket.kernel.actors import Actor, ActorKind


def scoped_orders(actor: Actor) -> Select[Order]:
    query = select(Order)
    if actor.is_seller_side:
        return query.where(Order.seller_id == actor.seller_id)
    if actor.kind is ActorKind.BUYER:
        return query.where(Order.buyer_id == actor.buyer_id)
    return query


def get_order(
    uow: UnitOfWork, actor: Actor, order_number: int, *, lock: bool = False
) -> Order | None:
    query = scoped_orders(actor).where(Order.number == order_number)
    if lock:
        query = query.with_for_update()
    return uow.session.scalars(query).one_or_none()


def get_order_or_raise(
    uow: UnitOfWork, actor: Actor, order_number: int, *, lock: bool = False
) -> Order:
    order = get_order(uow, actor, order_number, lock=lock)
    if order is None:
        raise order_not_found(order_number)
    return order

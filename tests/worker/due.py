"""Given-steps for the worker tests: pending cancellation requests whose seller stays silent,
and what the firing left behind (refunds, events) per request."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.models import Refund
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order


def open_silent_cancellations(factory: UnitOfWorkFactory, count: int) -> list[int]:
    """`count` paid orders, each with a buyer's pending cancellation request (5,499 to refund
    when auto-approved)."""
    seller = make_seller(factory)
    buyer = make_buyer(factory)
    capability = get_capability("buyer.after_sales.cancel")
    ids = []
    for _ in range(count):
        number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        command = parse_command(capability, {"order_number": number, "reason": "changed_mind"})
        opened = run_capability(capability, factory, buyer.actor(), command)
        ids.append(opened.id)
    return ids


def statuses(factory: UnitOfWorkFactory, ids: list[int]) -> Counter[str]:
    with factory(read_only=True) as uow:
        rows = uow.session.scalars(
            select(AfterSaleRequest.status).where(AfterSaleRequest.id.in_(ids))
        )
        return Counter(rows)


def refunds_per_request(factory: UnitOfWorkFactory) -> Counter[int]:
    with factory(read_only=True) as uow:
        rows = uow.session.execute(
            select(Refund.after_sale_request_id, func.count()).group_by(
                Refund.after_sale_request_id
            )
        )
        return Counter({key: n for key, n in rows})  # noqa: C416 - rows, not pairs


def events_per_request(factory: UnitOfWorkFactory, type_: str) -> Counter[int]:
    with factory(read_only=True) as uow:
        rows = uow.session.execute(
            select(Event.resource_id, func.count())
            .where(Event.type == type_)
            .group_by(Event.resource_id)
        )
        return Counter({key: n for key, n in rows})  # noqa: C416 - rows, not pairs

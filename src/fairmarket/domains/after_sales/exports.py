"""Bulk export: every after-sale request of a date range, read in bounded batches."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import selectinload

from fairmarket.db.batches import in_key_order
from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales.engine import Locked
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import AfterSaleExportQuery, AfterSaleRead
from fairmarket.domains.after_sales.service import READ_SCOPE, scoped_requests, to_read
from fairmarket.domains.orders.models import Order
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.time_windows import created_within


def export_requests(
    uow: UnitOfWork, actor: Actor, query: AfterSaleExportQuery
) -> Iterator[AfterSaleRead]:
    """The actor's requests made in the range, oldest first, as the list shows each one.

    Checks the scope now and reads lazily: the caller iterates inside the same unit of work.
    """
    require_scope(actor, READ_SCOPE)
    statement = (
        scoped_requests(actor)
        .options(selectinload(Order.lines))
        .where(*created_within(query, AfterSaleRequest.requested_at))
    )
    rows = in_key_order(
        uow.session,
        statement,
        (AfterSaleRequest.requested_at, AfterSaleRequest.id),
        lambda row: (row[0].requested_at, row[0].id),
    )
    return (to_read(Locked(request, order), actor) for request, order in rows)

"""Firing a chunk of timers set-based (`bulk_firing.fire_timers`) writes exactly the rows that
`timers.fire_timer` writes one request at a time: same requests, orders, refunds, audit records
and events, in the same order. Each path runs on the same data in a transaction that is rolled
back, so both start from the same state."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Table, event, func, select

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.domains.after_sales import bulk_firing, timers
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, OrderLine, Refund
from fairmarket.entrypoints.worker import firing
from fairmarket.entrypoints.worker.firing import Stage, StageSpec, fire_chunk
from fairmarket.kernel.clock import MovableClock
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call
from tests.worker.due import (
    events_per_request,
    open_silent_cancellations,
    refunds_per_request,
    statuses,
)

PAST_EVERY_RESPONSE_WINDOW = timedelta(days=5)
UPDATED = (AfterSaleRequest.__table__, Order.__table__)
INSERTED = (Refund.__table__, AuditRecord.__table__, Event.__table__)


class RolledBackError(Exception):
    pass


def rows_after(factory: UnitOfWorkFactory, fire: Callable[[UnitOfWork], object]) -> dict[str, Any]:
    """Every request and order, and the refunds, audit records and events that `fire` added
    (in id order, ids left out: PostgreSQL does not hand them out again after a rollback),
    as they stand at the end of the transaction, which is then rolled back."""
    captured: dict[str, Any] = {}

    def fire_and_roll_back() -> None:
        with factory() as uow:
            first_new = {t.name: _max_id(uow, t) for t in INSERTED}
            captured["outcomes"] = fire(uow)
            for table in UPDATED:
                captured[table.name] = _rows(uow, table, None)
            for table in INSERTED:
                captured[table.name] = _rows(uow, table, first_new[table.name])
            raise RolledBackError

    with pytest.raises(RolledBackError):
        fire_and_roll_back()
    return captured


def _max_id(uow: UnitOfWork, table: Table) -> int:
    return int(uow.session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)


def _rows(uow: UnitOfWork, table: Table, after_id: int | None) -> list[dict[str, Any]]:
    query = select(table).order_by(table.c.id)
    if after_id is not None:
        query = query.where(table.c.id > after_id)
    rows = [dict(row._mapping) for row in uow.session.execute(query)]
    if after_id is None:
        return rows
    transaction_ids = {row.pop("transaction_id", None) for row in rows}
    assert len(transaction_ids) <= 1  # one transaction: one id (None on SQLite)
    for row in rows:
        del row["id"]
    return rows


def open_request(
    factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, **raw: object
) -> int:
    status = raw.pop("order_status", OrderStatus.AWAITING_SHIPMENT)
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id, status=status)
    capability = str(raw.pop("capability"))
    opened = call(factory, buyer.actor(), capability, order_number=number, **raw)
    return int(opened.id)


def line_of(factory: UnitOfWorkFactory, request_id: int) -> dict[str, int]:
    with factory(read_only=True) as uow:
        lines = uow.session.scalar(
            select(AfterSaleRequest.lines).where(AfterSaleRequest.id == request_id)
        )
    assert lines
    return lines[0]


@pytest.fixture
def every_kind_of_firing(uow_factory: UnitOfWorkFactory, clock: MovableClock) -> list[int]:
    """Due timers of every shape the worker meets: cancellations auto-approved (the order
    cancelled and refunded), one whose order shipped meanwhile (auto-rejected: status only),
    a return accepted (a new timer starts), a refund-only return (a partial refund: left to
    `fire_timer`), a parcel in transit (interception asked)."""
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    ids = open_silent_cancellations(uow_factory, 3)
    shipped = open_request(
        uow_factory, seller, buyer, capability="buyer.after_sales.cancel", reason="changed_mind"
    )
    with uow_factory(read_only=True) as uow:
        number = uow.session.scalars(
            select(Order.number).join(AfterSaleRequest).where(AfterSaleRequest.id == shipped)
        ).one()
    call(
        uow_factory,
        seller.actor(),
        "orders.ship",
        order_number=number,
        carrier="UPS",
        tracking_number="1Z999AA10123456784",
    )
    returns = []
    for kind in ("return_and_refund", "refund_only"):
        number = make_order(
            uow_factory,
            seller_id=seller.seller_id,
            buyer_id=buyer.buyer_id,
            status=OrderStatus.DELIVERED,
        )
        returns.append(_open_return(uow_factory, buyer, number, kind))
    in_transit = open_request(
        uow_factory,
        seller,
        buyer,
        capability="buyer.after_sales.cancel",
        reason="changed_mind",
        order_status=OrderStatus.IN_TRANSIT,
    )
    clock.advance(PAST_EVERY_RESPONSE_WINDOW)
    return sorted([*ids, shipped, *returns, in_transit])


def _open_return(factory: UnitOfWorkFactory, buyer: BuyerPersona, number: int, kind: str) -> int:
    with factory(read_only=True) as uow:
        line_id = uow.session.scalar(
            select(func.min(OrderLine.id)).join(Order).where(Order.number == number)
        )
    opened = call(
        factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind=kind,
        reason="changed_mind",
        lines=[{"line_id": line_id, "quantity": 1}],
    )
    return int(opened.id)


def test_a_chunk_fired_together_writes_exactly_the_rows_of_firing_one_by_one(
    uow_factory: UnitOfWorkFactory, every_kind_of_firing: list[int]
) -> None:
    ids = every_kind_of_firing

    def one_by_one(uow: UnitOfWork) -> dict[int, str | None]:
        return {i: timers.fire_timer_as_platform(uow, i) for i in ids}

    def together(uow: UnitOfWork) -> Mapping[int, str | None]:
        return bulk_firing.fire_timers_as_platform(uow, ids)

    single = rows_after(uow_factory, one_by_one)
    chunk = rows_after(uow_factory, together)

    assert sorted(set(single["outcomes"].values())) == [
        "auto_approve",
        "auto_intercept",
        "auto_reject",
    ]
    assert single["outcomes"] == chunk["outcomes"]
    for table in ("after_sale_requests", "orders", "refunds", "audit_records", "events"):
        assert len(chunk[table]) == len(single[table]), table
        for together_row, single_row in zip(chunk[table], single[table], strict=True):
            differ = {k for k in single_row if together_row[k] != single_row[k]}
            assert not differ, (table, {k: (together_row[k], single_row[k]) for k in differ})
    assert len(single["refunds"]) == 4  # three cancellations and the refund-only return
    assert len(single["events"]) == 2 * 3 + 4


def test_a_chunk_of_cancellations_costs_a_few_statements_not_a_few_per_request(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    ids = open_silent_cancellations(uow_factory, 20)
    clock.advance(PAST_EVERY_RESPONSE_WINDOW)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(uow_factory.engine, "before_cursor_execute", count)
    try:
        result = fire_chunk(uow_factory, Stage.TIMERS, ids)
    finally:
        event.remove(uow_factory.engine, "before_cursor_execute", count)

    assert result.outcomes == {"auto_approve": 20}
    # claim, sequences, UPDATE orders, UPDATE requests, INSERT refunds, audit, events (each
    # at most twice: insertmanyvalues batches, executemany), BEGIN/COMMIT on SQLite
    assert len(statements) <= 16, "\n".join(s[:60] for s in statements)
    assert statuses(uow_factory, ids) == {"cancelled": 20}
    assert refunds_per_request(uow_factory) == dict.fromkeys(ids, 1)
    assert events_per_request(uow_factory, "after_sale.auto_approved") == dict.fromkeys(ids, 1)


def test_a_chunk_that_fails_is_fired_again_one_id_at_a_time_and_only_the_broken_one_stays_due(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = open_silent_cancellations(uow_factory, 4)
    clock.advance(PAST_EVERY_RESPONSE_WINDOW)
    real = firing.STAGES[Stage.TIMERS]
    assert real.fire_many is not None
    fire_many = real.fire_many

    def broken_on_the_third(uow: UnitOfWork, chunk: Sequence[int]) -> Mapping[int, object]:
        outcomes = fire_many(uow, chunk)
        if ids[2] in chunk:
            raise RuntimeError("a bug in one journey")
        return outcomes

    monkeypatch.setitem(
        firing.STAGES,
        Stage.TIMERS,
        StageSpec(real.find_due, real.fire, "fired", fire_many=broken_on_the_third),
    )

    result = fire_chunk(uow_factory, Stage.TIMERS, ids)

    assert (result.fired, result.skipped) == (3, 1)
    assert statuses(uow_factory, [ids[2]]) == {"pending": 1}
    assert set(refunds_per_request(uow_factory)) == {ids[0], ids[1], ids[3]}
    assert set(events_per_request(uow_factory, "after_sale.auto_approved")) == {
        ids[0],
        ids[1],
        ids[3],
    }


def test_a_chunk_fired_twice_fires_once(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    ids = open_silent_cancellations(uow_factory, 3)
    clock.advance(PAST_EVERY_RESPONSE_WINDOW)

    first = fire_chunk(uow_factory, Stage.TIMERS, ids)
    second = fire_chunk(uow_factory, Stage.TIMERS, ids)

    assert (first.fired, second.fired, second.skipped) == (3, 0, 3)
    assert refunds_per_request(uow_factory) == dict.fromkeys(ids, 1)

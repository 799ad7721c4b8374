"""Due queries on sellers' own sandbox clocks.

A row is due when its moment has passed on its seller's clock: real time plus that seller's
offset. One query still finds the due rows of every seller: it compares each row's moment with
the real time shifted by its seller's offset, read from `sandbox_clocks` in the same statement.
Outside the sandbox the comparison is the plain `moment <= now`, as before.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, SQLColumnExpression, and_, cast, func, literal, select

from fairmarket.db.base import UtcDateTime
from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.seller_clocks.models import SellerSandboxClock

MICROSECONDS_PER_DAY = 86_400_000_000.0


def reached(
    uow: UnitOfWork,
    moment: SQLColumnExpression[Any],
    seller_id: SQLColumnExpression[Any],
    now: datetime,
) -> ColumnElement[bool]:
    """`moment <= now` on the row's seller's clock, where `now` is the deployment's time (the
    real time in the sandbox)."""
    if uow.sandbox_clocks is None:
        return moment <= now
    offset = func.coalesce(
        select(SellerSandboxClock.offset_microseconds)
        .where(SellerSandboxClock.seller_id == seller_id)
        .scalar_subquery(),
        0,
    )
    # Nothing is due beyond the furthest seller's time: that bound keeps the index range.
    return and_(
        moment <= now + uow.largest_seller_offset(),
        _shifted_at_or_before(uow, moment, now, offset),
    )


def _shifted_at_or_before(
    uow: UnitOfWork,
    moment: SQLColumnExpression[Any],
    now: datetime,
    micros: SQLColumnExpression[Any],
) -> ColumnElement[bool]:
    real_now = literal(now.astimezone(UTC), UtcDateTime())
    if uow.session.get_bind().dialect.name == "postgresql":
        seconds = cast(micros, Float) / 1_000_000.0
        return moment <= real_now + func.make_interval(0, 0, 0, 0, 0, 0, seconds)
    # SQLite keeps timestamps as text: compare them as Julian days (millisecond precision;
    # the firing re-checks the exact time under the order lock).
    return func.julianday(moment) <= func.julianday(real_now) + micros / MICROSECONDS_PER_DAY

"""Reading a large result set in key order, one bounded batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

BATCH_SIZE = 500


def in_key_order(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    key: tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any]],
    key_of: Callable[[Any], tuple[Any, Any]],
    *,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Any]:
    """Every row of `statement` ordered by a unique (time, id) key, fetched by keyset batches.

    Each batch is an index range scan after the previous batch's last key, so memory stays one
    batch (the session forgets a batch before the next) and no server-side cursor is held.
    Rows are what `session.execute` returns: one entity unpacked, several as a tuple.
    """
    first, second = key
    last: tuple[Any, Any] | None = None
    single = len(statement.column_descriptions) == 1
    while True:
        page = statement.order_by(first, second).limit(batch_size)
        if last is not None:
            # `first >= last` alone lets the database range-scan the index on `first`.
            page = page.where(
                first >= last[0], or_(first > last[0], and_(first == last[0], second > last[1]))
            )
        result = session.execute(page)
        rows = list(result.scalars()) if single else list(result.all())
        yield from rows
        if len(rows) < batch_size:
            return
        last = key_of(rows[-1])
        session.expunge_all()

"""Publish events in the changing transaction; read them in commit-safe order."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Insert,
    Integer,
    Select,
    Table,
    bindparam,
    func,
    insert,
    literal_column,
    null,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.payloads import checked_payload
from fairmarket.domains.events.schemas import EventListQuery, EventOrder, EventPage, EventRead
from fairmarket.domains.events.types import EventType
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.errors import forbidden
from fairmarket.kernel.pagination import decode_id_cursor, encode_cursor
from fairmarket.kernel.time_windows import created_within


def publish_event(
    uow: UnitOfWork,
    *,
    type: EventType,
    resource_type: str,
    resource_id: int,
    seller_id: int | None,
    data: dict[str, Any],
) -> None:
    """Append an event whose `data` is the type's payload (`payloads.py`; a mismatch raises
    ValueError). The caller holds the resource's lock, so its sequence has no race.

    Written at once (one INSERT), or inside `uow.batched_writes()` together with the block's
    other events when the block ends (one INSERT for all of them)."""
    row = {
        "type": EventType(type).value,
        "resource_type": resource_type,
        "resource_id": resource_id,
        "seller_id": seller_id,
        "occurred_at": uow.clock.now(),
        "data": checked_payload(EventType(type), data),
    }
    if not uow.defer(write_events, row):
        write_events(uow, [row])


def write_events(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Insert events in one statement (SQLAlchemy's insertmanyvalues batches the rows), in
    order: ids follow the list.

    Each row's sequence is computed in the statement: its resource's last sequence plus its
    place among this statement's rows of the same resource. The publisher holds the resource's
    lock, so no other transaction appends to that resource meanwhile; the unique constraint on
    (resource_type, resource_id, sequence) would refuse a duplicate anyway."""
    places: Counter[tuple[str, int]] = Counter()
    parameters = []
    for row in rows:
        resource = (row["resource_type"], row["resource_id"])
        places[resource] += 1
        parameters.append(row | {"place": places[resource]})
    on_postgres = uow.session.get_bind().dialect.name == "postgresql"
    uow.session.execute(_insert_events(on_postgres=on_postgres), parameters)


EVENTS = cast(Table, Event.__table__)


@cache
def _insert_events(*, on_postgres: bool) -> Insert:
    """Built once: the sequence and (on PostgreSQL) the transaction id computed in the row."""
    last = (
        select(func.coalesce(func.max(EVENTS.c.sequence), 0))
        .where(
            EVENTS.c.resource_type == bindparam("resource_type"),
            EVENTS.c.resource_id == bindparam("resource_id"),
        )
        .scalar_subquery()
    )
    return insert(EVENTS).values(
        type=bindparam("type"),
        resource_type=bindparam("resource_type"),
        resource_id=bindparam("resource_id"),
        seller_id=bindparam("seller_id"),
        occurred_at=bindparam("occurred_at"),
        data=bindparam("data"),
        sequence=last + bindparam("place", type_=Integer),
        transaction_id=(
            literal_column("pg_current_xact_id()::text::bigint", type_=BigInteger)
            if on_postgres
            else null()
        ),
    )


def list_events(uow: UnitOfWork, actor: Actor, query: EventListQuery) -> EventPage:
    """A seller's events in log order (or newest first), after a cursor.

    On PostgreSQL ids are handed out before commit, so a transaction that started earlier can
    commit a smaller id after a reader has moved past it. Events are therefore shown only once
    every transaction that could still commit an earlier id has finished. (Newest first is for
    browsing: an event settling behind a newest-first reader is found by the oldest-first one.)
    """
    require_scope(actor, "events:read")
    if actor.seller_id is None:
        raise forbidden("seller_key_required", "The event log is read with a seller key.")
    newest_first = query.order is EventOrder.NEWEST_FIRST
    statement = settled_events(
        uow, seller_id=actor.seller_id, after_id=_after_id(query.after), newest_first=newest_first
    ).where(*created_within(query, Event.occurred_at))
    if query.type:
        statement = statement.where(Event.type.in_(query.type))
    rows = list(uow.session.scalars(statement.limit(query.limit + 1)))
    page, more = rows[: query.limit], len(rows) > query.limit
    return EventPage(
        items=[_read(event) for event in page],
        next_cursor=event_cursor(page[-1].id) if more else None,
    )


def settled_events(
    uow: UnitOfWork, *, seller_id: int, after_id: int | None, newest_first: bool = False
) -> Select[Event]:
    """A seller's events after an id, in log order, that no running transaction can precede.

    The one commit-safe reading of the log: `list_events` pages it and webhooks fan it out.
    Newest first, "after" an id means before it in the log.
    """
    statement = select(Event).where(Event.seller_id == seller_id)
    if after_id is not None:
        statement = statement.where(Event.id < after_id if newest_first else Event.id > after_id)
    if uow.session.get_bind().dialect.name == "postgresql":
        statement = statement.where(_settled())
    return statement.order_by(Event.id.desc() if newest_first else Event.id)


def event_cursor(event_id: int) -> str:
    """The cursor that resumes the log after this event (`after=`)."""
    return encode_cursor([event_id])


OLDEST_RUNNING_TRANSACTION: ColumnElement[int] = literal_column(
    "pg_snapshot_xmin(pg_current_snapshot())::text::bigint", type_=BigInteger
)


def _settled() -> ColumnElement[bool]:
    return Event.transaction_id < OLDEST_RUNNING_TRANSACTION


def _after_id(cursor: str | None) -> int | None:
    return decode_id_cursor(cursor, field="after", hint="pass an event's `cursor`")


def _read(event: Event) -> EventRead:
    return EventRead(
        cursor=event_cursor(event.id),
        type=event.type,
        resource_type=event.resource_type,
        resource_id=event.resource_id,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        data=event.data,
    )

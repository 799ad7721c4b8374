"""The rules engine's jobs: consume the event log, and notice parcels the carrier lost track of.

`run_rules_on_new_events` reads settled events after its own cursor (one row), like the
webhook fan-out does, and evaluates each trigger event in its own unit of work: a failure is
logged, its event passed, and the rest go on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.domains.after_sales.engine import SUBJECT
from fairmarket.domains.after_sales.machines import JOURNEYS, OPEN_STATUSES, JourneyType
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.service import OLDEST_RUNNING_TRANSACTION, publish_event
from fairmarket.domains.events.types import EventType
from fairmarket.domains.orders.lifecycle import ShipmentStatus
from fairmarket.domains.orders.models import Order, Shipment, ShipmentEvent
from fairmarket.domains.rules.evaluation import evaluate_trigger
from fairmarket.domains.rules.models import RuleEventCursor
from fairmarket.domains.rules.schemas import Trigger

log = logging.getLogger(__name__)

CURSOR_ID = 1
SHIPMENT_EXCEPTION = EventType.SHIPMENT_EXCEPTION
TRIGGERS = {trigger.value: trigger for trigger in Trigger}
# Rules decide requests still waiting for their first answer; a shipment exception matters
# while the request is open at all.
NEEDS_UNDECIDED = frozenset({Trigger.REQUEST_CREATED, Trigger.DEADLINE_APPROACHING})


def run_rules_on_new_events(uow_factory: UnitOfWorkFactory, limit: int = 200) -> int:
    """Evaluate up to `limit` new events; returns how many triggered an evaluation."""
    with uow_factory(read_only=True) as uow:
        events = _new_events(uow, limit)
    evaluated = 0
    for event_id, type_, resource_type, resource_id in events:
        trigger = TRIGGERS.get(type_)
        if trigger is None or resource_type != SUBJECT:
            continue
        try:
            with uow_factory() as uow:
                if _claim(uow, event_id) and _evaluate(uow, trigger, resource_id, event_id):
                    evaluated += 1
        except Exception:  # one bad event never blocks the rest
            log.exception("rules: evaluating event %s (%s) failed; skipped", event_id, type_)
    if events:
        with uow_factory() as uow:
            _claim(uow, events[-1][0])
    return evaluated


def _new_events(uow: UnitOfWork, limit: int) -> list[tuple[int, str, str, int]]:
    after = uow.session.scalar(
        select(RuleEventCursor.last_event_id).where(RuleEventCursor.id == CURSOR_ID)
    )
    statement = select(Event.id, Event.type, Event.resource_type, Event.resource_id)
    if after is not None:
        statement = statement.where(Event.id > after)
    if uow.session.get_bind().dialect.name == "postgresql":
        # As the webhook fan-out: never pass an id a running transaction may still commit.
        statement = statement.where(Event.transaction_id < OLDEST_RUNNING_TRANSACTION)
    rows = uow.session.execute(statement.order_by(Event.id).limit(limit))
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def _claim(uow: UnitOfWork, event_id: int) -> bool:
    """Move the cursor to `event_id` under its row lock; False if it is already there."""
    cursor = uow.session.scalar(
        select(RuleEventCursor).where(RuleEventCursor.id == CURSOR_ID).with_for_update()
    )
    now = uow.clock.now()
    if cursor is None:
        uow.session.add(RuleEventCursor(id=CURSOR_ID, last_event_id=event_id, updated_at=now))
        uow.session.flush()
        return True
    if cursor.last_event_id >= event_id:
        return False
    cursor.last_event_id = event_id
    cursor.updated_at = now
    return True


def _evaluate(uow: UnitOfWork, trigger: Trigger, request_id: int, event_id: int) -> bool:
    request = uow.session.get(AfterSaleRequest, request_id)
    if request is None or request.status not in OPEN_STATUSES:
        return False
    initial = JOURNEYS[JourneyType(request.type)].initial
    if trigger in NEEDS_UNDECIDED and (
        request.status != initial or request.decided_action is not None
    ):
        return False
    return bool(evaluate_trigger(uow, trigger, request_id, event_id=event_id))


def detect_shipment_exceptions(uow: UnitOfWork, *, now: datetime, after_hours: float) -> int:
    """Publish `shipment.exception` for each open request whose parcel is in transit with no
    scan for `after_hours`: once per request and last scan. Returns how many were published."""
    last_scan = (
        select(ShipmentEvent.shipment_id, func.max(ShipmentEvent.at).label("at"))
        .group_by(ShipmentEvent.shipment_id)
        .subquery()
    )
    rows = uow.session.execute(
        select(
            AfterSaleRequest.id,
            AfterSaleRequest.seller_id,
            AfterSaleRequest.type,
            Order.number,
            Shipment.id,
            Shipment.carrier,
            Shipment.shipped_at,
            last_scan.c.at,
        )
        .join(Order, Order.id == AfterSaleRequest.order_id)
        .join(Shipment, Shipment.order_id == Order.id)
        .outerjoin(last_scan, last_scan.c.shipment_id == Shipment.id)
        .where(
            AfterSaleRequest.status.in_(sorted(OPEN_STATUSES)),
            Shipment.status == ShipmentStatus.IN_TRANSIT,
            Shipment.delivered_at.is_(None),
        )
        .order_by(AfterSaleRequest.id, Shipment.id)
    ).all()
    window = timedelta(hours=after_hours)
    latest: dict[int, tuple[int, str, int, str, datetime]] = {}
    for request_id, seller_id, type_, number, _shipment_id, carrier, shipped_at, scanned in rows:
        seen = scanned or shipped_at
        latest[request_id] = (seller_id, type_, number, carrier, seen)  # the latest shipment
    # `now` is the deployment's time; in the sandbox each seller's runs ahead by their offset.
    stale = {
        rid: parts
        for rid, parts in latest.items()
        if parts[4] <= now + uow.seller_offset(parts[0]) - window
    }
    if not stale:
        return 0
    published = _already_published(uow, list(stale))
    count = 0
    for request_id, (seller_id, type_, number, carrier, seen) in stale.items():
        if seen.isoformat() in published[request_id]:
            continue
        uow.use_seller_time(seller_id)
        seller_now = now + uow.seller_offset(seller_id)
        publish_event(
            uow,
            type=SHIPMENT_EXCEPTION,
            resource_type=SUBJECT,
            resource_id=request_id,
            seller_id=seller_id,
            data={
                "request_id": request_id,
                "type": type_,
                "order_number": number,
                "carrier": carrier,
                "last_scan_at": seen.isoformat(),
                "hours_without_scan": round((seller_now - seen).total_seconds() / 3600, 1),
            },
        )
        count += 1
    return count


def _already_published(uow: UnitOfWork, request_ids: list[int]) -> dict[int, set[str]]:
    published: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(request_ids), 900):
        chunk = request_ids[start : start + 900]
        for resource_id, data in uow.session.execute(
            select(Event.resource_id, Event.data).where(
                Event.type == SHIPMENT_EXCEPTION,
                Event.resource_type == SUBJECT,
                Event.resource_id.in_(chunk),
            )
        ):
            published[resource_id].add(str(data.get("last_scan_at")))
    return published


def run_shipment_exception_check(uow_factory: UnitOfWorkFactory, *, after_hours: float) -> int:
    with uow_factory() as uow:
        return detect_shipment_exceptions(uow, now=uow.clock.now(), after_hours=after_hours)

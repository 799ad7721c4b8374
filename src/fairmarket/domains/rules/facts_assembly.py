"""Every catalogue fact for a batch of after-sale requests, in a few set-based queries.

The live engine asks for one request "as of now"; a back-test asks for thousands "as of when
each was opened" (`now=None`). Both read the same handful of queries per batch (requests with
their order, buyer and seller; lines; shipments and scans; the buyers' and sellers' recent
history) and compute each record in memory, so 10,000 requests take about a second.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, func, insert, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Buyer, Seller
from fairmarket.domains.after_sales.machines import AfterSaleStatus, JourneyType
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.catalog.models import Category, Product
from fairmarket.domains.orders.lifecycle import OrderStatus, ShipmentStatus
from fairmarket.domains.orders.models import Order, OrderLine, Shipment, ShipmentEvent
from fairmarket.domains.rules.facts import FACTS, NO_SHIPMENT, WEEKDAYS, FactRecord
from fairmarket.domains.rules.models import after_sale_facts
from fairmarket.domains.rules.schemas import Trigger
from fairmarket.kernel.money import MINOR_UNIT_DIGITS

WINDOW = timedelta(days=90)
CHUNK = 900  # ids per IN list (well under every database's bound-parameter limit)
SELLER_ANSWERS = frozenset({"seller_user", "integration"})
CANCELLATION_TYPES = frozenset({JourneyType.CANCELLATION, JourneyType.FULFILMENT_CANCELLATION})
STAGE_BY_TYPE = {
    "cancellation": "pre_shipment",
    "fulfilment_cancellation": "in_fulfilment",
    "return": "post_delivery",
}
_HOUR = 3600.0
_DAY = 86400.0


def assemble_facts(
    uow: UnitOfWork, request_ids: Sequence[int], *, now: datetime
) -> dict[int, FactRecord]:
    """Each request's facts as they stand at `now`."""
    return _assemble(uow, request_ids, now)


def assemble_history_facts(uow: UnitOfWork, request_ids: Sequence[int]) -> dict[int, FactRecord]:
    """Each request's facts as they stood when it was opened (for back-tests)."""
    return _assemble(uow, request_ids, None)


def snapshot_request_facts(
    uow: UnitOfWork, trigger: Trigger, request_ids: Sequence[int], *, now: datetime | None = None
) -> int:
    """Store the facts of the requests that have no snapshot for `trigger` yet; `now=None`
    takes each as of its opening. Returns the rows written."""
    missing = _without_snapshot(uow, trigger, request_ids)
    if not missing:
        return 0
    records = _assemble(uow, missing, now)
    taken = _opened_at(uow, missing) if now is None else {}
    rows = [
        {
            "request_id": request_id,
            "trigger": trigger.value,
            "taken_at": now or taken[request_id],
            **{fact.column: value for fact, value in zip(FACTS, record, strict=True)},
        }
        for request_id, record in records.items()
    ]
    for start in range(0, len(rows), CHUNK):
        uow.session.execute(insert(after_sale_facts), rows[start : start + CHUNK])
    return len(rows)


def store_snapshot(
    uow: UnitOfWork, trigger: Trigger, request_id: int, record: FactRecord, *, taken_at: datetime
) -> bool:
    """Keep facts already assembled (the live engine's), unless the trigger has a snapshot."""
    if not _without_snapshot(uow, trigger, [request_id]):
        return False
    uow.session.execute(
        insert(after_sale_facts),
        [
            {
                "request_id": request_id,
                "trigger": trigger.value,
                "taken_at": taken_at,
                **{fact.column: value for fact, value in zip(FACTS, record, strict=True)},
            }
        ],
    )
    return True


def requests_missing_facts(
    uow: UnitOfWork, trigger: Trigger, start: datetime, end: datetime
) -> list[int]:
    """Requests opened in [start, end) that have no snapshot for `trigger`."""
    snapshot = after_sale_facts.c
    statement = (
        select(AfterSaleRequest.id)
        .outerjoin(
            after_sale_facts,
            and_(snapshot.request_id == AfterSaleRequest.id, snapshot.trigger == trigger.value),
        )
        .where(
            AfterSaleRequest.requested_at >= start,
            AfterSaleRequest.requested_at < end,
            snapshot.id.is_(None),
        )
        .order_by(AfterSaleRequest.id)
    )
    return list(uow.session.scalars(statement))


def stored_facts(
    uow: UnitOfWork, trigger: Trigger, request_ids: Sequence[int]
) -> dict[int, FactRecord]:
    """The snapshots of `trigger` for these requests, as fact records."""
    columns = [after_sale_facts.c[fact.column] for fact in FACTS]
    found: dict[int, FactRecord] = {}
    for chunk in _chunks(request_ids):
        statement = select(after_sale_facts.c.request_id, *columns).where(
            after_sale_facts.c.trigger == trigger.value,
            after_sale_facts.c.request_id.in_(chunk),
        )
        for row in uow.session.execute(statement):
            found[row[0]] = tuple(row[1:])
    return found


# --- internals ---------------------------------------------------------------------------


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def _without_snapshot(uow: UnitOfWork, trigger: Trigger, request_ids: Sequence[int]) -> list[int]:
    have: set[int] = set()
    for chunk in _chunks(request_ids):
        have.update(
            uow.session.scalars(
                select(after_sale_facts.c.request_id).where(
                    after_sale_facts.c.trigger == trigger.value,
                    after_sale_facts.c.request_id.in_(chunk),
                )
            )
        )
    return [i for i in sorted(set(request_ids)) if i not in have]


def _opened_at(uow: UnitOfWork, request_ids: Sequence[int]) -> dict[int, datetime]:
    opened: dict[int, datetime] = {}
    for chunk in _chunks(request_ids):
        statement = select(AfterSaleRequest.id, AfterSaleRequest.requested_at).where(
            AfterSaleRequest.id.in_(chunk)
        )
        opened.update({row[0]: row[1] for row in uow.session.execute(statement)})
    return opened


@dataclass
class _Row:
    request: Any  # the selected request, order, buyer and seller columns
    lines: int = 0
    items: int = 0
    category: str = ""
    best_line_value: int = -1
    shipment: Any = None
    last_scan: datetime | None = None


_AFTER_ANY_ID = 1 << 62


@dataclass
class _Decided:
    """A seller's decided requests: sorted opening times, a running count of those the seller
    answered (answered_before[i]: among the first i), and each request's own entry."""

    times: list[datetime] = field(default_factory=list)
    answered_before: list[int] = field(default_factory=lambda: [0])
    by_id: dict[int, tuple[datetime, bool]] = field(default_factory=dict)


@dataclass
class _History:
    """Sorted timestamps per buyer and per seller, for windowed counts by bisection."""

    buyer_orders: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    buyer_cancellations: dict[int, list[tuple[datetime, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    buyer_returns: dict[int, list[tuple[datetime, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    seller_orders: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    seller_fault_cancellations: dict[int, list[datetime]] = field(
        default_factory=lambda: defaultdict(list)
    )
    seller_decided: dict[int, _Decided] = field(default_factory=lambda: defaultdict(_Decided))


def _assemble(
    uow: UnitOfWork, request_ids: Sequence[int], now: datetime | None
) -> dict[int, FactRecord]:
    rows: dict[int, _Row] = {}
    for chunk in _chunks(request_ids):
        rows.update(_load_requests(uow, chunk))
    if not rows:
        return {}
    order_rows: dict[int, list[_Row]] = defaultdict(list)
    for row in rows.values():
        order_rows[row.request.order_id].append(row)
    latest = max(now or row.request.requested_at for row in rows.values())
    for chunk in _chunks(list(order_rows)):
        _load_lines(uow, chunk, order_rows)
        _load_shipments(uow, chunk, order_rows, now)
    history = _load_history(uow, rows.values(), latest)
    return {
        request_id: _record(row, now or row.request.requested_at, history, history_mode=now is None)
        for request_id, row in rows.items()
    }


def _load_requests(uow: UnitOfWork, chunk: list[int]) -> dict[int, _Row]:
    statement = (
        select(
            AfterSaleRequest.id,
            AfterSaleRequest.type,
            AfterSaleRequest.kind,
            AfterSaleRequest.reason,
            AfterSaleRequest.fault,
            AfterSaleRequest.requested_minor,
            AfterSaleRequest.requested_at,
            AfterSaleRequest.status,
            AfterSaleRequest.whole_order,
            AfterSaleRequest.evidence,
            AfterSaleRequest.order_id,
            AfterSaleRequest.buyer_id,
            AfterSaleRequest.seller_id,
            Order.total_minor,
            Order.paid_minor,
            Order.currency,
            Order.shipping_region,
            Order.status.label("order_status"),
            Order.placed_at,
            Buyer.created_at.label("buyer_created_at"),
            Seller.timezone,
        )
        .join(Order, Order.id == AfterSaleRequest.order_id)
        .join(Buyer, Buyer.id == AfterSaleRequest.buyer_id)
        .join(Seller, Seller.id == AfterSaleRequest.seller_id)
        .where(AfterSaleRequest.id.in_(chunk))
    )
    return {row.id: _Row(row) for row in uow.session.execute(statement)}


def _load_lines(uow: UnitOfWork, chunk: list[int], order_rows: dict[int, list[_Row]]) -> None:
    statement = (
        select(
            OrderLine.order_id,
            OrderLine.id,
            OrderLine.quantity,
            OrderLine.unit_price_minor,
            Category.name,
        )
        .join(Product, Product.id == OrderLine.product_id)
        .join(Category, Category.id == Product.category_id)
        .where(OrderLine.order_id.in_(chunk))
        .order_by(OrderLine.id)
    )
    for order_id, _line_id, quantity, unit_price, category in uow.session.execute(statement):
        value = quantity * unit_price
        for row in order_rows[order_id]:
            row.lines += 1
            row.items += quantity
            if value > row.best_line_value:  # ties: the first line
                row.best_line_value, row.category = value, category


def _load_shipments(
    uow: UnitOfWork, chunk: list[int], order_rows: dict[int, list[_Row]], now: datetime | None
) -> None:
    """The order's latest shipment, and its last scan, as of each request's moment."""
    shipments = list(
        uow.session.execute(
            select(
                Shipment.id,
                Shipment.order_id,
                Shipment.carrier,
                Shipment.shipped_at,
                Shipment.delivered_at,
            )
            .where(Shipment.order_id.in_(chunk))
            .order_by(Shipment.id)
        )
    )
    if not shipments:
        return
    scans: dict[int, list[datetime]] = defaultdict(list)
    statement = (
        select(ShipmentEvent.shipment_id, ShipmentEvent.at)
        .join(Shipment, Shipment.id == ShipmentEvent.shipment_id)
        .where(Shipment.order_id.in_(chunk))
        .order_by(ShipmentEvent.at)
    )
    for shipment_id, at in uow.session.execute(statement):
        scans[shipment_id].append(at)
    for shipment in shipments:
        for row in order_rows[shipment.order_id]:
            moment = now or row.request.requested_at
            if shipment.shipped_at > moment:
                continue
            row.shipment = shipment
            seen = scans[shipment.id][: bisect_right(scans[shipment.id], moment)]
            row.last_scan = seen[-1] if seen else shipment.shipped_at


def _load_history(uow: UnitOfWork, rows: Any, latest: datetime) -> _History:
    """The involved buyers' and sellers' orders and requests (sellers: last 90 days + slack)."""
    buyers = sorted({row.request.buyer_id for row in rows})
    sellers = sorted({row.request.seller_id for row in rows})
    earliest = min(row.request.requested_at for row in rows) - WINDOW
    history = _History()
    for chunk in _chunks(buyers):
        for buyer_id, placed_at in uow.session.execute(
            select(Order.buyer_id, Order.placed_at).where(
                Order.buyer_id.in_(chunk), Order.placed_at <= latest
            )
        ):
            history.buyer_orders[buyer_id].append(placed_at)
        for buyer_id, type_, at, request_id in uow.session.execute(
            select(
                AfterSaleRequest.buyer_id,
                AfterSaleRequest.type,
                AfterSaleRequest.requested_at,
                AfterSaleRequest.id,
            ).where(
                AfterSaleRequest.buyer_id.in_(chunk),
                AfterSaleRequest.requested_at >= earliest,
                AfterSaleRequest.requested_at <= latest,
            )
        ):
            target = (
                history.buyer_cancellations
                if type_ in CANCELLATION_TYPES
                else history.buyer_returns
            )
            target[buyer_id].append((at, request_id))
    for chunk in _chunks(sellers):
        _load_seller_history(uow, chunk, history, earliest, latest)
    for series in (history.buyer_orders, history.seller_orders, history.seller_fault_cancellations):
        for values in series.values():
            values.sort()
    for pairs in (history.buyer_cancellations, history.buyer_returns):
        for timed in pairs.values():
            timed.sort()
    return history


def _load_seller_history(
    uow: UnitOfWork, chunk: list[int], history: _History, earliest: datetime, latest: datetime
) -> None:
    for seller_id, placed_at, cancelled_at, fault in uow.session.execute(
        select(Order.seller_id, Order.placed_at, Order.cancelled_at, Order.cancel_fault).where(
            Order.seller_id.in_(chunk), Order.placed_at <= latest
        )
    ):
        if placed_at >= earliest:
            history.seller_orders[seller_id].append(placed_at)
        if fault == "seller" and cancelled_at is not None:
            history.seller_fault_cancellations[seller_id].append(cancelled_at)
    rows: dict[int, list[tuple[datetime, int, bool]]] = defaultdict(list)
    for seller_id, at, request_id, decided_by in uow.session.execute(
        select(
            AfterSaleRequest.seller_id,
            AfterSaleRequest.requested_at,
            AfterSaleRequest.id,
            AfterSaleRequest.decided_by,
        ).where(
            AfterSaleRequest.seller_id.in_(chunk),
            AfterSaleRequest.requested_at >= earliest,
            AfterSaleRequest.requested_at <= latest,
            AfterSaleRequest.decided_by.is_not(None),
        )
    ):
        rows[seller_id].append((at, request_id, decided_by in SELLER_ANSWERS))
    for seller_id, entries in rows.items():
        decided = history.seller_decided[seller_id]
        for at, request_id, answered in sorted(entries):
            decided.times.append(at)
            decided.answered_before.append(decided.answered_before[-1] + int(answered))
            decided.by_id[request_id] = (at, answered)


def _in_window(values: list[datetime], moment: datetime) -> int:
    return bisect_right(values, moment) - bisect_left(values, moment - WINDOW)


def _others_in_window(
    pairs: list[tuple[datetime, int]], moment: datetime, *, own_at: datetime | None
) -> int:
    """Requests in the 90 days up to `moment`, the request itself (opened at `own_at` when it
    is in this list) left out."""
    low = bisect_left(pairs, (moment - WINDOW, -1))
    high = bisect_right(pairs, (moment, _AFTER_ANY_ID))
    mine = own_at is not None and moment - WINDOW <= own_at <= moment
    return high - low - (1 if mine else 0)


def _rate(count: int, total: int) -> float:
    return min(1.0, count / total) if total else 0.0


def _response_rate(decided: _Decided, moment: datetime, own: int) -> float:
    """Requests answered by the seller ÷ decided requests opened in the 90 days before
    `moment` (the request itself left out); 1.0 when there are none."""
    low = bisect_left(decided.times, moment - WINDOW)
    high = bisect_left(decided.times, moment)
    total = high - low
    answered = decided.answered_before[high] - decided.answered_before[low]
    mine = decided.by_id.get(own)
    if mine is not None and moment - WINDOW <= mine[0] < moment:
        total -= 1
        answered -= int(mine[1])
    return answered / total if total > 0 else 1.0


def _major(minor: int, currency: str) -> float:
    return minor / float(10 ** MINOR_UNIT_DIGITS.get(currency, 2))


def _local(moment: datetime, timezone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(UTC)


def _order_status_when_opened(request: Any) -> OrderStatus:
    """The order's status when the request opened; the journey says where it was."""
    if request.type == JourneyType.CANCELLATION:
        if request.paid_minor > 0:
            return OrderStatus.AWAITING_SHIPMENT
        return OrderStatus.AWAITING_PAYMENT
    if request.type == JourneyType.FULFILMENT_CANCELLATION:
        return OrderStatus.IN_TRANSIT
    return OrderStatus.DELIVERED


def _record(row: _Row, moment: datetime, history: _History, *, history_mode: bool) -> FactRecord:
    request = row.request
    shipment = row.shipment
    delivered = shipment is not None and shipment.delivered_at is not None
    delivered = delivered and shipment.delivered_at <= moment
    buyer_orders = _in_window(history.buyer_orders[request.buyer_id], moment)
    local = _local(moment, request.timezone)
    cancellation = request.type in CANCELLATION_TYPES
    values: dict[str, Any] = {
        "request.type": request.type,
        "request.kind": request.kind,
        "request.reason": request.reason,
        "request.fault": request.fault,
        "request.amount": _major(request.requested_minor, request.currency),
        "request.age_hours": max(0.0, (moment - request.requested_at).total_seconds() / _HOUR),
        "request.stage": STAGE_BY_TYPE.get(request.type, ""),
        "request.status": AfterSaleStatus.PENDING if history_mode else request.status,
        "request.whole_order": bool(request.whole_order),
        "request.has_evidence": bool(request.evidence),
        "order.value": _major(request.total_minor, request.currency),
        "order.lines": row.lines,
        "order.items": row.items,
        "order.category": row.category,
        "order.region": request.shipping_region,
        "order.status": _order_status_when_opened(request)
        if history_mode
        else request.order_status,
        "order.age_days": max(0.0, (moment - request.placed_at).total_seconds() / _DAY),
        "shipment.carrier": shipment.carrier if shipment is not None else "",
        "shipment.status": (
            NO_SHIPMENT
            if shipment is None
            else ShipmentStatus.DELIVERED
            if delivered
            else ShipmentStatus.IN_TRANSIT
        ),
        "shipment.last_scan_age_hours": (
            (moment - row.last_scan).total_seconds() / _HOUR if row.last_scan is not None else 0
        ),
        "buyer.order_count": bisect_right(history.buyer_orders[request.buyer_id], moment),
        "buyer.cancellation_rate_90d": _rate(
            _others_in_window(
                history.buyer_cancellations[request.buyer_id],
                moment,
                own_at=request.requested_at if cancellation else None,
            ),
            buyer_orders,
        ),
        "buyer.return_rate_90d": _rate(
            _others_in_window(
                history.buyer_returns[request.buyer_id],
                moment,
                own_at=None if cancellation else request.requested_at,
            ),
            buyer_orders,
        ),
        "buyer.account_age_days": max(
            0.0, (moment - request.buyer_created_at).total_seconds() / _DAY
        ),
        "seller.response_rate": _response_rate(
            history.seller_decided[request.seller_id], moment, request.id
        ),
        "seller.fault_cancellation_rate": _rate(
            _in_window(history.seller_fault_cancellations[request.seller_id], moment),
            _in_window(history.seller_orders[request.seller_id], moment),
        ),
        "seller.violation_points": 0,
        "time.local_hour": local.hour,
        "time.weekday": WEEKDAYS[local.weekday()],
    }
    return tuple(values[fact.name] for fact in FACTS)


def count_snapshots(uow: UnitOfWork, trigger: Trigger) -> int:
    return int(
        uow.session.scalar(
            select(func.count())
            .select_from(after_sale_facts)
            .where(after_sale_facts.c.trigger == trigger.value)
        )
        or 0
    )

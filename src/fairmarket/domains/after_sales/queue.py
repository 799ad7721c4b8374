"""The seller's after-sales queue, as Seller Center reads it: what waits on the seller (derived
from the journey tables), the most urgent first, searchable by order number or buyer, counted
and read a page at a time; and what its home page counts.

Reads only: every decision still goes through `service.act`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from math import ceil

from pydantic import Field
from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select
from sqlalchemy.orm import selectinload

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Buyer
from fairmarket.domains.after_sales.engine import Locked
from fairmarket.domains.after_sales.machines import (
    JOURNEYS,
    AfterSaleStatus,
    Journey,
    JourneyType,
    RequestKind,
    applies_to,
)
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import AfterSaleRead
from fairmarket.domains.after_sales.service import READ_SCOPE, scoped_requests, to_read
from fairmarket.domains.orders.models import Order
from fairmarket.kernel.actors import Actor, ActorKind, require_scope
from fairmarket.kernel.commands import Command
from fairmarket.kernel.home_cards import CardWindow

MAX_SEARCH = 120
PER_PAGE = 25


# --- what waits on the seller, from the journey tables ---------------------------------------


def waits_on_seller(journey: Journey, kind: RequestKind, status: AfterSaleStatus) -> bool:
    """A request waits on the seller when the seller can act from its status and the status's
    timer, when it runs out, takes one of those same steps for them (approve for a silent
    seller, confirm a delivered return): the deadline is the seller's. A status whose timer
    waits on someone else (the buyer shipping the return, answering an offer) does not wait on
    the seller, even if the seller may step in (refund early)."""
    definition = journey.status_by_name.get(status)
    if definition is None or definition.timer is None:
        return False
    seller_targets = {
        action.target
        for action in journey.actions
        if status in action.sources
        and ActorKind.SELLER_USER in action.actors
        and applies_to(action, kind)
    }
    timer_targets = {
        action.target
        for name in definition.timer.actions
        for action in journey.actions_named(name, kind)
        if status in action.sources
    }
    return bool(seller_targets & timer_targets)


def _waiting_on_seller() -> dict[tuple[JourneyType, RequestKind], frozenset[AfterSaleStatus]]:
    waiting: dict[tuple[JourneyType, RequestKind], frozenset[AfterSaleStatus]] = {}
    for journey in JOURNEYS.values():
        for kind in journey.kinds:
            statuses = frozenset(
                s.name for s in journey.statuses if waits_on_seller(journey, kind, s.name)
            )
            if statuses:
                waiting[journey.type, kind] = statuses
    return waiting


# (journey type, kind) -> the statuses in which such a request waits on the seller.
WAITING_ON_SELLER = _waiting_on_seller()
WAITING_STATUSES = frozenset(s for statuses in WAITING_ON_SELLER.values() for s in statuses)


def waiting_condition() -> ColumnElement[bool]:
    return or_(
        false(),
        *(
            and_(
                AfterSaleRequest.type == journey_type.value,
                AfterSaleRequest.kind == kind.value,
                AfterSaleRequest.status.in_(sorted(statuses)),
            )
            for (journey_type, kind), statuses in WAITING_ON_SELLER.items()
        ),
    )


# --- the queue -------------------------------------------------------------------------------


class QueueView(StrEnum):
    NEEDS_ACTION = "needs_action"  # everything waiting on the seller, whatever its status
    ALL = "all"


class QueueOrder(StrEnum):
    URGENCY = "urgency"  # nearest deadline first (overdue first), requests without one last
    NEWEST = "newest"


class QueueQuery(Command):
    """`status` narrows to one status; without it `view` says which requests to show."""

    view: QueueView = QueueView.NEEDS_ACTION
    status: AfterSaleStatus | None = None
    type: JourneyType | None = None
    kind: RequestKind | None = None
    search: str = Field("", max_length=MAX_SEARCH, description="Order number, buyer name, e-mail.")
    order: QueueOrder = QueueOrder.URGENCY
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(PER_PAGE, ge=1, le=100)


@dataclass(frozen=True)
class QueueEntry:
    request: AfterSaleRead
    buyer_name: str
    buyer_email: str
    needs_action: bool


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def first_position(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.entries else 0

    @property
    def last_position(self) -> int:
        return self.first_position + len(self.entries) - 1 if self.entries else 0


def seller_queue(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> QueuePage:
    require_scope(actor, READ_SCOPE)
    statement = _filtered(actor, query)
    total = uow.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    ordered = _ordered(statement, query.order).options(selectinload(Order.lines))
    offset = (query.page - 1) * query.per_page
    rows = uow.session.execute(ordered.offset(offset).limit(query.per_page)).all()
    entries = [
        QueueEntry(
            request=to_read(Locked(request, order), actor),
            buyer_name=buyer_name,
            buyer_email=buyer_email,
            needs_action=is_waiting(request),
        )
        for request, order, buyer_name, buyer_email in rows
    ]
    return QueuePage(entries=entries, total=total, page=query.page, per_page=query.per_page)


def is_waiting(request: AfterSaleRequest) -> bool:
    key = (JourneyType(request.type), RequestKind(request.kind))
    return request.status in WAITING_ON_SELLER.get(key, frozenset())


def next_needing_action(uow: UnitOfWork, actor: Actor, *, after_id: int) -> int | None:
    """The most urgent request waiting on the seller other than `after_id` (the one they just
    answered), or None when nothing else waits."""
    require_scope(actor, READ_SCOPE)
    statement = _ordered(_filtered(actor, QueueQuery()), QueueOrder.URGENCY)
    statement = statement.where(AfterSaleRequest.id != after_id).limit(1)
    row = uow.session.execute(statement).first()
    return None if row is None else int(row[0].id)


def _filtered(actor: Actor, query: QueueQuery) -> Select[AfterSaleRequest, Order, str, str]:
    statement = (
        scoped_requests(actor)
        .add_columns(Buyer.name, Buyer.email)
        .join(Buyer, Buyer.id == AfterSaleRequest.buyer_id)
    )
    if query.status is not None:
        statement = statement.where(AfterSaleRequest.status == query.status)
    elif query.view is QueueView.NEEDS_ACTION:
        statement = statement.where(waiting_condition())
    if query.type is not None:
        statement = statement.where(AfterSaleRequest.type == query.type.value)
    if query.kind is not None:
        statement = statement.where(AfterSaleRequest.kind == query.kind.value)
    if query.search:
        statement = statement.where(_matches(query.search))
    return statement


def _matches(search: str) -> ColumnElement[bool]:
    """An order number (`1042` or `#1042`), or a part of the buyer's name or e-mail."""
    term = search.strip().removeprefix("#").strip()
    by_buyer = or_(
        func.lower(Buyer.name).contains(term.lower(), autoescape=True),
        func.lower(Buyer.email).contains(term.lower(), autoescape=True),
    )
    if term.isdigit() and len(term) <= len(str(2**63 - 1)) - 1:
        return or_(Order.number == int(term), by_buyer)
    return by_buyer


def _ordered(
    statement: Select[AfterSaleRequest, Order, str, str], order: QueueOrder
) -> Select[AfterSaleRequest, Order, str, str]:
    if order is QueueOrder.NEWEST:
        return statement.order_by(AfterSaleRequest.id.desc())
    return statement.order_by(
        AfterSaleRequest.deadline.is_(None),
        AfterSaleRequest.deadline.asc(),
        AfterSaleRequest.id.asc(),
    )


# --- what the home page counts ---------------------------------------------------------------


@dataclass(frozen=True)
class WaitingGroup:
    """Requests of one journey in one status that wait on the seller."""

    type: JourneyType
    status: AfterSaleStatus
    count: int
    nearest_deadline: datetime | None
    due_soon: int
    overdue: int


def waiting_groups(uow: UnitOfWork, actor: Actor, window: CardWindow) -> list[WaitingGroup]:
    require_scope(actor, READ_SCOPE)
    deadline = AfterSaleRequest.deadline
    statement = (
        select(
            AfterSaleRequest.type,
            AfterSaleRequest.status,
            func.count(),
            func.min(deadline),
            func.sum(case((deadline <= window.soon, 1), else_=0)),
            func.sum(case((deadline <= window.now, 1), else_=0)),
        )
        .where(AfterSaleRequest.seller_id == actor.seller_id, waiting_condition())
        .group_by(AfterSaleRequest.type, AfterSaleRequest.status)
    )
    groups: dict[tuple[JourneyType, AfterSaleStatus], WaitingGroup] = {}
    for journey_type, status, count, nearest, soon, overdue in uow.session.execute(statement):
        key = (JourneyType(journey_type), AfterSaleStatus(status))
        groups[key] = WaitingGroup(
            key[0], key[1], int(count), nearest, int(soon or 0), int(overdue or 0)
        )
    return list(groups.values())


# --- the buyer's history with this shop ------------------------------------------------------


@dataclass(frozen=True)
class BuyerHistory:
    buyer_name: str
    orders: int
    cancelled_orders: int
    requests_by_type: dict[str, int]
    refunded_requests: int

    @property
    def cancellation_requests(self) -> int:
        return self.requests_by_type.get(JourneyType.CANCELLATION, 0) + self.requests_by_type.get(
            JourneyType.FULFILMENT_CANCELLATION, 0
        )

    @property
    def return_requests(self) -> int:
        return self.requests_by_type.get(JourneyType.RETURN, 0)


def buyer_history(uow: UnitOfWork, actor: Actor, request_id: int) -> BuyerHistory | None:
    """What the buyer of this request has done with this shop (this seller's orders only).
    None when the actor cannot see the request."""
    require_scope(actor, READ_SCOPE)
    found = uow.session.execute(
        scoped_requests(actor).where(AfterSaleRequest.id == request_id)
    ).first()
    if found is None:
        return None
    request = found[0]
    seller_id, buyer_id = request.seller_id, request.buyer_id
    orders, cancelled = uow.session.execute(
        select(
            func.count(),
            func.sum(case((Order.cancelled_at.is_not(None), 1), else_=0)),
        ).where(Order.seller_id == seller_id, Order.buyer_id == buyer_id)
    ).one()
    by_type: dict[str, int] = defaultdict(int)
    refunded = 0
    statement = (
        select(AfterSaleRequest.type, AfterSaleRequest.status, func.count())
        .where(AfterSaleRequest.seller_id == seller_id, AfterSaleRequest.buyer_id == buyer_id)
        .group_by(AfterSaleRequest.type, AfterSaleRequest.status)
    )
    for journey_type, status, count in uow.session.execute(statement):
        by_type[str(journey_type)] += int(count)
        refunded += int(count) if status == AfterSaleStatus.REFUNDED else 0
    name = uow.session.scalar(select(Buyer.name).where(Buyer.id == buyer_id)) or ""
    return BuyerHistory(
        buyer_name=name,
        orders=int(orders),
        cancelled_orders=int(cancelled or 0),
        requests_by_type=dict(by_type),
        refunded_requests=refunded,
    )

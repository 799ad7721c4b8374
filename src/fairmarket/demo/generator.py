"""`generate_demo`: a deterministic marketplace with 90 days of history ending now.

Every random choice comes from `random.Random(seed)`; the only outside input is the clock's
"now", which anchors the history. Rows are built in memory and bulk-inserted in one transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.demo.history import History, OrderInProgress, fulfil_order, pay_order, place_order
from fairmarket.demo.journeys import request_cancellation, seller_cancels
from fairmarket.demo.regions import REGIONS
from fairmarket.demo.rows import Rows
from fairmarket.demo.world import (
    DEMO_PASSWORD,
    DEMO_SELLER_EMAIL,
    SellerCast,
    World,
    build_world,
)
from fairmarket.demo.writer import empty_tables, insert_rows, tables_with_data
from fairmarket.domains.accounts.security import hash_password

FIRST_ORDER_NUMBER = 100001
# Ages (hours) of the demo seller's orders that are kept with a pending request, so that the
# Seller Center, the API and the chatbot all have something to decide; the oldest are due soon.
PENDING_AGES_HOURS = (46.0, 40.0, 20.0, 8.0, 3.0)
# Relative order volume by local hour of day: quiet nights, busy evenings.
HOURLY_WEIGHT = (2, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 8, 9, 8, 7, 7, 8, 9, 10, 11, 12, 11, 8, 4)
BUYER_REQUEST_SHARE = 0.065
SELLER_CANCEL_SHARE = 0.015
UNPAID_SHARE_OF_RECENT = 0.12


class Progress(Protocol):
    def stage(self, description: str, total: int) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class NoProgress:
    def stage(self, description: str, total: int) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None


class DemoDataExistsError(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoSize:
    orders: int = 20_000
    sellers: int = 50
    buyers: int = 5_000
    products: int = 2_000
    days: int = 90


@dataclass(frozen=True)
class PendingRequest:
    order_number: int
    request_id: int
    deadline: datetime


@dataclass(frozen=True)
class DemoResult:
    seed: int
    now: datetime
    counts: dict[str, int]
    demo_seller_id: int
    demo_seller_email: str
    demo_password: str
    demo_buyer_id: int
    buyer_cancellable_order: int | None
    pending_requests: list[PendingRequest] = field(default_factory=list)

    @property
    def pending_order_numbers(self) -> list[int]:
        return [pending.order_number for pending in self.pending_requests]


@dataclass(frozen=True)
class Placement:
    placed: datetime
    seller: SellerCast
    buyer_id: int
    keep_pending: bool


def generate_demo(
    factory: UnitOfWorkFactory,
    *,
    seed: int = 42,
    size: DemoSize | None = None,
    reset: bool = True,
    progress: Progress | None = None,
    password_hash: str | None = None,
) -> DemoResult:
    """Fill the database behind `factory` with a demo marketplace (emptying it first if `reset`)."""
    size = size or DemoSize()
    progress = progress or NoProgress()
    now = factory.clock.now()
    rng = random.Random(seed)
    rows = Rows()
    world = build_world(
        rng,
        rows,
        now=now,
        sellers=size.sellers,
        buyers=size.buyers,
        products=size.products,
        password_hash=password_hash or hash_password(DEMO_PASSWORD),
    )
    windows = {r.code: factory.policies.response_window_for(r.code) for r in REGIONS}
    history = History(rng=rng, rows=rows, now=now, response_windows=windows)
    placements = plan_placements(rng, world, now=now, size=size)
    progress.stage("Simulating orders", len(placements))
    for index, placement in enumerate(placements):
        # Each order draws from its own stream, so what "now" lets happen to one order does
        # not shift the random choices of the next.
        history.rng = random.Random(f"{seed}:{index}")
        simulate_order(history, FIRST_ORDER_NUMBER + index, placement)
        progress.advance()
    _write(factory, rows, reset=reset, progress=progress)
    return _result(seed, now, rows, world)


def _write(factory: UnitOfWorkFactory, rows: Rows, *, reset: bool, progress: Progress) -> None:
    with factory() as uow:
        connection = uow.session.connection()
        if reset:
            empty_tables(connection)
        else:
            filled = tables_with_data(connection)
            if filled:
                raise DemoDataExistsError(
                    f"The database already has data ({', '.join(filled)}); run again with "
                    "--reset to replace it with the demo marketplace, or point "
                    "FAIRMARKET_DATABASE_URL at an empty database."
                )
        progress.stage("Writing rows", rows.total())
        insert_rows(connection, rows, progress.advance)


def plan_placements(
    rng: random.Random, world: World, *, now: datetime, size: DemoSize
) -> list[Placement]:
    """When each order is placed, by whom and with which shop — sorted, so numbers follow time."""
    sellers = world.sellers
    kept = min(len(PENDING_AGES_HOURS), size.orders)
    placements = []
    for seller in rng.choices(sellers, cum_weights=world.seller_cum_weights, k=size.orders - kept):
        placed = _placement_time(rng, now, size.days, seller.region.utc_offset_hours)
        placements.append(Placement(placed, seller, _pick_buyer(rng, world, seller), False))
    for hours in PENDING_AGES_HOURS[:kept]:
        placed = now - timedelta(hours=hours, minutes=rng.uniform(0, 50))
        placements.append(Placement(placed, sellers[0], _pick_buyer(rng, world, sellers[0]), True))
    placements.sort(key=lambda placement: placement.placed)
    return placements


def _placement_time(rng: random.Random, now: datetime, days: int, utc_offset: int) -> datetime:
    """A local day and hour drawn independently of the clock, so a seed means the same history."""
    offset = timedelta(hours=utc_offset)
    local_midnight = (now + offset).replace(hour=0, minute=0, second=0, microsecond=0) - offset
    day = rng.randrange(days)
    hour = rng.choices(range(24), weights=HOURLY_WEIGHT)[0]
    placed = local_midnight - timedelta(days=day, hours=-hour, seconds=-rng.uniform(0, 3600))
    return placed - timedelta(days=1) if placed > now else placed


def _pick_buyer(rng: random.Random, world: World, seller: SellerCast) -> int:
    local = world.buyers_by_region.get(seller.region.code)
    if local and rng.random() < 0.95:
        return rng.choice(local)
    return rng.choice(world.all_buyers)


def simulate_order(history: History, number: int, placement: Placement) -> None:
    rng, now = history.rng, history.now
    order = place_order(history, number, placement.seller, placement.buyer_id, placement.placed)
    pay_at = placement.placed + timedelta(minutes=rng.uniform(1, 30))
    recent = now - placement.placed < timedelta(days=1)
    unpaid = recent and not placement.keep_pending and rng.random() < UNPAID_SHARE_OF_RECENT
    if pay_at > now or unpaid:
        return
    pay_order(history, order, pay_at)
    order.ship_at = pay_at + timedelta(hours=rng.triangular(3, 72, 18))
    if placement.keep_pending:
        asked_at = pay_at + (now - pay_at) * rng.uniform(0.05, 0.3)
        request_cancellation(history, order, asked_at, keep_pending=True)
        return
    if not _diverted(history, order, pay_at, rng.random()):
        fulfil_order(history, order, order.ship_at)


def _diverted(history: History, order: OrderInProgress, pay_at: datetime, draw: float) -> bool:
    """Run a buyer request or a seller cancellation if this order has one; True if it did."""
    rng = history.rng
    if draw < BUYER_REQUEST_SHARE:
        asked_at = pay_at + (order.ship_at - pay_at) * rng.uniform(0.1, 0.9)
        if asked_at > history.now:
            return False
        ship_at = request_cancellation(history, order, asked_at, keep_pending=False)
        if ship_at is not None:
            fulfil_order(history, order, ship_at)
        return True
    if draw < BUYER_REQUEST_SHARE + SELLER_CANCEL_SHARE:
        cancel_at = pay_at + (order.ship_at - pay_at) * rng.uniform(0.2, 0.9)
        if cancel_at > history.now:
            return False
        seller_cancels(history, order, cancel_at)
        return True
    return False


def _result(seed: int, now: datetime, rows: Rows, world: World) -> DemoResult:
    demo_seller = world.sellers[0]
    orders = rows.tables["orders"]
    number_by_id = {order["id"]: order["number"] for order in orders}
    requested = {request["order_id"] for request in rows.tables["cancellation_requests"]}
    pending = sorted(
        (
            PendingRequest(number_by_id[request["order_id"]], request["id"], request["deadline"])
            for request in rows.tables["cancellation_requests"]
            if request["status"] == "pending" and request["seller_id"] == demo_seller.id
        ),
        key=lambda pending: pending.deadline,
    )
    open_order = next(
        (
            order
            for order in reversed(orders)
            if order["seller_id"] == demo_seller.id
            and order["status"] == "awaiting_shipment"
            and order["id"] not in requested
        ),
        None,
    )
    return DemoResult(
        seed=seed,
        now=now,
        counts={name: len(table) for name, table in rows.tables.items()},
        demo_seller_id=demo_seller.id,
        demo_seller_email=DEMO_SELLER_EMAIL,
        demo_password=DEMO_PASSWORD,
        demo_buyer_id=int(open_order["buyer_id"]) if open_order else world.all_buyers[0],
        buyer_cancellable_order=int(open_order["number"]) if open_order else None,
        pending_requests=pending,
    )

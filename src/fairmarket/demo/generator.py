"""`generate_demo`: a deterministic marketplace with 90 days of history ending now.

Every random choice comes from `random.Random(seed)`; the only outside input is the clock's
"now", which anchors the history. Rows are built in memory and bulk-inserted in one transaction.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.demo.history import History, OrderInProgress, fulfil_order, pay_order, place_order
from fairmarket.demo.journeys import (
    fulfilment_cancellation,
    handling_deadline_missed,
    keep_pending_cancellation,
    pre_shipment_cancellation,
    return_request,
    seller_cancels,
)
from fairmarket.demo.rows import Rows
from fairmarket.demo.showcase import SHOWCASES, Showcase, placed_hours_ago, play
from fairmarket.demo.world import (
    DEMO_PASSWORD,
    DEMO_SELLER_EMAIL,
    SellerCast,
    World,
    build_world,
)
from fairmarket.demo.writer import empty_tables, insert_rows, tables_with_data
from fairmarket.domains.accounts.security import hash_password
from fairmarket.domains.after_sales.machines import TERMINAL_STATUSES

FIRST_ORDER_NUMBER = 100001
# Ages (hours) of the demo seller's orders that are kept with a pending request, so that the
# Seller Center, the API and the chatbot all have something to decide; the oldest are due soon.
PENDING_AGES_HOURS = (46.0, 40.0, 20.0, 8.0, 3.0)
# Relative order volume by local hour of day: quiet nights, busy evenings.
HOURLY_WEIGHT = (2, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 8, 9, 8, 7, 7, 8, 9, 10, 11, 12, 11, 8, 4)
# What happens to a paid order, as shares of paid orders (journeys.py says where they come from).
HANDLING_MISSED_SHARE = 0.004
PRE_SHIPMENT_REQUEST_SHARE = 0.04
SELLER_CANCEL_SHARE = 0.015
IN_TRANSIT_REQUEST_SHARE = 0.01
RETURN_SHARE_OF_DELIVERED = 0.07
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
    open_by_status: dict[str, int] = field(default_factory=dict)  # the demo seller's, open

    @property
    def pending_order_numbers(self) -> list[int]:
        return [pending.order_number for pending in self.pending_requests]


@dataclass(frozen=True)
class Placement:
    placed: datetime
    seller: SellerCast
    buyer_id: int
    keep_pending: bool
    showcase: Showcase | None = None


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
    history = History(rng=rng, rows=rows, now=now, policies=factory.policies)
    placements = plan_placements(rng, world, now=now, size=size)
    progress.stage("Simulating orders", len(placements))
    for index, placement in enumerate(placements):
        # Each order draws from its own stream, so what "now" lets happen to one order does
        # not shift the random choices of the next.
        history.rng = random.Random(f"{seed}:{index}")
        simulate_order(history, FIRST_ORDER_NUMBER + index, placement)
        progress.advance()
    put_events_in_time_order(rows)
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
    kept = min(len(PENDING_AGES_HOURS) + len(SHOWCASES), size.orders)
    placements = []
    for seller in rng.choices(sellers, cum_weights=world.seller_cum_weights, k=size.orders - kept):
        placed = _placement_time(rng, now, size.days, seller.region.utc_offset_hours)
        placements.append(Placement(placed, seller, _pick_buyer(rng, world, seller), False))
    for hours in PENDING_AGES_HOURS[:kept]:
        placed = now - timedelta(hours=hours, minutes=rng.uniform(0, 50))
        placements.append(Placement(placed, sellers[0], _pick_buyer(rng, world, sellers[0]), True))
    for showcase in SHOWCASES[: kept - len(PENDING_AGES_HOURS)]:
        placed = now - timedelta(hours=placed_hours_ago(showcase))
        buyer = _pick_buyer(rng, world, sellers[0])
        placements.append(Placement(placed, sellers[0], buyer, False, showcase))
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
    if placement.showcase is not None:
        play(history, order, placement.showcase)
    elif placement.keep_pending:
        asked_at = pay_at + (now - pay_at) * rng.uniform(0.05, 0.3)
        keep_pending_cancellation(history, order, asked_at)
    else:
        _live(history, order, pay_at, rng.random())
    for walk in order.walks:
        walk.finish()


def _live(history: History, order: OrderInProgress, pay_at: datetime, draw: float) -> None:
    """One paid order's life after payment: most are simply delivered; some take a journey."""
    rng, now = history.rng, history.now
    if draw < HANDLING_MISSED_SHARE:
        handling_deadline_missed(history, order, pay_at)
        return
    draw -= HANDLING_MISSED_SHARE
    if draw < PRE_SHIPMENT_REQUEST_SHARE:
        pre_shipment_cancellation(history, order, pay_at)
        return
    draw -= PRE_SHIPMENT_REQUEST_SHARE
    if draw < SELLER_CANCEL_SHARE:
        cancel_at = pay_at + (order.ship_at - pay_at) * rng.uniform(0.2, 0.9)
        if cancel_at <= now:
            seller_cancels(history, order, cancel_at)
            return
    elif draw - SELLER_CANCEL_SHARE < IN_TRANSIT_REQUEST_SHARE and order.ship_at <= now:
        fulfilment_cancellation(history, order)
        return
    parcel = fulfil_order(history, order, order.ship_at)
    delivered = parcel is not None and parcel.deliver_at <= now
    if delivered and parcel is not None and rng.random() < RETURN_SHARE_OF_DELIVERED:
        return_request(history, order, parcel)


def put_events_in_time_order(rows: Rows) -> None:
    """Orders are simulated one after another, but the log is read in the order things
    happened: number the events by time (ties keep their order within one resource)."""
    events = sorted(rows.tables["events"], key=lambda event: (event["occurred_at"], event["id"]))
    for index, event in enumerate(events, start=1):
        event["id"] = index
    rows.tables["events"] = events


def _result(seed: int, now: datetime, rows: Rows, world: World) -> DemoResult:
    demo_seller = world.sellers[0]
    orders = rows.tables["orders"]
    number_by_id = {order["id"]: order["number"] for order in orders}
    requests = rows.tables["after_sale_requests"]
    requested = {request["order_id"] for request in requests}
    pending = sorted(
        (
            PendingRequest(number_by_id[request["order_id"]], request["id"], request["deadline"])
            for request in requests
            if request["status"] == "pending"
            and request["type"] == "cancellation"
            and request["seller_id"] == demo_seller.id
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
        open_by_status=dict(
            Counter(
                request["status"]
                for request in requests
                if request["seller_id"] == demo_seller.id
                and request["status"] not in TERMINAL_STATUSES
            )
        ),
    )

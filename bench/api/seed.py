"""A fresh, migrated, bulk-seeded database for the benchmark (SQLite file or PostgreSQL)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from fairmarket.bootstrap import bootstrap
from fairmarket.db.migrate import upgrade
from fairmarket.domains.accounts.api_keys import BUYER_SCOPES, create_api_key
from fairmarket.domains.accounts.models import Buyer, Seller
from fairmarket.domains.accounts.schemas import ApiKeyCreate
from fairmarket.domains.catalog.models import Category, Product
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, OrderLine, Payment
from fairmarket.kernel.actors import ALL_SCOPES, system_actor
from fairmarket.settings import Settings

FIRST_NUMBER = 500_001
BENCH_SELLER_ID = 1
OTHER_SELLERS = 3
CHUNK = 5_000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Seeded:
    database_url: str
    seller_key: str
    buyer_keys: list[str]  # index = buyer index; order i belongs to buyer i % len(buyer_keys)
    numbers: list[int]  # the bench seller's orders, all paid and awaiting shipment
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    def buyer_key_for(self, number: int) -> str:
        return self.buyer_keys[(number - FIRST_NUMBER) % len(self.buyer_keys)]


def require_loopback(url: str) -> None:
    host = make_url(url).host
    if host is not None and host not in LOOPBACK:
        raise SystemExit(f"refusing to benchmark a non-loopback database host: {host}")


def fresh_sqlite(root: Path) -> str:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "api-bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres(admin_url: str, name: str) -> str:
    """Drop and recreate database `name` on the server of `admin_url`; return its URL."""
    require_loopback(admin_url)
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unsafe database name {name!r}")
    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def seed(database_url: str, *, orders: int, buyers: int) -> Seeded:
    """Migrate, then bulk-insert sellers, buyers, products and `orders` paid orders."""
    started = time.perf_counter()
    upgrade(database_url)
    container = bootstrap(Settings(database_url=database_url, embedded_worker=False))
    now = datetime.now(UTC).replace(microsecond=0)
    seller_ids = list(range(1, 2 + OTHER_SELLERS))
    try:
        with container.uow_factory() as uow:
            session = uow.session
            session.execute(
                insert(Seller),
                [
                    {
                        "id": sid,
                        "name": f"Bench shop {sid}",
                        "region": "US",
                        "currency": "USD",
                        "timezone": "America/New_York",
                        "created_at": now,
                    }
                    for sid in seller_ids
                ],
            )
            session.execute(
                insert(Buyer),
                [
                    {
                        "id": bid,
                        "name": f"Buyer {bid}",
                        "email": f"buyer{bid}@bench.example",
                        "region": "US",
                        "created_at": now,
                    }
                    for bid in range(1, buyers + 1)
                ],
            )
            session.execute(insert(Category), [{"id": 1, "name": "Bench"}])
            session.execute(
                insert(Product),
                [
                    {
                        "id": sid,
                        "seller_id": sid,
                        "category_id": 1,
                        "title": "Ceramic mug",
                        "price_minor": 2500,
                        "currency": "USD",
                        "created_at": now,
                    }
                    for sid in seller_ids
                ],
            )
            _insert_orders(session, orders=orders, buyers=buyers, now=now)
            _insert_other_sellers_orders(session, buyers=buyers, now=now, orders=orders)
            if container.engine.dialect.name == "postgresql":
                for table in ("sellers", "buyers", "categories", "products", "orders"):
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
            actor = system_actor("bench")
            seller_key = create_api_key(
                uow,
                actor,
                ApiKeyCreate(seller_id=BENCH_SELLER_ID, name="bench", scopes=sorted(ALL_SCOPES)),
            ).key
            buyer_keys = [
                create_api_key(
                    uow,
                    actor,
                    ApiKeyCreate(buyer_id=bid, name="bench-buyer", scopes=sorted(BUYER_SCOPES)),
                ).key
                for bid in range(1, buyers + 1)
            ]
        with container.engine.connect() as connection:
            if container.engine.dialect.name == "postgresql":
                connection.execute(text("COMMIT"))
                connection.execute(text("ANALYZE"))
            else:
                connection.exec_driver_sql("ANALYZE")
            counts = {
                table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("orders", "order_lines", "payments", "buyers", "api_keys")
            }
    finally:
        container.engine.dispose()
    return Seeded(
        database_url=database_url,
        seller_key=seller_key,
        buyer_keys=buyer_keys,
        numbers=list(range(FIRST_NUMBER, FIRST_NUMBER + orders)),
        seconds=time.perf_counter() - started,
        counts=counts,
    )


def _order_row(
    oid: int, number: int, seller_id: int, buyer_id: int, at: datetime
) -> dict[str, Any]:
    quantity = 1 + oid % 3
    subtotal = 2500 * quantity
    return {
        "id": oid,
        "number": number,
        "seller_id": seller_id,
        "buyer_id": buyer_id,
        "status": OrderStatus.AWAITING_SHIPMENT.value,
        "currency": "USD",
        "subtotal_minor": subtotal,
        "shipping_fee_minor": 499,
        "total_minor": subtotal + 499,
        "paid_minor": subtotal + 499,
        "refunded_minor": 0,
        "shipping_region": "US",
        "placed_at": at,
        "updated_at": at,
    }


def _insert_batch(session: Any, rows: list[dict[str, Any]], now: datetime) -> None:
    session.execute(insert(Order), rows)
    session.execute(
        insert(OrderLine),
        [
            {
                "order_id": r["id"],
                "product_id": r["seller_id"],
                "title": "Ceramic mug",
                "quantity": r["subtotal_minor"] // 2500,
                "unit_price_minor": 2500,
            }
            for r in rows
        ],
    )
    session.execute(
        insert(Payment),
        [
            {
                "order_id": r["id"],
                "amount_minor": r["total_minor"],
                "currency": "USD",
                "method": "card",
                "captured_at": now,
            }
            for r in rows
        ],
    )


def _insert_orders(session: Any, *, orders: int, buyers: int, now: datetime) -> None:
    start = now - timedelta(days=2)
    for base in range(0, orders, CHUNK):
        rows = [
            _order_row(
                i + 1,
                FIRST_NUMBER + i,
                BENCH_SELLER_ID,
                1 + i % buyers,
                start + timedelta(seconds=i),
            )
            for i in range(base, min(orders, base + CHUNK))
        ]
        _insert_batch(session, rows, now)


def _insert_other_sellers_orders(session: Any, *, buyers: int, now: datetime, orders: int) -> None:
    """A few orders of other sellers, so that seller scoping filters something."""
    per_seller = 500
    rows = []
    oid = orders + 1
    for sid in range(BENCH_SELLER_ID + 1, BENCH_SELLER_ID + 1 + OTHER_SELLERS):
        for j in range(per_seller):
            rows.append(_order_row(oid, 900_000 + oid, sid, 1 + j % buyers, now))
            oid += 1
    _insert_batch(session, rows, now)

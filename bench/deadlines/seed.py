"""100,000 due deadlines in PostgreSQL, inserted with set-based SQL (not through the API), kept
as a template database so each run starts from an identical copy in a second or two."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.api.seed import fresh_postgres, require_loopback
from fairmarket.db.migrate import upgrade

SELLERS = 4
BUYERS = 200

# Orders placed two days ago (inside the 5-day handling window), paid, awaiting shipment; one
# line each. Each has a buyer's pending cancellation whose response window ended an hour ago:
# the timer's action is auto_approve (cancel the order, refund it in full). No warning is due.
SEED_SQL = (
    """
    INSERT INTO sellers (id, name, region, currency, timezone, created_at)
    SELECT s, 'Bench shop ' || s, 'US', 'USD', 'America/New_York', now()
    FROM generate_series(1, :sellers) AS s
    """,
    """
    INSERT INTO buyers (id, name, email, region, created_at)
    SELECT b, 'Buyer ' || b, 'buyer' || b || '@bench.example', 'US', now()
    FROM generate_series(1, :buyers) AS b
    """,
    "INSERT INTO categories (id, name) VALUES (1, 'Bench')",
    """
    INSERT INTO products (id, seller_id, category_id, title, price_minor, currency, created_at)
    SELECT s, s, 1, 'Ceramic mug', 2500, 'USD', now() FROM generate_series(1, :sellers) AS s
    """,
    """
    INSERT INTO orders (id, number, seller_id, buyer_id, status, currency, subtotal_minor,
        shipping_fee_minor, total_minor, paid_minor, refunded_minor, shipping_region, placed_at,
        updated_at)
    SELECT i, 700000 + i, 1 + i % :sellers, 1 + i % :buyers, 'awaiting_shipment', 'USD', 2500,
        499, 2999, 2999, 0, 'US', now() - interval '2 days', now() - interval '2 days'
    FROM generate_series(1, :count) AS i
    """,
    """
    INSERT INTO order_lines (id, order_id, product_id, title, quantity, unit_price_minor)
    SELECT i, i, 1 + i % :sellers, 'Ceramic mug', 1, 2500 FROM generate_series(1, :count) AS i
    """,
    """
    INSERT INTO payments (order_id, amount_minor, currency, method, captured_at)
    SELECT i, 2999, 'USD', 'card', now() - interval '2 days' FROM generate_series(1, :count) AS i
    """,
    """
    INSERT INTO after_sale_requests (id, type, kind, order_id, seller_id, buyer_id, status,
        reason, fault, lines, whole_order, requested_minor, requested_at, updated_at,
        last_action, last_actor, deadline, deadline_action, version)
    SELECT i, 'cancellation', 'cancel', i, 1 + i % :sellers, 1 + i % :buyers, 'pending',
        'changed_mind', 'buyer', json_build_array(json_build_object('line_id', i, 'quantity', 1)),
        true, 2999, now() - interval '49 hours', now() - interval '49 hours', 'requested',
        'buyer:' || (1 + i % :buyers), now() - interval '1 hour', 'auto_approve', 1
    FROM generate_series(1, :count) AS i
    """,
)
SEQUENCES = (
    "sellers",
    "buyers",
    "categories",
    "products",
    "orders",
    "order_lines",
    "after_sale_requests",
)


def seed_template(admin_url: str, name: str, count: int) -> float:
    """Build database `name` with `count` due deadlines; returns the seconds it took."""
    started = time.perf_counter()
    url = fresh_postgres(admin_url, name)
    upgrade(url)
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as connection:
            params = {"sellers": SELLERS, "buyers": BUYERS, "count": count}
            for statement in SEED_SQL:
                connection.execute(text(statement), params)
            for table in SEQUENCES:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()
    return time.perf_counter() - started


def copy_of(admin_url: str, template: str, name: str) -> str:
    """A fresh copy of the template database (dropped first if it exists); returns its URL."""
    require_loopback(admin_url)
    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

"""Bulk writes: empty the tables, insert generated rows parent-first, move sequences on."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, func, insert, select, text

from fairmarket.demo.rows import Rows
from fairmarket.domains.all_models import metadata

# Parent tables before the tables that point at them.
DEMO_TABLES = (
    "categories",
    "sellers",
    "seller_users",
    "buyers",
    "products",
    "orders",
    "order_lines",
    "payments",
    "shipments",
    "shipment_events",
    "after_sale_requests",
    "refunds",
    "audit_records",
    "events",
)
BATCH_SIZE = 5000


def tables_with_data(connection: Connection) -> list[str]:
    return [
        name
        for name in DEMO_TABLES
        if connection.scalar(select(func.count()).select_from(metadata.tables[name])) or 0
    ]


def empty_tables(connection: Connection) -> None:
    """Delete every row of every table, children first (API keys and audit included)."""
    tables = list(reversed(metadata.sorted_tables))
    if connection.dialect.name == "postgresql":
        names = ", ".join(table.name for table in tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
        return
    for table in tables:
        connection.execute(table.delete())


def insert_rows(connection: Connection, rows: Rows, advance: Callable[[int], None]) -> None:
    for name in DEMO_TABLES:
        table_rows = rows.tables.get(name, [])
        table = metadata.tables[name]
        for start in range(0, len(table_rows), BATCH_SIZE):
            batch = table_rows[start : start + BATCH_SIZE]
            connection.execute(insert(table), batch)
            advance(len(batch))
    if connection.dialect.name == "postgresql":
        _move_sequences_past_ids(connection)
        # Readers of the log hold back events of transactions that may still be running, by
        # transaction id (`events.service.settled_events`): stamp ours, as publish_event does.
        connection.execute(
            text(
                "UPDATE events SET transaction_id = pg_current_xact_id()::text::bigint "
                "WHERE transaction_id IS NULL"
            )
        )


def _move_sequences_past_ids(connection: Connection) -> None:
    """Ids were assigned by the generator, so PostgreSQL's sequences must catch up with them."""
    for name in DEMO_TABLES:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608 - fixed names
                f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
            )
        )

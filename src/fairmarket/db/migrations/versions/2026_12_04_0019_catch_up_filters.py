"""Catching up: updated_at on webhook endpoints and deliveries, and indexes for each list's
date filters within one seller (or endpoint)

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0019"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index name, columns): `created_from`/`created_to` and `updated_since` on the lists.
INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("orders", "ix_orders_seller_placed_at", ["seller_id", "placed_at"]),
    ("orders", "ix_orders_seller_updated_at", ["seller_id", "updated_at"]),
    (
        "after_sale_requests",
        "ix_after_sale_requests_seller_requested_at",
        ["seller_id", "requested_at"],
    ),
    (
        "after_sale_requests",
        "ix_after_sale_requests_seller_updated_at",
        ["seller_id", "updated_at"],
    ),
    ("events", "ix_events_seller_occurred_at", ["seller_id", "occurred_at"]),
    (
        "webhook_deliveries",
        "ix_webhook_deliveries_endpoint_created_at",
        ["endpoint_id", "created_at"],
    ),
    (
        "webhook_deliveries",
        "ix_webhook_deliveries_endpoint_updated_at",
        ["endpoint_id", "updated_at"],
    ),
    (
        "webhook_endpoints",
        "ix_webhook_endpoints_seller_updated_at",
        ["seller_id", "updated_at"],
    ),
)

# What each row last changed at, as well as history tells: an endpoint keeps its registration
# time (its earlier status changes are in the audit log, not worth parsing here); a delivery,
# its last attempt if it had one.
EPOCH = sa.text("'1970-01-01 00:00:00+00:00'")
BACKFILLS = {
    "webhook_endpoints": "UPDATE webhook_endpoints SET updated_at = created_at",
    "webhook_deliveries": (
        "UPDATE webhook_deliveries SET updated_at = COALESCE("
        "(SELECT MAX(webhook_attempts.at) FROM webhook_attempts"
        " WHERE webhook_attempts.delivery_id = webhook_deliveries.id), created_at)"
    ),
}


def upgrade() -> None:
    on_sqlite = op.get_bind().dialect.name == "sqlite"
    for table, backfill in BACKFILLS.items():
        # Added NOT NULL with a placeholder default, in place: making a column NOT NULL later
        # would make SQLite rebuild the table, which its rows' foreign keys refuse.
        op.add_column(
            table,
            sa.Column(
                "updated_at",
                fairmarket.db.base.UtcDateTime(timezone=True),
                nullable=False,
                server_default=EPOCH,
            ),
        )
        op.execute(backfill)
        if not on_sqlite:  # (SQLite cannot drop a default in place; every insert sets it)
            op.alter_column(table, "updated_at", server_default=None)
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    for table in reversed(BACKFILLS):
        op.drop_column(table, "updated_at")  # in place: SQLite 3.35+ drops unindexed columns

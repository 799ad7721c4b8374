"""Indexes for catching up: each list's date filters within one seller (or endpoint)

Revision ID: 0019
Revises: 0013
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0013"
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
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)

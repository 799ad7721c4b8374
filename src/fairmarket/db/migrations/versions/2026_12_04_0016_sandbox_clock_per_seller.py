"""One sandbox clock per seller instead of one per deployment

The shared offset becomes every existing seller's own offset, so that no seller's time moves
backwards (deadlines set on it keep their meaning); sellers created later start at real time.

Revision ID: 0016
Revises: 0018
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0016"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sandbox_clocks",
        sa.Column("seller_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offset_microseconds", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_sandbox_clocks_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("seller_id", name=op.f("pk_sandbox_clocks")),
    )
    op.execute(
        "INSERT INTO sandbox_clocks (seller_id, offset_microseconds, updated_at, updated_by) "
        "SELECT sellers.id, sandbox_clock.offset_microseconds, sandbox_clock.set_at, "
        "sandbox_clock.set_by FROM sellers CROSS JOIN sandbox_clock "
        "WHERE sandbox_clock.offset_microseconds <> 0"
    )
    op.drop_table("sandbox_clock")


def downgrade() -> None:
    clock = op.create_table(
        "sandbox_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offset_microseconds", sa.BigInteger(), nullable=False),
        sa.Column("set_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("set_by", sa.String(length=120), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sandbox_clock_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_clock")),
    )
    # One clock again: the furthest seller's, so that nobody's time moves backwards.
    op.bulk_insert(clock, [{"id": 1, "offset_microseconds": 0, "set_at": None, "set_by": None}])
    op.execute(
        "UPDATE sandbox_clock SET offset_microseconds = "
        "(SELECT COALESCE(MAX(offset_microseconds), 0) FROM sandbox_clocks)"
    )
    op.drop_table("sandbox_clocks")

"""The sandbox clock shared by every process: one row with the offset from real time

Revision ID: 0010
Revises: 0009_webhook_rotation
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0010"
down_revision: str | None = "0009_webhook_rotation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    clock = op.create_table(
        "sandbox_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offset_microseconds", sa.BigInteger(), nullable=False),
        sa.Column("set_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("set_by", sa.String(length=120), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sandbox_clock_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_clock")),
    )
    op.bulk_insert(clock, [{"id": 1, "offset_microseconds": 0, "set_at": None, "set_by": None}])


def downgrade() -> None:
    op.drop_table("sandbox_clock")

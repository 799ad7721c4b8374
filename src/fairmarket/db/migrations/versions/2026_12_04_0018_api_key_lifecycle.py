"""API key lifecycle: expiry, last use, and rotation (the key a new one replaced)

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0018"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expires_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_used_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("rotated_from_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_api_keys_rotated_from_id"), ["rotated_from_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_api_keys_rotated_from_id_api_keys"),
            "api_keys",
            ["rotated_from_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_api_keys_rotated_from_id_api_keys"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_api_keys_rotated_from_id"))
        batch_op.drop_column("rotated_from_id")
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")

"""Server-side web sessions: the cookie carries a random token, the row says who and until when

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=8), nullable=False),
        sa.Column("seller_user_id", sa.Integer(), nullable=True),
        sa.Column("buyer_key_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("csrf_token", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_web_sessions_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["buyer_key_id"],
            ["api_keys.id"],
            name=op.f("fk_web_sessions_buyer_key_id_api_keys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seller_user_id"],
            ["seller_users.id"],
            name=op.f("fk_web_sessions_seller_user_id_seller_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_web_sessions_buyer_key_id"), ["buyer_key_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_web_sessions_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_web_sessions_seller_user_id"), ["seller_user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_seller_user_id"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_expires_at"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_buyer_key_id"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_agent_id"))
    op.drop_table("web_sessions")

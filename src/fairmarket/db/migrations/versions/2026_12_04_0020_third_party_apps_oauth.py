"""Third-party apps: registrations, sellers' OAuth 2.0 grants, codes, tokens (hashed), usage

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "apps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("client_secret_hash", sa.String(length=64), nullable=False),
        sa.Column("redirect_uris", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apps")),
        sa.UniqueConstraint("client_id", name=op.f("uq_apps_client_id")),
    )
    op.create_table(
        "app_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["app_id"], ["apps.id"], name=op.f("fk_app_grants_app_id_apps")),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_app_grants_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_grants")),
    )
    with op.batch_alter_table("app_grants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_app_grants_app_id_seller_id", ["app_id", "seller_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_app_grants_seller_id"), ["seller_id"], unique=False)

    op.create_table(
        "app_usage",
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["app_id"], ["apps.id"], name=op.f("fk_app_usage_app_id_apps")),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_app_usage_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("app_id", "seller_id", "day", name=op.f("pk_app_usage")),
    )
    op.create_table(
        "app_authorization_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["app_grants.id"],
            name=op.f("fk_app_authorization_codes_grant_id_app_grants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_authorization_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_app_authorization_codes_code_hash")),
    )
    with op.batch_alter_table("app_authorization_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_app_authorization_codes_grant_id"), ["grant_id"], unique=False
        )

    op.create_table(
        "app_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["app_grants.id"], name=op.f("fk_app_tokens_grant_id_app_grants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_app_tokens_token_hash")),
    )
    with op.batch_alter_table("app_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_tokens_grant_id"), ["grant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("app_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_tokens_grant_id"))

    op.drop_table("app_tokens")
    with op.batch_alter_table("app_authorization_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_authorization_codes_grant_id"))

    op.drop_table("app_authorization_codes")
    op.drop_table("app_usage")
    with op.batch_alter_table("app_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_grants_seller_id"))
        batch_op.drop_index("ix_app_grants_app_id_seller_id")

    op.drop_table("app_grants")
    op.drop_table("apps")

"""Webhook secret rotation (owned by the webhooks engineer)

Revision ID: 0009_webhook_rotation
Revises: 0008
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0009_webhook_rotation"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # reserved in the chain; filled in by its owner


def downgrade() -> None:
    pass

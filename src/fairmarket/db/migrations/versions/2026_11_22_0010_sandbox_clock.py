"""The sandbox clock shared by every process (owned by the sandbox engineer)

Revision ID: 0010
Revises: 0009_webhook_rotation
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0010"
down_revision: str | None = "0009_webhook_rotation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # reserved in the chain; filled in by its owner


def downgrade() -> None:
    pass

"""Platform agents who decide disputes in the Ops Console (owned by the Ops Console engineer)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # reserved in the chain; filled in by its owner


def downgrade() -> None:
    pass

"""Move the foundation's cancellation requests onto after_sale_requests (owned by the port engineer)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # reserved in the chain; filled in by its owner


def downgrade() -> None:
    pass

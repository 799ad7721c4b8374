"""Who first decided each after-sale request (back-test history), and the rules' event cursor

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every journey starts in "pending". Opening and withdrawing are not decisions; an order
# cancelled under the request (by its seller, or past its handling deadline) ends it outside
# the journey's actions, and the live engine does not record those either.
_NOT_DECISIONS = (
    "after_sale.requested",
    "after_sale.withdraw",
    "after_sale.order_cancelled_by_seller",
    "after_sale.order_auto_cancelled",
)

_audit = sa.table(
    "audit_records",
    sa.column("id", sa.Integer()),
    sa.column("actor_kind", sa.String()),
    sa.column("action", sa.String()),
    sa.column("subject_type", sa.String()),
    sa.column("subject_id", sa.Integer()),
    sa.column("before", sa.JSON()),
)
_requests = sa.table(
    "after_sale_requests",
    sa.column("id", sa.Integer()),
    sa.column("decided_action", sa.String()),
    sa.column("decided_by", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("after_sale_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_action", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.String(length=16), nullable=True))
    op.create_table(
        "rule_event_cursor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "last_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("updated_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_event_cursor")),
    )
    _backfill_first_decisions()


def _backfill_first_decisions() -> None:
    """The first audited action out of "pending" of each request, read in id order."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_audit.c.subject_id, _audit.c.action, _audit.c.actor_kind, _audit.c.before)
        .where(
            _audit.c.subject_type == "after_sale_request",
            _audit.c.action.not_in(_NOT_DECISIONS),
        )
        .order_by(_audit.c.id)
    )
    first: dict[int, tuple[str, str]] = {}
    for subject_id, action, actor_kind, before in rows:
        if subject_id in first or not isinstance(before, dict):
            continue
        if before.get("status") == "pending" and action.startswith("after_sale."):
            first[subject_id] = (action.removeprefix("after_sale."), actor_kind)
    if first:
        bind.execute(
            _requests.update()
            .where(_requests.c.id == sa.bindparam("request_id"))
            .values(decided_action=sa.bindparam("action"), decided_by=sa.bindparam("kind")),
            [
                {"request_id": request_id, "action": action, "kind": kind}
                for request_id, (action, kind) in first.items()
            ],
        )


def downgrade() -> None:
    op.drop_table("rule_event_cursor")
    with op.batch_alter_table("after_sale_requests", schema=None) as batch_op:
        batch_op.drop_column("decided_by")
        batch_op.drop_column("decided_action")

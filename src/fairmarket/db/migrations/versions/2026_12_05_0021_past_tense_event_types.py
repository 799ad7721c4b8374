"""Event types in the past tense: `after_sale.approve` becomes `after_sale.approved`, in the
event log and in webhook endpoints' filters

The API still accepts the old names in filters until 2027-06-05 (domains/events/types.py); the
names are written out here so that this migration keeps meaning what it meant if that list
changes.

Revision ID: 0021
Revises: 0015 (the head; 0015 came after 0020)
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED: dict[str, str] = {
    "after_sale.accept_offer": "after_sale.offer_accepted",
    "after_sale.approve": "after_sale.approved",
    "after_sale.auto_approve": "after_sale.auto_approved",
    "after_sale.auto_close": "after_sale.auto_closed",
    "after_sale.auto_confirm": "after_sale.auto_confirmed",
    "after_sale.auto_intercept": "after_sale.auto_intercepted",
    "after_sale.auto_reject": "after_sale.auto_rejected",
    "after_sale.close": "after_sale.closed",
    "after_sale.confirm_received": "after_sale.receipt_confirmed",
    "after_sale.decline_offer": "after_sale.offer_declined",
    "after_sale.escalate": "after_sale.escalated",
    "after_sale.issue_refund": "after_sale.refund_issued",
    "after_sale.offer_partial_refund": "after_sale.partial_refund_offered",
    "after_sale.refund_without_return": "after_sale.refunded_without_return",
    "after_sale.reject": "after_sale.rejected",
    "after_sale.request_interception": "after_sale.interception_requested",
    "after_sale.rule_for_buyer": "after_sale.ruled_for_buyer",
    "after_sale.rule_for_seller": "after_sale.ruled_for_seller",
    "after_sale.ship_return": "after_sale.return_shipped",
    "after_sale.withdraw": "after_sale.withdrawn",
}

events = sa.table("events", sa.column("type", sa.String(60)))
endpoints = sa.table(
    "webhook_endpoints", sa.column("id", sa.Integer()), sa.column("event_types", sa.JSON())
)


def upgrade() -> None:
    _rename(RENAMED)


def downgrade() -> None:
    _rename({new: old for old, new in RENAMED.items()})


def _rename(names: dict[str, str]) -> None:
    """One pass over the event log (a CASE, not one scan per name), then each filter."""
    connection = op.get_bind()
    connection.execute(
        events.update()
        .where(events.c.type.in_(list(names)))
        .values(type=sa.case(names, value=events.c.type))
    )
    for endpoint_id, event_types in connection.execute(
        sa.select(endpoints.c.id, endpoints.c.event_types)
    ).all():
        renamed = list(dict.fromkeys(names.get(name, name) for name in event_types or []))
        if renamed != list(event_types or []):
            connection.execute(
                endpoints.update().where(endpoints.c.id == endpoint_id).values(event_types=renamed)
            )

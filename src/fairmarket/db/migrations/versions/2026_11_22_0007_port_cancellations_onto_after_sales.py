"""Move the foundation's cancellation requests onto after_sale_requests

Every cancellation_requests row becomes an after_sale_requests row of type "cancellation"
(kind "cancel", the whole order). The new ids are the old ones plus the highest after-sale id
already taken, so refunds, audit records and events are repointed by one rule. API keys'
cancellations:* scopes become after_sales:*. Then refunds.cancellation_request_id and the
cancellation_requests table go.

The downgrade recreates the old schema (empty); the moved requests stay after-sale requests.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The data as it was at this revision, not as the models may later be.
OLD_STATUS = {"pending": "pending", "approved": "cancelled", "rejected": "rejected"}
LAST_ACTION = {
    None: "requested",
    "approved": "approve",
    "auto_approved": "auto_approve",
    "rejected": "reject",
    "auto_rejected": "auto_reject",
}
REASON_FAULT = {
    "changed_mind": "buyer",
    "ordered_by_mistake": "buyer",
    "found_better_price": "buyer",
    "delivery_too_slow": "seller",
    "payment_issue": "platform",
    "other": "buyer",
}
AUDIT_ACTIONS = {
    "cancellation.requested": "after_sale.requested",
    "cancellation.approved": "after_sale.approve",
    "cancellation.auto_approved": "after_sale.auto_approve",
    "cancellation.rejected": "after_sale.reject",
    "cancellation.auto_rejected": "after_sale.auto_reject",
}
SCOPES = {"cancellations:read": "after_sales:read", "cancellations:write": "after_sales:write"}
BATCH = 1000

metadata = sa.MetaData()
UTC_DATETIME = fairmarket.db.base.UtcDateTime(timezone=True)
cancellation_requests = sa.Table(
    "cancellation_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("order_id", sa.Integer),
    sa.Column("seller_id", sa.Integer),
    sa.Column("buyer_id", sa.Integer),
    sa.Column("status", sa.String(16)),
    sa.Column("reason", sa.String(40)),
    sa.Column("buyer_note", sa.Text),
    sa.Column("requested_at", UTC_DATETIME),
    sa.Column("deadline", UTC_DATETIME),
    sa.Column("resolved_at", UTC_DATETIME),
    sa.Column("resolution", sa.String(24)),
    sa.Column("resolved_by", sa.String(120)),
    sa.Column("reject_reason", sa.String(40)),
    sa.Column("reject_note", sa.Text),
    sa.Column("refund_minor", sa.Integer),
    sa.Column("version", sa.Integer),
)
after_sale_requests = sa.Table(
    "after_sale_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("type", sa.String(32)),
    sa.Column("kind", sa.String(24)),
    sa.Column("order_id", sa.Integer),
    sa.Column("seller_id", sa.Integer),
    sa.Column("buyer_id", sa.Integer),
    sa.Column("status", sa.String(32)),
    sa.Column("reason", sa.String(40)),
    sa.Column("fault", sa.String(16)),
    sa.Column("buyer_note", sa.Text),
    sa.Column("lines", sa.JSON),
    sa.Column("whole_order", sa.Boolean),
    sa.Column("requested_minor", sa.Integer),
    sa.Column("refund_minor", sa.Integer),
    sa.Column("decision_reason", sa.String(40)),
    sa.Column("decision_note", sa.Text),
    sa.Column("requested_at", UTC_DATETIME),
    sa.Column("updated_at", UTC_DATETIME),
    sa.Column("resolved_at", UTC_DATETIME),
    sa.Column("last_action", sa.String(32)),
    sa.Column("last_actor", sa.String(120)),
    sa.Column("deadline", UTC_DATETIME),
    sa.Column("deadline_action", sa.String(32)),
    sa.Column("version", sa.Integer),
)
orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("paid_minor", sa.Integer),
)
order_lines = sa.Table(
    "order_lines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("order_id", sa.Integer),
    sa.Column("quantity", sa.Integer),
)
refunds = sa.Table(
    "refunds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("cancellation_request_id", sa.Integer),
    sa.Column("after_sale_request_id", sa.Integer),
)
audit_records = sa.Table(
    "audit_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(60)),
    sa.Column("subject_type", sa.String(40)),
    sa.Column("subject_id", sa.Integer),
)
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("type", sa.String(60)),
    sa.Column("resource_type", sa.String(40)),
    sa.Column("resource_id", sa.Integer),
    sa.Column("data", sa.JSON),
)
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scopes", sa.String(500)),
)


def upgrade() -> None:
    connection = op.get_bind()
    highest = sa.select(sa.func.coalesce(sa.func.max(after_sale_requests.c.id), 0))
    offset = int(connection.scalar(highest) or 0)
    moved = _copy_requests(connection, offset)
    if moved and connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('after_sale_requests', 'id'), "
                "(SELECT max(id) FROM after_sale_requests))"
            )
        )
    connection.execute(
        refunds.update()
        .where(refunds.c.cancellation_request_id.is_not(None))
        .values(after_sale_request_id=refunds.c.cancellation_request_id + offset)
    )
    _repoint_audit(connection, offset)
    _repoint_events(connection, offset)
    _rename_scopes(connection)

    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_refunds_cancellation_request_id_cancellation_requests"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(batch_op.f("uq_refunds_cancellation_request_id"), type_="unique")
        batch_op.drop_column("cancellation_request_id")

    with op.batch_alter_table("cancellation_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_cancellation_requests_status_deadline")
        batch_op.drop_index("ix_cancellation_requests_seller_status_deadline")
        batch_op.drop_index(batch_op.f("ix_cancellation_requests_order_id"))
    op.drop_table("cancellation_requests")


def _copy_requests(connection: sa.Connection, offset: int) -> int:
    rows = connection.execute(
        sa.select(cancellation_requests, orders.c.paid_minor)
        .join(orders, orders.c.id == cancellation_requests.c.order_id)
        .order_by(cancellation_requests.c.id)
    ).all()
    lines: dict[int, list[dict[str, int]]] = {}
    wanted = {row.order_id for row in rows}
    for line in connection.execute(
        sa.select(order_lines.c.id, order_lines.c.order_id, order_lines.c.quantity).order_by(
            order_lines.c.id
        )
    ):
        if line.order_id in wanted:
            lines.setdefault(line.order_id, []).append(
                {"line_id": line.id, "quantity": line.quantity}
            )
    values = [_after_sale_values(row._mapping, lines.get(row.order_id, []), offset) for row in rows]
    for start in range(0, len(values), BATCH):
        connection.execute(after_sale_requests.insert(), values[start : start + BATCH])
    return len(values)


def _after_sale_values(row: Any, lines: list[dict[str, int]], offset: int) -> dict[str, object]:
    status = OLD_STATUS[row["status"]]
    pending = status == "pending"
    resolved_at: datetime | None = row["resolved_at"]
    return {
        "id": row["id"] + offset,
        "type": "cancellation",
        "kind": "cancel",
        "order_id": row["order_id"],
        "seller_id": row["seller_id"],
        "buyer_id": row["buyer_id"],
        "status": status,
        "reason": row["reason"],
        "fault": REASON_FAULT.get(row["reason"], "buyer"),
        "buyer_note": row["buyer_note"],
        "lines": lines,
        "whole_order": True,
        "requested_minor": row["paid_minor"],
        "refund_minor": row["refund_minor"],
        "decision_reason": row["reject_reason"],
        "decision_note": row["reject_note"],
        "requested_at": row["requested_at"],
        "updated_at": resolved_at or row["requested_at"],
        # Only a terminal status is resolved; a rejection may still be escalated.
        "resolved_at": resolved_at if status == "cancelled" else None,
        "last_action": LAST_ACTION.get(row["resolution"], row["resolution"] or "requested"),
        "last_actor": row["resolved_by"] or f"buyer:{row['buyer_id']}",
        "deadline": row["deadline"] if pending else None,
        "deadline_action": "auto_approve" if pending else None,
        "version": row["version"],
    }


def _repoint_audit(connection: sa.Connection, offset: int) -> None:
    old = audit_records.c.subject_type == "cancellation_request"
    for before, after in AUDIT_ACTIONS.items():
        connection.execute(
            audit_records.update().where(old, audit_records.c.action == before).values(action=after)
        )
    connection.execute(
        audit_records.update()
        .where(old)
        .values(subject_type="after_sale_request", subject_id=audit_records.c.subject_id + offset)
    )


def _repoint_events(connection: sa.Connection, offset: int) -> None:
    """The event keeps its id (readers' cursors stay valid) and its sequence; it now names the
    after-sale request, with the after-sale status and type in its data."""
    rows = connection.execute(
        sa.select(events.c.id, events.c.type, events.c.resource_id, events.c.data).where(
            events.c.resource_type == "cancellation_request"
        )
    ).all()
    for row in rows:
        data = dict(row.data or {})
        data["request_id"] = row.resource_id + offset
        data["type"] = "cancellation"
        data["kind"] = "cancel"
        if data.get("status") in OLD_STATUS:
            data["status"] = OLD_STATUS[data["status"]]
        connection.execute(
            events.update()
            .where(events.c.id == row.id)
            .values(
                type=AUDIT_ACTIONS.get(row.type, row.type),
                resource_type="after_sale_request",
                resource_id=row.resource_id + offset,
                data=data,
            )
        )


def _rename_scopes(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.select(api_keys.c.id, api_keys.c.scopes).where(
            api_keys.c.scopes.like("%cancellations:%")
        )
    ).all()
    for row in rows:
        scopes = sorted({SCOPES.get(scope, scope) for scope in row.scopes.split()})
        connection.execute(
            api_keys.update().where(api_keys.c.id == row.id).values(scopes=" ".join(scopes))
        )


def downgrade() -> None:
    op.create_table(
        "cancellation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("buyer_note", sa.Text(), nullable=True),
        sa.Column("requested_at", UTC_DATETIME, nullable=False),
        sa.Column("deadline", UTC_DATETIME, nullable=False),
        sa.Column("resolved_at", UTC_DATETIME, nullable=True),
        sa.Column("resolution", sa.String(length=24), nullable=True),
        sa.Column("resolved_by", sa.String(length=120), nullable=True),
        sa.Column("reject_reason", sa.String(length=40), nullable=True),
        sa.Column("reject_note", sa.Text(), nullable=True),
        sa.Column("refund_minor", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["buyers.id"], name=op.f("fk_cancellation_requests_buyer_id_buyers")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_cancellation_requests_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_cancellation_requests_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cancellation_requests")),
    )
    with op.batch_alter_table("cancellation_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cancellation_requests_order_id"), ["order_id"], unique=False
        )
        batch_op.create_index(
            "ix_cancellation_requests_seller_status_deadline",
            ["seller_id", "status", "deadline"],
            unique=False,
        )
        batch_op.create_index(
            "ix_cancellation_requests_status_deadline", ["status", "deadline"], unique=False
        )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancellation_request_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_refunds_cancellation_request_id"), ["cancellation_request_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_refunds_cancellation_request_id_cancellation_requests"),
            "cancellation_requests",
            ["cancellation_request_id"],
            ["id"],
        )

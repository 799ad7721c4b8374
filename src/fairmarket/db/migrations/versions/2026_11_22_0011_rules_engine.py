"""The rules engine: rule sets and versions, evaluations, fact snapshots, tags, exception queue

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import fairmarket.db.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_sets")),
        sa.UniqueConstraint("name", name=op.f("uq_rule_sets_name")),
    )
    with op.batch_alter_table("rule_sets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_sets_trigger"), ["trigger"], unique=False)

    op.create_table(
        "rule_set_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_set_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("rule_count", sa.Integer(), nullable=False),
        sa.Column("tests_passed", sa.Boolean(), nullable=True),
        sa.Column("test_report", sa.JSON(), nullable=True),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column(
            "status_changed_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("status_changed_by", sa.String(length=120), nullable=False),
        sa.Column("replaced_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["replaced_version_id"],
            ["rule_set_versions.id"],
            name=op.f("fk_rule_set_versions_replaced_version_id_rule_set_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"],
            ["rule_sets.id"],
            name=op.f("fk_rule_set_versions_rule_set_id_rule_sets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set_versions")),
        sa.UniqueConstraint("rule_set_id", "number", name="uq_rule_set_versions_rule_set_number"),
    )
    with op.batch_alter_table("rule_set_versions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rule_set_versions_trigger_status", ["trigger", "status"], unique=False
        )

    op.create_table(
        "after_sale_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("taken_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("request_type", sa.String(length=60), nullable=False),
        sa.Column("request_kind", sa.String(length=60), nullable=False),
        sa.Column("request_reason", sa.String(length=60), nullable=False),
        sa.Column("request_fault", sa.String(length=60), nullable=False),
        sa.Column("request_amount", sa.Float(), nullable=False),
        sa.Column("request_age_hours", sa.Float(), nullable=False),
        sa.Column("request_stage", sa.String(length=60), nullable=False),
        sa.Column("request_status", sa.String(length=60), nullable=False),
        sa.Column("request_whole_order", sa.Boolean(), nullable=False),
        sa.Column("request_has_evidence", sa.Boolean(), nullable=False),
        sa.Column("order_value", sa.Float(), nullable=False),
        sa.Column("order_lines", sa.Integer(), nullable=False),
        sa.Column("order_items", sa.Integer(), nullable=False),
        sa.Column("order_category", sa.String(length=60), nullable=False),
        sa.Column("order_region", sa.String(length=60), nullable=False),
        sa.Column("order_status", sa.String(length=60), nullable=False),
        sa.Column("order_age_days", sa.Float(), nullable=False),
        sa.Column("shipment_carrier", sa.String(length=60), nullable=False),
        sa.Column("shipment_status", sa.String(length=60), nullable=False),
        sa.Column("shipment_last_scan_age_hours", sa.Float(), nullable=False),
        sa.Column("buyer_order_count", sa.Integer(), nullable=False),
        sa.Column("buyer_cancellation_rate_90d", sa.Float(), nullable=False),
        sa.Column("buyer_return_rate_90d", sa.Float(), nullable=False),
        sa.Column("buyer_account_age_days", sa.Float(), nullable=False),
        sa.Column("seller_response_rate", sa.Float(), nullable=False),
        sa.Column("seller_fault_cancellation_rate", sa.Float(), nullable=False),
        sa.Column("seller_violation_points", sa.Integer(), nullable=False),
        sa.Column("time_local_hour", sa.Integer(), nullable=False),
        sa.Column("time_weekday", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["after_sale_requests.id"],
            name=op.f("fk_after_sale_facts_request_id_after_sale_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_after_sale_facts")),
        sa.UniqueConstraint("request_id", "trigger", name="uq_after_sale_facts_request_trigger"),
    )
    with op.batch_alter_table("after_sale_facts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_after_sale_facts_trigger_taken_at", ["trigger", "taken_at"], unique=False
        )

    op.create_table(
        "after_sale_request_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.Column("added_by", sa.String(length=120), nullable=False),
        sa.Column("added_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["after_sale_requests.id"],
            name=op.f("fk_after_sale_request_tags_request_id_after_sale_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_after_sale_request_tags")),
        sa.UniqueConstraint("request_id", "tag", name="uq_after_sale_request_tags_request_tag"),
    )
    op.create_table(
        "rule_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=80), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("trace", sa.JSON(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=24), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("outcome_detail", sa.Text(), nullable=True),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["after_sale_requests.id"],
            name=op.f("fk_rule_evaluations_request_id_after_sale_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["rule_set_versions.id"],
            name=op.f("fk_rule_evaluations_version_id_rule_set_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_evaluations")),
    )
    with op.batch_alter_table("rule_evaluations", schema=None) as batch_op:
        batch_op.create_index("ix_rule_evaluations_request", ["request_id", "id"], unique=False)
        batch_op.create_index("ix_rule_evaluations_version", ["version_id", "id"], unique=False)

    op.create_table(
        "exception_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=60), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("deadline", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("created_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", fairmarket.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("label", sa.String(length=24), nullable=True),
        sa.Column("label_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["rule_evaluations.id"],
            name=op.f("fk_exception_items_evaluation_id_rule_evaluations"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["after_sale_requests.id"],
            name=op.f("fk_exception_items_request_id_after_sale_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exception_items")),
    )
    with op.batch_alter_table("exception_items", schema=None) as batch_op:
        batch_op.create_index("ix_exception_items_request", ["request_id"], unique=False)
        batch_op.create_index(
            "ix_exception_items_status_deadline_priority",
            ["status", "deadline", "priority"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("exception_items", schema=None) as batch_op:
        batch_op.drop_index("ix_exception_items_status_deadline_priority")
        batch_op.drop_index("ix_exception_items_request")

    op.drop_table("exception_items")
    with op.batch_alter_table("rule_evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_rule_evaluations_version")
        batch_op.drop_index("ix_rule_evaluations_request")

    op.drop_table("rule_evaluations")
    op.drop_table("after_sale_request_tags")
    with op.batch_alter_table("after_sale_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_after_sale_facts_trigger_taken_at")

    op.drop_table("after_sale_facts")
    with op.batch_alter_table("rule_set_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_rule_set_versions_trigger_status")

    op.drop_table("rule_set_versions")
    with op.batch_alter_table("rule_sets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_sets_trigger"))

    op.drop_table("rule_sets")

"""Rule sets and their versions, every evaluation with its trace, fact snapshots, request tags
and the exception queue that people work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base, UtcDateTime
from fairmarket.db.enum_columns import enum_column, enum_type
from fairmarket.domains.rules.facts import FACTS, Fact, FactType
from fairmarket.domains.rules.schemas import (
    ActionKind,
    EvaluationMode,
    EvaluationOutcome,
    ExceptionStatus,
    Trigger,
    VersionStatus,
)


class RuleSet(Base):
    """A named rule set for one trigger; its content lives in numbered versions."""

    __tablename__ = "rule_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    trigger: Mapped[Trigger] = enum_column(Trigger, 40, index=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(120))


class RuleSetVersion(Base):
    """One immutable text of a rule set. Status: draft → shadow → active → retired.

    At most one version per trigger is active and at most one is in shadow (the service checks
    this under a lock on the rule set's row)."""

    __tablename__ = "rule_set_versions"
    __table_args__ = (
        UniqueConstraint("rule_set_id", "number", name="uq_rule_set_versions_rule_set_number"),
        Index("ix_rule_set_versions_trigger_status", "trigger", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_sets.id"))
    number: Mapped[int]
    trigger: Mapped[Trigger] = enum_column(Trigger, 40)
    status: Mapped[VersionStatus] = enum_column(VersionStatus, 16)
    source: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    rule_count: Mapped[int]
    tests_passed: Mapped[bool | None]  # None: not run since the text was saved
    test_report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(120))
    status_changed_at: Mapped[datetime]
    status_changed_by: Mapped[str] = mapped_column(String(120))
    # The version this one replaced when it became active: where a rollback goes back to.
    replaced_version_id: Mapped[int | None] = mapped_column(ForeignKey("rule_set_versions.id"))


class RuleEvaluation(Base):
    """One evaluation of one version on one request: facts, each condition's outcome, the action
    and what became of it (applied, shadowed, overridden, not applicable, escalated)."""

    __tablename__ = "rule_evaluations"
    __table_args__ = (
        Index("ix_rule_evaluations_request", "request_id", "id"),
        Index("ix_rule_evaluations_version", "version_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("rule_set_versions.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("after_sale_requests.id"))
    trigger: Mapped[Trigger] = enum_column(Trigger, 40)
    event_id: Mapped[int | None]
    mode: Mapped[EvaluationMode] = enum_column(EvaluationMode, 16)
    rule_id: Mapped[str | None] = mapped_column(String(80))  # None: the default fired
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    trace: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{rule, conditions:[{text, held}]}]
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    decision: Mapped[ActionKind] = enum_column(ActionKind, 24)  # the decisive one
    outcome: Mapped[EvaluationOutcome] = enum_column(EvaluationOutcome, 24)
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class RequestTag(Base):
    __tablename__ = "after_sale_request_tags"
    __table_args__ = (
        UniqueConstraint("request_id", "tag", name="uq_after_sale_request_tags_request_tag"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("after_sale_requests.id"))
    tag: Mapped[str] = mapped_column(String(60))
    added_by: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[datetime]


class ExceptionItem(Base):
    """A request waiting for a person: escalated by a rule, or undecided as its deadline nears.
    The agent's decision is kept as a label that back-tests compare rules against."""

    __tablename__ = "exception_items"
    __table_args__ = (
        Index("ix_exception_items_status_deadline_priority", "status", "deadline", "priority"),
        Index("ix_exception_items_request", "request_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("after_sale_requests.id"))
    queue: Mapped[str] = mapped_column(String(60))
    priority: Mapped[int]  # 1 (most urgent) … 5
    reason: Mapped[str] = mapped_column(Text)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("rule_evaluations.id"))
    deadline: Mapped[datetime | None]  # the request's deadline when queued
    status: Mapped[ExceptionStatus] = enum_column(ExceptionStatus, 24)
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(120))
    label: Mapped[ActionKind | None] = enum_column(ActionKind, 24)  # the agent's decision
    label_note: Mapped[str | None] = mapped_column(Text)


def _column_type(fact: Fact) -> Any:
    if fact.type is FactType.INTEGER:
        return Integer()
    if fact.type is FactType.BOOLEAN:
        return Boolean()
    if fact.type is FactType.TEXT:
        return String(60)
    return Float()


# One row per (request, trigger): the facts as they stood when the trigger fired, one typed
# column per catalogue fact in catalogue order, so a back-test reads rows straight into rules.
after_sale_facts = Table(
    "after_sale_facts",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", ForeignKey("after_sale_requests.id"), nullable=False),
    Column("trigger", enum_type(Trigger, 40), nullable=False),
    Column("taken_at", UtcDateTime(timezone=True), nullable=False),
    *(Column(fact.column, _column_type(fact), nullable=False) for fact in FACTS),
    UniqueConstraint("request_id", "trigger", name="uq_after_sale_facts_request_trigger"),
    Index("ix_after_sale_facts_trigger_taken_at", "trigger", "taken_at"),
)


class RuleEventCursor(Base):
    """The rules engine's place in the event log: one row, the last event it has consumed."""

    __tablename__ = "rule_event_cursor"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    updated_at: Mapped[datetime]

"""Commands and views of the rules engine, shared by the API, the Ops Console, the CLI and the
seller channels (the decision explanation)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from fairmarket.domains.after_sales.machines import AfterSaleStatus
from fairmarket.domains.after_sales.schemas import AfterSaleRead, AfterSaleRef
from fairmarket.kernel.commands import Command, RowId
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT

MAX_SOURCE_CHARS = 200_000


class Trigger(StrEnum):
    REQUEST_CREATED = "after_sale.requested"
    DEADLINE_APPROACHING = "after_sale.deadline_approaching"
    SHIPMENT_EXCEPTION = "shipment.exception"


class VersionStatus(StrEnum):
    DRAFT = "draft"
    SHADOW = "shadow"  # evaluated live and logged; nothing is applied
    ACTIVE = "active"
    RETIRED = "retired"


class EvaluationMode(StrEnum):
    """Whether an evaluation's version was active (its decision applied) or in shadow."""

    ACTIVE = "active"
    SHADOW = "shadow"


class ActionKind(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REFUND = "refund"
    REQUEST_EVIDENCE = "request_evidence"
    ESCALATE = "escalate"
    TAG = "tag"
    NOTIFY_SELLER = "notify_seller"
    NO_DECISION = "no_decision"


# A rule's decision is its one decisive action; tags and seller notices go along with it.
DECISIVE_ACTIONS = frozenset(
    {
        ActionKind.APPROVE,
        ActionKind.REJECT,
        ActionKind.REFUND,
        ActionKind.REQUEST_EVIDENCE,
        ActionKind.ESCALATE,
        ActionKind.NO_DECISION,
    }
)
# Decisions that resolve a request without a person (the auto-resolution rate counts these).
RESOLVING_ACTIONS = frozenset({ActionKind.APPROVE, ActionKind.REJECT, ActionKind.REFUND})


class EvaluationOutcome(StrEnum):
    APPLIED = "applied"  # the decision was carried out through the after-sales service
    SHADOWED = "shadowed"  # a shadow version: logged, nothing applied
    NO_DECISION = "no_decision"  # the rule (or default) decided nothing
    ESCALATED = "escalated"  # put in the exception queue
    NOT_APPLICABLE = "not_applicable"  # the request had moved on, or the action does not fit it
    OVERRIDDEN = "overridden"  # a person decided otherwise after the rule


# --- authoring ---------------------------------------------------------------------------


class RuleProblem(BaseModel):
    """One thing wrong with a rule set's text, placed as precisely as the parser can."""

    message: str
    code: str
    line: int | None = None
    column: int | None = None
    rule_id: str | None = None
    fact: str | None = None


class TestCaseResult(BaseModel):
    name: str
    line: int | None
    passed: bool
    expected_rule: str | None
    expected_action: str
    actual_rule: str | None  # None: the default
    actual_action: str
    message: str


class TestReport(BaseModel):
    passed: bool
    total: int
    failures: int
    results: list[TestCaseResult]


class RuleSummary(BaseModel):
    id: str
    description: str
    line: int
    conditions: list[str]
    actions: list[dict[str, Any]]


class ValidationReport(BaseModel):
    valid: bool
    name: str | None
    trigger: Trigger | None
    problems: list[RuleProblem]
    rules: list[RuleSummary]
    tests: TestReport | None  # run when the text is valid


class RuleSourceCheck(Command):
    source: str = Field(min_length=1, max_length=MAX_SOURCE_CHARS, description="The YAML text.")


class RuleSetDraftCreate(Command):
    source: str = Field(
        min_length=1,
        max_length=MAX_SOURCE_CHARS,
        description="The rule set's YAML text; its `name` picks the rule set (new or existing).",
    )


class VersionRef(Command):
    version_id: RowId = Field(description="The rule-set version id.")


class RuleSetRef(Command):
    rule_set_id: RowId = Field(description="The rule set id.")


class RuleSetListQuery(Command):
    trigger: Trigger | None = Field(None, description="Only rule sets for this trigger.")


class Promote(VersionRef):
    to: Literal[VersionStatus.SHADOW, VersionStatus.ACTIVE] = Field(
        description="shadow first, then active."
    )


class DiffQuery(VersionRef):
    against: RowId | None = Field(
        None, description="The other version; by default the previous version of the set."
    )


class Simulate(VersionRef):
    request_id: RowId = Field(
        description="The after-sale request to evaluate (nothing is applied)."
    )


class BacktestCommand(VersionRef):
    from_date: date = Field(description="First day of requests to replay (UTC, inclusive).")
    to_date: date = Field(description="Last day of requests to replay (UTC, inclusive).")
    compare_version_id: RowId | None = Field(
        None, description="Replay this version too and report the two side by side."
    )


class VersionSummary(BaseModel):
    id: int
    number: int
    status: VersionStatus
    rule_count: int
    tests_passed: bool | None
    created_at: datetime
    created_by: str
    status_changed_at: datetime
    status_changed_by: str


class RuleSetRead(BaseModel):
    id: int
    name: str
    trigger: Trigger
    versions: list[VersionSummary]  # newest first


class RuleSetList(BaseModel):
    items: list[RuleSetRead]


class RuleSetVersionRead(VersionSummary):
    rule_set_id: int
    rule_set_name: str
    trigger: Trigger
    description: str
    source: str
    replaced_version_id: int | None
    test_report: TestReport | None


class VersionDiff(BaseModel):
    version_id: int
    against_version_id: int | None
    unified_diff: str
    rules_added: list[str]
    rules_removed: list[str]
    rules_changed: list[str]


class FactRead(BaseModel):
    name: str
    type: str
    description: str
    values: list[str]


class FactCatalogue(BaseModel):
    facts: list[FactRead]
    actions: list[str]
    triggers: list[str]


class FactCatalogueQuery(Command):
    pass


# --- evaluation and explanation ------------------------------------------------------------


class ConditionOutcome(BaseModel):
    text: str  # as written
    words: str  # in plain words, with the fact's value
    held: bool


class RuleTrace(BaseModel):
    rule_id: str
    matched: bool
    conditions: list[ConditionOutcome]


class EvaluationRead(BaseModel):
    id: int
    version_id: int
    rule_set_name: str
    version_number: int
    request_id: int
    trigger: Trigger
    mode: EvaluationMode
    rule_id: str | None
    decision: ActionKind
    actions: list[dict[str, Any]]
    outcome: EvaluationOutcome
    outcome_detail: str | None
    facts: dict[str, Any]
    trace: list[RuleTrace]
    created_at: datetime


class EvaluationListQuery(VersionRef):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="next_cursor from the previous page.")


class EvaluationPage(BaseModel):
    items: list[EvaluationRead]
    next_cursor: str | None


class Simulation(BaseModel):
    version_id: int
    request_id: int
    rule_id: str | None
    decision: ActionKind
    actions: list[dict[str, Any]]
    facts: dict[str, Any]
    trace: list[RuleTrace]
    explanation: str


class DecisionExplanation(BaseModel):
    """For sellers (and agents): which rule decided a request and why, in plain words."""

    request_id: int
    decided_by_rule: bool
    summary: str  # one paragraph a seller can read
    rule_set_name: str | None
    version_number: int | None
    rule_id: str | None
    rule_description: str | None
    decision: ActionKind | None
    outcome: EvaluationOutcome | None
    reasons: list[ConditionOutcome]  # the conditions that held (buyer facts' values hidden)
    decided_at: datetime | None


class ExplainRequest(AfterSaleRef):
    pass


# --- back-test -----------------------------------------------------------------------------


class ActionCount(BaseModel):
    action: str
    count: int


class LabelScore(BaseModel):
    action: str
    precision: float | None  # None: the rule never predicted it among labelled requests
    recall: float | None  # None: no person decided it among labelled requests
    support: int  # labelled requests a person decided this way


class BacktestRun(BaseModel):
    version_id: int
    rule_set_name: str
    version_number: int
    requests: int
    decisions: list[ActionCount]
    by_rule: list[ActionCount]  # rule id (or "default") → requests it decided
    differing: int  # requests whose decision differs from what actually happened
    refund_actual_minor: int
    refund_replayed_minor: int
    refund_difference_minor: int  # replayed - actual
    auto_resolution_before: float | None
    auto_resolution_after: float | None
    labelled: int  # requests a person decided (labels)
    scores: list[LabelScore]
    seconds: float


class BacktestReport(BaseModel):
    from_date: date
    to_date: date
    trigger: Trigger
    facts_backfilled: int  # requests whose facts were assembled for this run
    run: BacktestRun
    compared: BacktestRun | None
    disagreements: int | None  # requests the two versions decide differently


# --- exception queue -----------------------------------------------------------------------


class ExceptionStatus(StrEnum):
    OPEN = "open"
    DECIDED = "decided"  # an agent decided; the decision is the item's label
    RESOLVED_ELSEWHERE = "resolved_elsewhere"  # the request moved on without the queue


class ExceptionListQuery(Command):
    queue: str | None = Field(None, max_length=60, description="Only this queue.")
    status: ExceptionStatus = Field(ExceptionStatus.OPEN, description="open items by default.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="next_cursor from the previous page.")


class ExceptionRef(Command):
    item_id: RowId = Field(description="The exception-queue item id.")


class ExceptionRead(BaseModel):
    id: int
    request_id: int
    order_number: int
    request_type: str
    request_status: AfterSaleStatus
    queue: str
    priority: int
    reason: str
    deadline: datetime | None
    status: ExceptionStatus
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    label: str | None


class ExceptionPage(BaseModel):
    items: list[ExceptionRead]
    next_cursor: str | None


class ExceptionDetail(ExceptionRead):
    request: AfterSaleRead  # with its timeline
    evaluation: EvaluationRead | None  # facts and rule trace of the evaluation that queued it


class DecideException(ExceptionRef):
    action: Literal["approve", "reject", "refund", "request_evidence", "no_decision"] = Field(
        description="The agent's decision; recorded as the label back-tests learn from."
    )
    reason: str | None = Field(None, max_length=40, description="A reject reason code.")
    note: str | None = Field(None, max_length=2000, description="Why; required to reject.")
    amount_minor: int | None = Field(
        None, gt=0, description="A partial refund (an offer the buyer accepts); full when absent."
    )

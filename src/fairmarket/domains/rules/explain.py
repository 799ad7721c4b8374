"""Why a request was decided the way it was, in plain words, for sellers and agents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import AfterSaleRead, AfterSaleRef
from fairmarket.domains.after_sales.service import get_request
from fairmarket.domains.rules.compiler import CompiledRuleSet, compiled_for_source
from fairmarket.domains.rules.facts import FactRecord, record_from_mapping
from fairmarket.domains.rules.models import RuleEvaluation, RuleSet, RuleSetVersion
from fairmarket.domains.rules.readings import stored_outcomes
from fairmarket.domains.rules.schemas import (
    ActionKind,
    ConditionOutcome,
    DecisionExplanation,
    EvaluationMode,
    EvaluationOutcome,
    ExplainRequest,
)
from fairmarket.domains.rules.words import describe_trace, summary
from fairmarket.kernel.actors import Actor, ActorKind

# The evaluations that explain a request: the rule acted on it, queued it, or had nothing to say
# (a shadow version never touches a request, and an overridden proposal is not what happened).
EXPLAINING_OUTCOMES = (
    EvaluationOutcome.APPLIED,
    EvaluationOutcome.ESCALATED,
    EvaluationOutcome.NO_DECISION,
    EvaluationOutcome.NOT_APPLICABLE,
)
# The first decision of a request, in the words of a sentence "The seller ... this request".
DECISION_WORDS = {
    "approve": "approved",
    "auto_approve": "approved",
    "reject": "rejected",
    "auto_reject": "rejected",
    "offer_partial_refund": "offered a partial refund on",
    "refund_without_return": "refunded without a return",
    "request_interception": "asked the carrier to intercept the parcel for",
    "auto_intercept": "asked the carrier to intercept the parcel for",
    "auto_close": "closed",
    "rule_for_buyer": "ruled for the buyer on",
    "rule_for_seller": "ruled for the seller on",
}
DECIDERS = {
    ActorKind.SELLER_USER: "The seller",
    ActorKind.INTEGRATION: "The seller's integration",
    ActorKind.AGENT: "A Fairmarket agent",
    ActorKind.SYSTEM_RULE: "An automation rule",
    ActorKind.BUYER: "The buyer",
}
TIMER_REASON = "because nobody answered within the response window"
READ_SCOPE = "after_sales:read"


def explain_decision(uow: UnitOfWork, actor: Actor, ref: ExplainRequest) -> DecisionExplanation:
    """Which rule decided the request and why (the conditions that held), or who did. Sellers
    see only their own requests and never the buyer's numbers."""
    # Scope and existence exactly as the request itself: another seller's request is a 404.
    read = get_request(uow, actor, AfterSaleRef(request_id=ref.request_id))
    request = uow.session.get_one(AfterSaleRequest, read.id)
    human = _who_decided(request, read)
    found = uow.session.execute(
        select(RuleEvaluation, RuleSetVersion, RuleSet)
        .join(RuleSetVersion, RuleSetVersion.id == RuleEvaluation.version_id)
        .join(RuleSet, RuleSet.id == RuleSetVersion.rule_set_id)
        .where(
            RuleEvaluation.request_id == read.id,
            RuleEvaluation.mode == EvaluationMode.ACTIVE,
            RuleEvaluation.outcome.in_(EXPLAINING_OUTCOMES),
        )
        .order_by(RuleEvaluation.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return DecisionExplanation(
            request_id=read.id,
            decided_by_rule=False,
            summary=human.summary,
            rule_set_name=None,
            version_number=None,
            rule_id=None,
            rule_description=None,
            decision=None,
            outcome=None,
            reasons=[],
            decided_at=human.at,
        )
    evaluation, version, rule_set = found
    for_seller = actor.is_seller_side
    compiled = compiled_for_source(version.source)
    record = record_from_mapping(evaluation.facts)
    index = _rule_index(compiled, evaluation.rule_id)
    applied = evaluation.outcome == EvaluationOutcome.APPLIED
    words = summary(compiled, index, record, for_seller=for_seller, version_number=version.number)
    if not applied:
        # The rule did not settle it: say what became of its decision, then who did.
        words = f"{words} {_not_applied(evaluation.outcome)} {human.summary}"
    return DecisionExplanation(
        request_id=read.id,
        decided_by_rule=applied,
        summary=words,
        rule_set_name=rule_set.name,
        version_number=version.number,
        rule_id=evaluation.rule_id,
        rule_description=compiled.definition.rules[index].description if index >= 0 else None,
        decision=ActionKind(evaluation.decision),
        outcome=EvaluationOutcome(evaluation.outcome),
        reasons=_reasons(compiled, index, evaluation, record, for_seller=for_seller),
        decided_at=evaluation.created_at if applied else human.at,
    )


def _rule_index(compiled: CompiledRuleSet, rule_id: str | None) -> int:
    for index, rule in enumerate(compiled.definition.rules):
        if rule.id == rule_id:
            return index
    return -1


def _reasons(
    compiled: CompiledRuleSet,
    index: int,
    evaluation: RuleEvaluation,
    record: FactRecord,
    *,
    for_seller: bool,
) -> list[ConditionOutcome]:
    """The matched rule's conditions that held, in words (none when the default applied)."""
    if index < 0:
        return []
    outcomes = stored_outcomes(evaluation.trace)
    if len(outcomes) <= index:  # a trace recorded without this rule: evaluate it again
        outcomes = compiled.trace(record)[1]
    traces = describe_trace(compiled, index, outcomes, record, for_seller=for_seller)
    return [condition for condition in traces[index].conditions if condition.held]


def _not_applied(outcome: str) -> str:
    if outcome == EvaluationOutcome.ESCALATED:
        return "The request was put in front of a Fairmarket agent."
    if outcome == EvaluationOutcome.NOT_APPLICABLE:
        return "By then the request had moved on, so nothing was applied."
    return "So the rule decided nothing."


@dataclass(frozen=True)
class _HumanDecision:
    summary: str
    at: datetime | None


def _who_decided(request: AfterSaleRequest, read: AfterSaleRead) -> _HumanDecision:
    """Who first decided the request and when, from the journey's own record."""
    if request.decided_action is None:
        status = read.status.replace("_", " ")
        return _HumanDecision(f"Nobody has decided this request yet; it is {status}.", None)
    action = request.decided_action
    verb = DECISION_WORDS.get(action, f"took the action '{action}' on")
    at = next(
        (
            item.at
            for item in read.timeline or []
            if item.action == f"after_sale.{action}" and item.actor_kind == request.decided_by
        ),
        None,
    )
    when = f" on {at:%d %B %Y at %H:%M} UTC" if at else ""
    if request.decided_by == ActorKind.SYSTEM:
        return _HumanDecision(
            f"The platform {verb} this request automatically{when} {TIMER_REASON}.", at
        )
    who = "Someone" if request.decided_by is None else DECIDERS.get(request.decided_by, "Someone")
    return _HumanDecision(f"{who} {verb} this request{when}.", at)

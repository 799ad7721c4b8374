"""Evaluating rule sets on events: facts, the compiled rules, the trace, applying the decision.

Per trigger at most one version is active (its decision is carried out) and one in shadow
(evaluated and logged, nothing applied). Facts are assembled once per event and snapshotted, so
a back-test later replays exactly what the live engine saw. The active decision is applied in a
SAVEPOINT: an action the request no longer allows is recorded as not applicable with the
service's own words, and nothing of it is left half-done.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales import engine
from fairmarket.domains.rules import exceptions
from fairmarket.domains.rules.apply import apply_action
from fairmarket.domains.rules.compiler import CompiledRuleSet, compiled_for_source
from fairmarket.domains.rules.definitions import RuleAction, decision_of
from fairmarket.domains.rules.facts import (
    FactRecord,
    record_to_mapping,
)
from fairmarket.domains.rules.facts_assembly import assemble_facts, store_snapshot
from fairmarket.domains.rules.models import RuleEvaluation, RuleSet, RuleSetVersion
from fairmarket.domains.rules.readings import evaluation_read, visible_facts
from fairmarket.domains.rules.schemas import (
    RESOLVING_ACTIONS,
    ActionKind,
    EvaluationListQuery,
    EvaluationMode,
    EvaluationOutcome,
    EvaluationPage,
    Simulate,
    Simulation,
    Trigger,
    VersionStatus,
)
from fairmarket.domains.rules.words import describe_trace, summary
from fairmarket.kernel.actors import Actor, require_scope, rule_actor
from fairmarket.kernel.errors import DomainError, not_found
from fairmarket.kernel.pagination import decode_id_cursor, encode_cursor

READ_SCOPE = "rules:read"
UNDECIDED_QUEUE = "undecided"
UNDECIDED_PRIORITY = 2
UNDECIDED_REASON = "No rule decided before the deadline"
DEFAULT_PRIORITY = 3
NOT_APPLIED = frozenset({ActionKind.ESCALATE, ActionKind.NO_DECISION})


def live_versions(uow: UnitOfWork, trigger: Trigger) -> list[tuple[RuleSetVersion, str]]:
    """The active version (first) and the shadow version of a trigger, with their set's name."""
    rows = uow.session.execute(
        select(RuleSetVersion, RuleSet.name)
        .join(RuleSet, RuleSet.id == RuleSetVersion.rule_set_id)
        .where(
            RuleSetVersion.trigger == trigger.value,
            RuleSetVersion.status.in_([VersionStatus.ACTIVE, VersionStatus.SHADOW]),
        )
        .order_by(RuleSetVersion.status != VersionStatus.ACTIVE, RuleSetVersion.id)
    )
    return [(version, name) for version, name in rows]


def evaluate_trigger(
    uow: UnitOfWork, trigger: Trigger, request_id: int, *, event_id: int | None
) -> list[RuleEvaluation]:
    """Evaluate the trigger's live versions on one request; apply the active one's decision."""
    versions = live_versions(uow, trigger)
    if not versions:
        return []
    # Hold the order lock (as every decision does) before reading facts, so a seller's click
    # or a timer racing this evaluation is serialised with it, and the exception queue's
    # one-open-item rule holds.
    engine.load(uow, rule_actor(versions[0][1], versions[0][0].number, None), request_id, lock=True)
    now = uow.clock.now()
    record = assemble_facts(uow, [request_id], now=now).get(request_id)
    if record is None:
        return []
    store_snapshot(uow, trigger, request_id, record, taken_at=now)
    evaluations = []
    resolved = False
    has_active = False
    for version, rule_set_name in versions:
        evaluation, compiled = _record_evaluation(
            uow, trigger, version, request_id, record, event_id
        )
        if version.status == VersionStatus.ACTIVE:
            has_active = True
            resolved = _carry_out(uow, compiled, version, rule_set_name, evaluation)
        else:
            evaluation.outcome = EvaluationOutcome.SHADOWED
        evaluations.append(evaluation)
    if trigger is Trigger.DEADLINE_APPROACHING and has_active and not resolved:
        active = evaluations[0]
        exceptions.enqueue_exception(
            uow,
            request_id=request_id,
            queue=UNDECIDED_QUEUE,
            priority=UNDECIDED_PRIORITY,
            reason=UNDECIDED_REASON,
            evaluation_id=active.id,
        )
    uow.session.flush()
    return evaluations


def _record_evaluation(  # noqa: PLR0917 - one evaluation's parts
    uow: UnitOfWork,
    trigger: Trigger,
    version: RuleSetVersion,
    request_id: int,
    record: FactRecord,
    event_id: int | None,
) -> tuple[RuleEvaluation, CompiledRuleSet]:
    compiled = compiled_for_source(version.source)
    index, outcomes = compiled.trace(record)
    definition = compiled.definition
    actions = definition.actions_for(index)
    evaluation = RuleEvaluation(
        version_id=version.id,
        request_id=request_id,
        trigger=trigger.value,
        event_id=event_id,
        mode=(
            EvaluationMode.ACTIVE
            if version.status == VersionStatus.ACTIVE
            else EvaluationMode.SHADOW
        ),
        rule_id=definition.rule_id_for(index),
        facts=record_to_mapping(record),
        trace=stored_trace(compiled, index, outcomes),
        actions=[action.as_dict() for action in actions],
        decision=decision_of(actions).kind,
        outcome=EvaluationOutcome.NO_DECISION,
        outcome_detail=None,
        created_at=uow.clock.now(),
    )
    uow.session.add(evaluation)
    uow.session.flush()  # the id, for the exception queue
    return evaluation, compiled


def stored_trace(
    compiled: CompiledRuleSet, index: int, outcomes: tuple[tuple[bool, ...], ...]
) -> list[dict[str, Any]]:
    rules = compiled.definition.rules
    return [
        {
            "rule": rule.id,
            "matched": position == index,
            "conditions": [
                {"text": condition.text, "held": bool(held)}
                for condition, held in zip(rule.conditions, rule_outcomes, strict=True)
            ],
        }
        for position, (rule, rule_outcomes) in enumerate(zip(rules, outcomes, strict=False))
    ]


def _carry_out(
    uow: UnitOfWork,
    compiled: CompiledRuleSet,
    version: RuleSetVersion,
    rule_set_name: str,
    evaluation: RuleEvaluation,
) -> bool:
    """Apply the active decision; returns whether it resolved the request."""
    definition = compiled.definition
    index = _index_of(compiled, evaluation.rule_id)
    actions = definition.actions_for(index)
    description = definition.rules[index].description if index >= 0 else definition.description
    actor = rule_actor(rule_set_name, version.number, evaluation.rule_id)
    try:
        with uow.session.begin_nested():
            for action in actions:
                if action.kind not in NOT_APPLIED:
                    apply_action(
                        uow, actor, evaluation.request_id, action, rule_description=description
                    )
    except DomainError as error:
        evaluation.outcome = EvaluationOutcome.NOT_APPLICABLE
        evaluation.outcome_detail = error.message
        return False
    decision = decision_of(actions)
    if decision.kind is ActionKind.ESCALATE:
        _escalate(uow, evaluation, decision, description)
        evaluation.outcome = EvaluationOutcome.ESCALATED
        return False
    if decision.kind is ActionKind.NO_DECISION:
        evaluation.outcome = EvaluationOutcome.NO_DECISION
        return False
    evaluation.outcome = EvaluationOutcome.APPLIED
    return decision.kind in RESOLVING_ACTIONS


def _escalate(
    uow: UnitOfWork, evaluation: RuleEvaluation, decision: RuleAction, description: str
) -> None:
    exceptions.enqueue_exception(
        uow,
        request_id=evaluation.request_id,
        queue=decision.queue or "general",
        priority=decision.priority or DEFAULT_PRIORITY,
        reason=f"Rule '{evaluation.rule_id or 'default'}': {description}",
        evaluation_id=evaluation.id,
    )


def _index_of(compiled: CompiledRuleSet, rule_id: str | None) -> int:
    for position, rule in enumerate(compiled.definition.rules):
        if rule.id == rule_id:
            return position
    return -1


# --- reading and simulating --------------------------------------------------------------


def simulate_request(uow: UnitOfWork, actor: Actor, cmd: Simulate) -> Simulation:
    """What a version would decide on a request now, in words; nothing is written."""
    require_scope(actor, READ_SCOPE)
    version = _version_or_raise(uow, cmd.version_id)
    engine.load(uow, actor, cmd.request_id, lock=False)  # exists, and the actor may see it
    record = assemble_facts(uow, [cmd.request_id], now=uow.clock.now())[cmd.request_id]
    compiled = compiled_for_source(version.source)
    index, outcomes = compiled.trace(record)
    actions = compiled.definition.actions_for(index)
    for_seller = actor.is_seller_side
    return Simulation(
        version_id=version.id,
        request_id=cmd.request_id,
        rule_id=compiled.definition.rule_id_for(index),
        decision=decision_of(actions).kind,
        actions=[action.as_dict() for action in actions],
        facts=visible_facts(record_to_mapping(record), for_seller=for_seller),
        trace=describe_trace(compiled, index, outcomes, record, for_seller=for_seller),
        explanation=summary(
            compiled, index, record, for_seller=for_seller, version_number=version.number
        ),
    )


def list_evaluations(uow: UnitOfWork, actor: Actor, query: EvaluationListQuery) -> EvaluationPage:
    """A version's evaluations, newest first."""
    require_scope(actor, READ_SCOPE)
    version = _version_or_raise(uow, query.version_id)
    rule_set_name = uow.session.scalar(
        select(RuleSet.name).where(RuleSet.id == version.rule_set_id)
    )
    statement = select(RuleEvaluation).where(RuleEvaluation.version_id == version.id)
    after = decode_id_cursor(query.cursor)
    if after is not None:
        statement = statement.where(RuleEvaluation.id < after)
    rows = list(
        uow.session.scalars(statement.order_by(RuleEvaluation.id.desc()).limit(query.limit + 1))
    )
    page, more = rows[: query.limit], len(rows) > query.limit
    return EvaluationPage(
        items=[
            evaluation_read(e, version, rule_set_name or "", for_seller=actor.is_seller_side)
            for e in page
        ],
        next_cursor=encode_cursor([page[-1].id]) if more else None,
    )


def _version_or_raise(uow: UnitOfWork, version_id: int) -> RuleSetVersion:
    version = uow.session.get(RuleSetVersion, version_id)
    if version is None:
        raise not_found(
            "rule_version_not_found",
            f"Rule-set version {version_id} does not exist; list rule sets to find its id.",
        )
    return version

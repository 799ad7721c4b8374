"""How a recorded evaluation reads: its facts (buyer facts hidden from sellers) and its trace in
plain words. The evaluations list, the exception queue and explanations all show it this way."""

from __future__ import annotations

from typing import Any

from fairmarket.domains.rules.compiler import compiled_for_source
from fairmarket.domains.rules.definitions import RuleSetInvalid
from fairmarket.domains.rules.facts import FACTS_BY_NAME, record_from_mapping
from fairmarket.domains.rules.models import RuleEvaluation, RuleSetVersion
from fairmarket.domains.rules.schemas import (
    ActionKind,
    ConditionOutcome,
    EvaluationMode,
    EvaluationOutcome,
    EvaluationRead,
    RuleTrace,
    Trigger,
)
from fairmarket.domains.rules.words import describe_trace


def evaluation_read(
    evaluation: RuleEvaluation, version: RuleSetVersion, rule_set_name: str, *, for_seller: bool
) -> EvaluationRead:
    return EvaluationRead(
        id=evaluation.id,
        version_id=version.id,
        rule_set_name=rule_set_name,
        version_number=version.number,
        request_id=evaluation.request_id,
        trigger=Trigger(evaluation.trigger),
        mode=EvaluationMode(evaluation.mode),
        rule_id=evaluation.rule_id,
        decision=ActionKind(evaluation.decision),
        actions=list(evaluation.actions),
        outcome=EvaluationOutcome(evaluation.outcome),
        outcome_detail=evaluation.outcome_detail,
        facts=visible_facts(dict(evaluation.facts), for_seller=for_seller),
        trace=trace_in_words(evaluation, version.source, for_seller=for_seller),
        created_at=evaluation.created_at,
    )


def visible_facts(facts: dict[str, Any], *, for_seller: bool) -> dict[str, Any]:
    if not for_seller:
        return facts
    return {
        name: value
        for name, value in facts.items()
        if name not in FACTS_BY_NAME or not FACTS_BY_NAME[name].private_to_platform
    }


def stored_outcomes(trace: list[dict[str, Any]]) -> tuple[tuple[bool, ...], ...]:
    """Each evaluated rule's condition outcomes, as the evaluation recorded them."""
    return tuple(
        tuple(bool(condition["held"]) for condition in rule["conditions"]) for rule in trace
    )


def trace_in_words(evaluation: RuleEvaluation, source: str, *, for_seller: bool) -> list[RuleTrace]:
    """The recorded trace with each condition in words. The version's text is immutable and the
    facts were snapshotted, so the words describe exactly what the rule saw."""
    try:
        compiled = compiled_for_source(source)
        record = record_from_mapping(evaluation.facts)
        rule_ids = [rule.id for rule in compiled.definition.rules]
        index = rule_ids.index(evaluation.rule_id) if evaluation.rule_id in rule_ids else -1
        return describe_trace(
            compiled, index, stored_outcomes(evaluation.trace), record, for_seller=for_seller
        )
    except (RuleSetInvalid, KeyError, TypeError, ValueError):
        # A trace this version cannot word (written by an older format): show it as stored.
        return [
            RuleTrace(
                rule_id=str(rule.get("rule", "")),
                matched=rule.get("rule") == evaluation.rule_id,
                conditions=[
                    ConditionOutcome(
                        text=str(c.get("text", "")),
                        words=str(c.get("text", "")),
                        held=bool(c.get("held")),
                    )
                    for c in rule.get("conditions", [])
                ],
            )
            for rule in evaluation.trace
        ]

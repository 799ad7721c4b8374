"""Rule traces in plain words: what each condition checked, with the value it saw.

Sellers read these too, so the values of buyer facts (`Fact.private_to_platform`) are left out
for them: they see the policy's threshold, not the buyer's numbers.
"""

from __future__ import annotations

import ast
from typing import Any

from fairmarket.domains.rules.compiler import CompiledRuleSet, Outcomes
from fairmarket.domains.rules.definitions import Condition, RuleAction, decision_of
from fairmarket.domains.rules.expressions import COMPARISONS, fact_name
from fairmarket.domains.rules.facts import FACT_INDEX, FACTS_BY_NAME, FactRecord, FactType
from fairmarket.domains.rules.schemas import ActionKind, ConditionOutcome, RuleTrace

HELD_WORDS = {
    "==": "is",
    "!=": "is not",
    "<": "is below",
    "<=": "is at most",
    ">": "is above",
    ">=": "is at least",
    "in": "is one of",
    "not in": "is none of",
}
DECISION_VERBS = {
    ActionKind.APPROVE: "approved this request",
    ActionKind.REJECT: "rejected this request",
    ActionKind.REFUND: "refunded this request",
    ActionKind.REQUEST_EVIDENCE: "asked the buyer for evidence",
    ActionKind.ESCALATE: "sent this request to a person",
    ActionKind.NO_DECISION: "left this request to a person",
}


def describe_trace(
    compiled: CompiledRuleSet,
    index: int,
    outcomes: Outcomes,
    record: FactRecord,
    *,
    for_seller: bool,
) -> list[RuleTrace]:
    """One RuleTrace per rule evaluated (up to the match), each condition in words."""
    traces = []
    for rule, held in zip(compiled.definition.rules, outcomes, strict=False):
        traces.append(
            RuleTrace(
                rule_id=rule.id,
                matched=rule is compiled.definition.rules[index] if index >= 0 else False,
                conditions=[
                    ConditionOutcome(
                        text=condition.text,
                        words=condition_words(condition, record, for_seller=for_seller),
                        held=bool(outcome),
                    )
                    for condition, outcome in zip(rule.conditions, held, strict=True)
                ],
            )
        )
    return traces


def condition_words(condition: Condition, record: FactRecord, *, for_seller: bool) -> str:
    """ "the order's total (50.00) is at most 200" — the condition as written, in words."""
    node = ast.parse(condition.text, mode="eval").body
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and (name := fact_name(node.left)) is not None
    ):
        target = ast.unparse(node.comparators[0])
        verb = HELD_WORDS[COMPARISONS[type(node.ops[0])]]
        return f"{_fact_phrase(name, record, for_seller)} {verb} {target}"
    values = ", ".join(_fact_phrase(name, record, for_seller) for name in condition.facts)
    return f"{condition.text} ({values})" if values else condition.text


def _fact_phrase(name: str, record: FactRecord, for_seller: bool) -> str:
    fact = FACTS_BY_NAME[name]
    if for_seller and fact.private_to_platform:
        return fact.description
    return f"{fact.description} ({format_value(fact.type, record[FACT_INDEX[name]])})"


def format_value(fact_type: FactType, value: Any) -> str:
    if fact_type is FactType.MONEY and isinstance(value, int | float):
        return f"{value:.2f}"
    if fact_type is FactType.RATE and isinstance(value, int | float):
        return f"{value * 100:.0f}%"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def action_words(action: RuleAction) -> str:
    if action.kind is ActionKind.ESCALATE:
        return f"sent this request to the '{action.queue}' queue (priority {action.priority})"
    if action.kind is ActionKind.REFUND and not action.is_full_refund:
        share = f"{action.percent:g}%" if action.percent else f"{action.amount:.2f}"
        cap = f", at most {action.cap:.2f}" if action.cap else ""
        return f"offered a partial refund of {share}{cap}"
    return DECISION_VERBS[action.kind]


def summary(
    compiled: CompiledRuleSet,
    index: int,
    record: FactRecord,
    *,
    for_seller: bool,
    version_number: int | None = None,
) -> str:
    """One paragraph: which rule decided, what it did, and the conditions that held."""
    definition = compiled.definition
    decision = decision_of(definition.actions_for(index))
    version = f" (version {version_number})" if version_number is not None else ""
    where = f"rule set '{definition.name}'{version}"
    if index < 0:
        return f"No rule of {where} matched, so its default applied: it {action_words(decision)}."
    rule = definition.rules[index]
    reasons = "; ".join(
        condition_words(condition, record, for_seller=for_seller) for condition in rule.conditions
    )
    return (
        f"Rule '{rule.id}' of {where} {action_words(decision)}. "
        f"The rule: {rule.description} It applied because {reasons}."
    )

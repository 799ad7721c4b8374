"""A parsed rule set: what `language.parse_rule_set` returns and `compiler` compiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fairmarket.domains.rules.schemas import DECISIVE_ACTIONS, ActionKind, RuleProblem, Trigger


@dataclass(frozen=True)
class RuleAction:
    kind: ActionKind
    reason: str | None = None  # reject: a reject reason code
    note: str | None = None  # approve / reject: words recorded with the decision
    amount: float | None = None  # refund: a fixed amount, major units
    percent: float | None = None  # refund: a share of the requested amount
    cap: float | None = None  # refund: never more than this, major units
    queue: str | None = None  # escalate
    priority: int | None = None  # escalate: 1 (most urgent) … 5
    tag: str | None = None  # tag
    message: str | None = None  # notify_seller / request_evidence

    def as_dict(self) -> dict[str, Any]:
        """The action as written, without unset parameters (for traces and the API)."""
        values = {name: getattr(self, name) for name in _PARAMETERS}
        return {"kind": self.kind.value, **{k: v for k, v in values.items() if v is not None}}

    @property
    def is_full_refund(self) -> bool:
        return self.amount is None and (self.percent is None or self.percent >= 100)


_PARAMETERS = ("reason", "note", "amount", "percent", "cap", "queue", "priority", "tag", "message")


@dataclass(frozen=True)
class Condition:
    text: str  # as written
    line: int
    facts: tuple[str, ...]  # the facts it reads


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    line: int
    conditions: tuple[Condition, ...]  # all must hold
    actions: tuple[RuleAction, ...]

    @property
    def decision(self) -> RuleAction:
        """The rule's one decisive action (no_decision when it only tags or notifies)."""
        return decision_of(self.actions)


def decision_of(actions: tuple[RuleAction, ...]) -> RuleAction:
    for action in actions:
        if action.kind in DECISIVE_ACTIONS:
            return action
    return RuleAction(ActionKind.NO_DECISION)


@dataclass(frozen=True)
class RuleTestCase:
    name: str
    line: int
    facts: dict[str, Any]
    expected_rule: str | None  # None: the default
    expected_action: ActionKind


@dataclass(frozen=True)
class RuleSetDefinition:
    name: str
    trigger: Trigger
    description: str
    rules: tuple[Rule, ...]
    default: tuple[RuleAction, ...]
    tests: tuple[RuleTestCase, ...]
    source: str = field(repr=False, default="")

    def actions_for(self, index: int) -> tuple[RuleAction, ...]:
        """The actions of the rule at `index`, or of the default when index is -1."""
        return self.default if index < 0 else self.rules[index].actions

    def rule_id_for(self, index: int) -> str | None:
        return None if index < 0 else self.rules[index].id


class RuleSetInvalid(Exception):  # noqa: N818 - reads as "the rule set is invalid"
    """The text does not parse or type-check; `problems` says where and why."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

"""The actions of a rule (`then:`) and of the default: names, parameters and their checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from fairmarket.domains.after_sales.machines import RejectReason
from fairmarket.domains.rules.definitions import RuleAction
from fairmarket.domains.rules.schemas import DECISIVE_ACTIONS, ActionKind
from fairmarket.domains.rules.yaml_nodes import (
    SLUG,
    Problems,
    node_mapping,
    node_scalar,
    node_value,
)

ACTION_PARAMETERS: dict[ActionKind, tuple[str, ...]] = {
    ActionKind.APPROVE: ("note",),
    ActionKind.REJECT: ("reason", "note"),
    ActionKind.REFUND: ("amount", "percent", "cap"),
    ActionKind.REQUEST_EVIDENCE: ("message",),
    ActionKind.ESCALATE: ("queue", "priority"),
    ActionKind.TAG: ("tag",),
    ActionKind.NOTIFY_SELLER: ("message",),
    ActionKind.NO_DECISION: (),
}
# The parameter a short form fills: `tag: vip`, `notify_seller: "..."`, `request_evidence: "..."`.
SHORT_FORM = {
    ActionKind.TAG: "tag",
    ActionKind.NOTIFY_SELLER: "message",
    ActionKind.REQUEST_EVIDENCE: "message",
    ActionKind.APPROVE: "note",
    ActionKind.ESCALATE: "queue",
}
MIN_REJECT_NOTE = 10


def parse_actions(
    node: yaml.Node | None, parent: yaml.Node, problems: Problems, rule_id: str | None, key: str
) -> tuple[RuleAction, ...] | None:
    if node is None:
        problems.add(
            parent,
            f"'{key}' is missing: list the actions, e.g. then: [approve].",
            "missing_key",
            rule_id=rule_id,
        )
        return None
    items = [node] if not isinstance(node, yaml.SequenceNode) else list(node.value)
    actions = [action for item in items if (action := _action(item, problems, rule_id)) is not None]
    if len(actions) != len(items):
        return None
    decisive = [a for a in actions if a.kind in DECISIVE_ACTIONS]
    if len(decisive) > 1:
        problems.add(
            node,
            f"'{key}' has {len(decisive)} decisions ({', '.join(a.kind for a in decisive)}); "
            "keep one (tags and seller notices may go along with it).",
            "two_decisions",
            rule_id=rule_id,
        )
        return None
    if not actions:
        problems.add(node, f"'{key}' lists no action.", "missing_key", rule_id=rule_id)
        return None
    return tuple(actions)


def _action(node: yaml.Node, problems: Problems, rule_id: str | None) -> RuleAction | None:
    kinds = ", ".join(k.value for k in ActionKind)
    if isinstance(node, yaml.ScalarNode):
        name, params_node = node_scalar(node), None
    elif isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        name, params_node = node.value[0][0].value, node.value[0][1]
    else:
        problems.add(
            node,
            f"An action is a name or 'name: parameters'; names: {kinds}.",
            "bad_action",
            rule_id=rule_id,
        )
        return None
    try:
        kind = ActionKind(name)
    except ValueError:
        problems.add(
            node, f"Unknown action '{name}'; use one of {kinds}.", "unknown_action", rule_id=rule_id
        )
        return None
    params = _parameters(kind, params_node, problems, rule_id)
    if params is None:
        return None
    return _checked_action(kind, params, node, problems, rule_id)


def _parameters(
    kind: ActionKind, node: yaml.Node | None, problems: Problems, rule_id: str | None
) -> dict[str, Any] | None:
    if node is None or (isinstance(node, yaml.ScalarNode) and node_scalar(node) is None):
        return {}
    if isinstance(node, yaml.ScalarNode) and kind in SHORT_FORM:
        return {SHORT_FORM[kind]: node_scalar(node)}
    if not isinstance(node, yaml.MappingNode):
        allowed = ", ".join(ACTION_PARAMETERS[kind]) or "none"
        problems.add(
            node,
            f"'{kind}' takes parameters as a mapping ({allowed}).",
            "bad_action",
            rule_id=rule_id,
        )
        return None
    keys = node_mapping(node, ACTION_PARAMETERS[kind], problems, f"the action '{kind}'", rule_id)
    return {key: node_value(value) for key, value in keys.items()}


def _checked_action(  # noqa: C901 - one check per parameter, each with its own message
    kind: ActionKind,
    params: dict[str, Any],
    node: yaml.Node,
    problems: Problems,
    rule_id: str | None,
) -> RuleAction | None:
    before = len(problems.items)

    def bad(message: str) -> None:
        problems.add(node, f"{kind}: {message}", "bad_action", rule_id=rule_id)

    for key in ("note", "message", "tag", "queue"):
        if key in params and (not isinstance(params[key], str) or not params[key].strip()):
            bad(f"'{key}' must be text.")
    if kind is ActionKind.REJECT:
        reasons = ", ".join(r.value for r in RejectReason)
        if params.get("reason") not in {r.value for r in RejectReason}:
            bad(f"'reason' must be one of {reasons}.")
        if len(str(params.get("note", ""))) < MIN_REJECT_NOTE:
            bad(f"'note' (at least {MIN_REJECT_NOTE} characters) tells the buyer why.")
    if kind is ActionKind.REFUND:
        _check_refund(params, bad)
    if kind is ActionKind.ESCALATE:
        if not params.get("queue"):
            bad("'queue' names the queue, e.g. escalate: {queue: carrier-exceptions, priority: 2}.")
        priority = params.setdefault("priority", 3)
        if not isinstance(priority, int) or isinstance(priority, bool) or not 1 <= priority <= 5:
            bad("'priority' is a whole number from 1 (most urgent) to 5.")
    if kind is ActionKind.TAG and not SLUG.match(str(params.get("tag", ""))):
        bad("a tag is lower-case letters, digits, '-' or '_', e.g. tag: small-refund.")
    if kind is ActionKind.NOTIFY_SELLER and not params.get("message"):
        bad("'message' is what the seller reads.")
    if len(problems.items) > before:
        return None
    cleaned: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in params.items()}
    return RuleAction(kind, **cleaned)


def _check_refund(params: dict[str, Any], bad: Callable[[str], None]) -> None:
    for key in ("amount", "percent", "cap"):
        value = params.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            bad(f"'{key}' must be a positive number.")
    if "amount" in params and "percent" in params:
        bad("give 'amount' or 'percent', not both.")
    percent = params.get("percent")
    if isinstance(percent, int | float) and percent > 100:
        bad("'percent' is at most 100.")

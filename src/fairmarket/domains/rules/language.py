"""The rule-set text: YAML (read with PyYAML, keeping each node's line) whose conditions are
expressions (`expressions.py`). Every problem names the line, the rule and the fact involved."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from fairmarket.domains.after_sales.machines import RejectReason
from fairmarket.domains.rules.definitions import (
    Condition,
    Rule,
    RuleAction,
    RuleSetDefinition,
    RuleSetInvalid,
    RuleTestCase,
)
from fairmarket.domains.rules.expressions import ConditionError, check_condition
from fairmarket.domains.rules.facts import FACTS_BY_NAME, NUMERIC_TYPES, FactType
from fairmarket.domains.rules.schemas import DECISIVE_ACTIONS, ActionKind, Problem, Trigger

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
TOP_KEYS = ("name", "trigger", "description", "rules", "default", "tests")
RULE_KEYS = ("id", "description", "when", "then")
TEST_KEYS = ("name", "facts", "expect")
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


class _Problems:
    """Collects problems, so that one validation reports everything wrong at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(
        self,
        node: yaml.Node | None,
        message: str,
        code: str,
        *,
        rule_id: str | None = None,
        fact: str | None = None,
        line_offset: int = 0,
        column: int | None = None,
    ) -> None:
        line = None if node is None else node.start_mark.line + 1 + line_offset
        col = (
            column if column is not None else (None if node is None else node.start_mark.column + 1)
        )
        where = f"line {line}: " if line else ""
        in_rule = f"rule '{rule_id}': " if rule_id else ""
        self.items.append(
            Problem(
                message=f"{where}{in_rule}{message}",
                code=code,
                line=line,
                column=col,
                rule_id=rule_id,
                fact=fact,
            )
        )


def parse_rule_set(source: str) -> RuleSetDefinition:
    """The rule set written in `source`, or RuleSetInvalid listing every problem."""
    definition, problems = check_rule_set(source)
    if problems or definition is None:
        raise RuleSetInvalid(problems)
    return definition


def check_rule_set(source: str) -> tuple[RuleSetDefinition | None, list[Problem]]:
    problems = _Problems()
    root = _compose(source, problems)
    if root is None:
        return None, problems.items
    if not isinstance(root, yaml.MappingNode):
        problems.add(
            root, "A rule set is a mapping with name, trigger, rules, default, tests.", "bad_shape"
        )
        return None, problems.items
    top = _mapping(root, TOP_KEYS, problems, "the rule set")
    name = _slug(top.get("name"), "name", root, problems)
    trigger = _trigger(top.get("trigger"), root, problems)
    description = _text(top.get("description"), "description", problems, required=False)
    rules = _rules(top.get("rules"), root, problems)
    default = _default(top.get("default"), root, problems)
    rule_ids = {rule.id for rule in rules}
    tests = _tests(top.get("tests"), rule_ids, problems)
    if problems.items or name is None or trigger is None or default is None:
        return None, problems.items
    definition = RuleSetDefinition(
        name=name,
        trigger=trigger,
        description=description or "",
        rules=tuple(rules),
        default=default,
        tests=tuple(tests),
        source=source,
    )
    return definition, []


def _compose(source: str, problems: _Problems) -> yaml.Node | None:
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        column = None if mark is None else mark.column + 1
        problems.items.append(
            Problem(
                message=f"line {line}: not valid YAML: {error.problem or error.context}.",
                code="yaml_error",
                line=line,
                column=column,
            )
        )
        return None
    except yaml.YAMLError as error:
        problems.items.append(Problem(message=f"Not valid YAML: {error}.", code="yaml_error"))
        return None
    if root is None:
        problems.items.append(Problem(message="The rule set is empty.", code="empty", line=1))
    return root


def _value(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)


def _mapping(
    node: yaml.MappingNode,
    allowed: tuple[str, ...],
    problems: _Problems,
    what: str,
    rule_id: str | None = None,
) -> dict[str, yaml.Node]:
    found: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            problems.add(
                key_node,
                f"'{key}' is not a key of {what}; use {', '.join(allowed)}.",
                "unknown_key",
                rule_id=rule_id,
            )
        elif key in found:
            problems.add(
                key_node, f"'{key}' is given twice in {what}.", "duplicate_key", rule_id=rule_id
            )
        else:
            found[key] = value_node
    return found


def _scalar(node: yaml.Node | None) -> Any:
    return _value(node) if isinstance(node, yaml.ScalarNode) else None


def _text(
    node: yaml.Node | None,
    key: str,
    problems: _Problems,
    *,
    required: bool,
    rule_id: str | None = None,
) -> str | None:
    if node is None:
        return None
    value = _scalar(node)
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(node, f"'{key}' must be text.", "bad_value", rule_id=rule_id)
        return None
    return value.strip()


def _slug(node: yaml.Node | None, key: str, parent: yaml.Node, problems: _Problems) -> str | None:
    if node is None:
        problems.add(parent, f"The rule set needs a '{key}'.", "missing_key")
        return None
    value = _scalar(node)
    if not isinstance(value, str) or not SLUG.match(value):
        problems.add(
            node,
            f"'{key}' must be lower-case letters, digits, '-' or '_' (at most 80), "
            "e.g. cancellations.",
            "bad_name",
        )
        return None
    return value


def _trigger(node: yaml.Node | None, parent: yaml.Node, problems: _Problems) -> Trigger | None:
    choices = ", ".join(t.value for t in Trigger)
    if node is None:
        problems.add(parent, f"The rule set needs a 'trigger': one of {choices}.", "missing_key")
        return None
    value = _scalar(node)
    try:
        return Trigger(value)
    except ValueError:
        problems.add(node, f"Unknown trigger '{value}'; use one of {choices}.", "unknown_trigger")
        return None


def _sequence(
    node: yaml.Node, problems: _Problems, what: str, rule_id: str | None = None
) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    problems.add(
        node, f"{what} must be a list (lines starting with '- ').", "bad_shape", rule_id=rule_id
    )
    return []


def _rules(node: yaml.Node | None, parent: yaml.Node, problems: _Problems) -> list[Rule]:
    if node is None:
        problems.add(parent, "The rule set needs 'rules': a list of rules.", "missing_key")
        return []
    rules: list[Rule] = []
    seen: set[str] = set()
    for item in _sequence(node, problems, "'rules'"):
        rule = _rule(item, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.add(
                item,
                f"The id '{rule.id}' is used by an earlier rule.",
                "duplicate_rule",
                rule_id=rule.id,
            )
        seen.add(rule.id)
        rules.append(rule)
    return rules


def _rule(node: yaml.Node, problems: _Problems) -> Rule | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, "A rule is a mapping with id, description, when and then.", "bad_shape")
        return None
    id_node = next((v for k, v in node.value if k.value == "id"), None)
    rule_id = _scalar(id_node) if id_node is not None else None
    if not isinstance(rule_id, str) or not SLUG.match(rule_id):
        problems.add(
            id_node or node,
            "Every rule needs an 'id': lower-case letters, digits, '-' or '_', "
            "e.g. approve-unshipped.",
            "bad_rule_id",
        )
        return None
    keys = _mapping(node, RULE_KEYS, problems, f"rule '{rule_id}'", rule_id)
    description = _text(
        keys.get("description"), "description", problems, required=True, rule_id=rule_id
    )
    if "description" not in keys:
        problems.add(
            node,
            "Every rule needs a 'description' (it explains decisions).",
            "missing_key",
            rule_id=rule_id,
        )
    conditions = _conditions(keys.get("when"), node, problems, rule_id)
    actions = _actions(keys.get("then"), node, problems, rule_id, "then")
    if actions is None:
        return None
    return Rule(rule_id, description or "", node.start_mark.line + 1, tuple(conditions), actions)


def _conditions(
    node: yaml.Node | None, rule_node: yaml.Node, problems: _Problems, rule_id: str
) -> list[Condition]:
    if node is None:
        problems.add(
            rule_node, "The rule needs 'when': its conditions.", "missing_key", rule_id=rule_id
        )
        return []
    items = (
        [node]
        if isinstance(node, yaml.ScalarNode)
        else _sequence(node, problems, "'when'", rule_id)
    )
    if not items:
        problems.add(node, "'when' needs at least one condition.", "missing_key", rule_id=rule_id)
    conditions = []
    for item in items:
        text = _scalar(item)
        if isinstance(text, bool):
            text = "true" if text else "false"
        if not isinstance(text, str) or not text.strip():
            problems.add(
                item,
                "A condition is text, e.g. order.value < 100.",
                "bad_condition",
                rule_id=rule_id,
            )
            continue
        try:
            checked = check_condition(text)
        except ConditionError as error:
            quoted = 1 if getattr(item, "style", None) in ("'", '"') else 0
            problems.add(
                item,
                error.message,
                error.code,
                rule_id=rule_id,
                fact=error.fact,
                line_offset=error.line - 1,
                column=item.start_mark.column + 1 + quoted + error.column,
            )
            continue
        conditions.append(
            Condition(text.strip(), item.start_mark.line + 1, tuple(dict.fromkeys(checked.facts)))
        )
    return conditions


def _default(
    node: yaml.Node | None, parent: yaml.Node, problems: _Problems
) -> tuple[RuleAction, ...] | None:
    if node is None:
        problems.add(
            parent,
            "The rule set needs an explicit 'default' (what happens when no rule matches), "
            "e.g. default: [no_decision].",
            "missing_default",
        )
        return None
    return _actions(node, parent, problems, None, "default")


def _actions(
    node: yaml.Node | None, parent: yaml.Node, problems: _Problems, rule_id: str | None, key: str
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


def _action(node: yaml.Node, problems: _Problems, rule_id: str | None) -> RuleAction | None:
    kinds = ", ".join(k.value for k in ActionKind)
    if isinstance(node, yaml.ScalarNode):
        name, params_node = _scalar(node), None
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
    kind: ActionKind, node: yaml.Node | None, problems: _Problems, rule_id: str | None
) -> dict[str, Any] | None:
    if node is None or (isinstance(node, yaml.ScalarNode) and _scalar(node) is None):
        return {}
    if isinstance(node, yaml.ScalarNode) and kind in SHORT_FORM:
        return {SHORT_FORM[kind]: _scalar(node)}
    if not isinstance(node, yaml.MappingNode):
        allowed = ", ".join(ACTION_PARAMETERS[kind]) or "none"
        problems.add(
            node,
            f"'{kind}' takes parameters as a mapping ({allowed}).",
            "bad_action",
            rule_id=rule_id,
        )
        return None
    keys = _mapping(node, ACTION_PARAMETERS[kind], problems, f"the action '{kind}'", rule_id)
    return {key: _value(value) for key, value in keys.items()}


def _checked_action(  # noqa: C901 - one check per parameter, each with its own message
    kind: ActionKind,
    params: dict[str, Any],
    node: yaml.Node,
    problems: _Problems,
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


def _tests(node: yaml.Node | None, rule_ids: set[str], problems: _Problems) -> list[RuleTestCase]:
    if node is None:
        return []
    cases = []
    for item in _sequence(node, problems, "'tests'"):
        case = _test_case(item, rule_ids, problems)
        if case is not None:
            cases.append(case)
    return cases


def _test_case(node: yaml.Node, rule_ids: set[str], problems: _Problems) -> RuleTestCase | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, "A test case is a mapping with name, facts and expect.", "bad_test")
        return None
    keys = _mapping(node, TEST_KEYS, problems, "a test case")
    name = (
        _text(keys.get("name"), "name", problems, required=True)
        or f"test at line {node.start_mark.line + 1}"
    )
    facts = _test_facts(keys.get("facts"), name, problems)
    expect_node = keys.get("expect")
    expect = _value(expect_node) if expect_node is not None else None
    if not isinstance(expect, dict) or "action" not in expect or set(expect) - {"rule", "action"}:
        problems.add(
            expect_node or node,
            f"test '{name}': 'expect' is {{rule: <rule id or default>, action: <action>}}.",
            "bad_test",
        )
        return None
    rule = expect.get("rule", "default")
    if rule != "default" and rule not in rule_ids:
        problems.add(expect_node, f"test '{name}': no rule has the id '{rule}'.", "unknown_rule")
        return None
    try:
        action = ActionKind(expect["action"])
    except ValueError:
        problems.add(
            expect_node, f"test '{name}': unknown action '{expect['action']}'.", "unknown_action"
        )
        return None
    if facts is None:
        return None
    return RuleTestCase(
        name, node.start_mark.line + 1, facts, None if rule == "default" else rule, action
    )


def _test_facts(node: yaml.Node | None, name: str, problems: _Problems) -> dict[str, Any] | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, f"test '{name}': 'facts' maps fact names to values.", "bad_test")
        return None
    facts: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.value:
        fact = FACTS_BY_NAME.get(str(key_node.value))
        value = _value(value_node)
        if fact is None:
            problems.add(
                key_node,
                f"test '{name}': unknown fact '{key_node.value}'.",
                "unknown_fact",
                fact=str(key_node.value),
            )
            ok = False
        elif not _fits(fact.type, value):
            problems.add(
                value_node,
                f"test '{name}': {fact.name} is {fact.type.value}, not {value!r}.",
                "wrong_type",
                fact=fact.name,
            )
            ok = False
        else:
            facts[fact.name] = value
    return facts if ok else None


def _fits(fact_type: FactType, value: Any) -> bool:
    if fact_type in NUMERIC_TYPES:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if fact_type is FactType.BOOLEAN:
        return isinstance(value, bool)
    return isinstance(value, str)

"""The rule-set text: YAML (read with PyYAML, keeping each node's line) whose conditions are
expressions (`expressions.py`). Every problem names the line, the rule and the fact involved."""

from __future__ import annotations

from typing import Any

import yaml

from fairmarket.domains.rules.action_parsing import parse_actions
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
from fairmarket.domains.rules.schemas import ActionKind, RuleProblem, Trigger
from fairmarket.domains.rules.yaml_nodes import (
    SLUG,
    Problems,
    node_mapping,
    node_scalar,
    node_sequence,
    node_text,
    node_value,
)

TOP_KEYS = ("name", "trigger", "description", "rules", "default", "tests")
RULE_KEYS = ("id", "description", "when", "then")
TEST_KEYS = ("name", "facts", "expect")


def parse_rule_set(source: str) -> RuleSetDefinition:
    """The rule set written in `source`, or RuleSetInvalid listing every problem."""
    definition, problems = check_rule_set(source)
    if problems or definition is None:
        raise RuleSetInvalid(problems)
    return definition


def check_rule_set(source: str) -> tuple[RuleSetDefinition | None, list[RuleProblem]]:
    problems = Problems()
    root = _compose(source, problems)
    if root is None:
        return None, problems.items
    if not isinstance(root, yaml.MappingNode):
        problems.add(
            root, "A rule set is a mapping with name, trigger, rules, default, tests.", "bad_shape"
        )
        return None, problems.items
    top = node_mapping(root, TOP_KEYS, problems, "the rule set")
    name = _slug(top.get("name"), "name", root, problems)
    trigger = _trigger(top.get("trigger"), root, problems)
    description = node_text(top.get("description"), "description", problems, required=False)
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


def _compose(source: str, problems: Problems) -> yaml.Node | None:
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        column = None if mark is None else mark.column + 1
        problems.items.append(
            RuleProblem(
                message=f"line {line}: not valid YAML: {error.problem or error.context}.",
                code="yaml_error",
                line=line,
                column=column,
            )
        )
        return None
    except yaml.YAMLError as error:
        problems.items.append(RuleProblem(message=f"Not valid YAML: {error}.", code="yaml_error"))
        return None
    if root is None:
        problems.items.append(RuleProblem(message="The rule set is empty.", code="empty", line=1))
    return root


def _slug(node: yaml.Node | None, key: str, parent: yaml.Node, problems: Problems) -> str | None:
    if node is None:
        problems.add(parent, f"The rule set needs a '{key}'.", "missing_key")
        return None
    value = node_scalar(node)
    if not isinstance(value, str) or not SLUG.match(value):
        problems.add(
            node,
            f"'{key}' must be lower-case letters, digits, '-' or '_' (at most 80), "
            "e.g. cancellations.",
            "bad_name",
        )
        return None
    return value


def _trigger(node: yaml.Node | None, parent: yaml.Node, problems: Problems) -> Trigger | None:
    choices = ", ".join(t.value for t in Trigger)
    if node is None:
        problems.add(parent, f"The rule set needs a 'trigger': one of {choices}.", "missing_key")
        return None
    value = node_scalar(node)
    try:
        return Trigger(value)
    except ValueError:
        problems.add(node, f"Unknown trigger '{value}'; use one of {choices}.", "unknown_trigger")
        return None


def _rules(node: yaml.Node | None, parent: yaml.Node, problems: Problems) -> list[Rule]:
    if node is None:
        problems.add(parent, "The rule set needs 'rules': a list of rules.", "missing_key")
        return []
    rules: list[Rule] = []
    seen: set[str] = set()
    for item in node_sequence(node, problems, "'rules'"):
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


def _rule(node: yaml.Node, problems: Problems) -> Rule | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, "A rule is a mapping with id, description, when and then.", "bad_shape")
        return None
    id_node = next((v for k, v in node.value if k.value == "id"), None)
    rule_id = node_scalar(id_node) if id_node is not None else None
    if not isinstance(rule_id, str) or not SLUG.match(rule_id):
        problems.add(
            id_node or node,
            "Every rule needs an 'id': lower-case letters, digits, '-' or '_', "
            "e.g. approve-unshipped.",
            "bad_rule_id",
        )
        return None
    keys = node_mapping(node, RULE_KEYS, problems, f"rule '{rule_id}'", rule_id)
    description = node_text(
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
    actions = parse_actions(keys.get("then"), node, problems, rule_id, "then")
    if actions is None:
        return None
    return Rule(rule_id, description or "", node.start_mark.line + 1, tuple(conditions), actions)


def _conditions(
    node: yaml.Node | None, rule_node: yaml.Node, problems: Problems, rule_id: str
) -> list[Condition]:
    if node is None:
        problems.add(
            rule_node, "The rule needs 'when': its conditions.", "missing_key", rule_id=rule_id
        )
        return []
    items = (
        [node]
        if isinstance(node, yaml.ScalarNode)
        else node_sequence(node, problems, "'when'", rule_id)
    )
    if not items:
        problems.add(node, "'when' needs at least one condition.", "missing_key", rule_id=rule_id)
    conditions = []
    for item in items:
        text = node_scalar(item)
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
    node: yaml.Node | None, parent: yaml.Node, problems: Problems
) -> tuple[RuleAction, ...] | None:
    if node is None:
        problems.add(
            parent,
            "The rule set needs an explicit 'default' (what happens when no rule matches), "
            "e.g. default: [no_decision].",
            "missing_default",
        )
        return None
    return parse_actions(node, parent, problems, None, "default")


def _tests(node: yaml.Node | None, rule_ids: set[str], problems: Problems) -> list[RuleTestCase]:
    if node is None:
        return []
    cases = []
    for item in node_sequence(node, problems, "'tests'"):
        case = _test_case(item, rule_ids, problems)
        if case is not None:
            cases.append(case)
    return cases


def _test_case(node: yaml.Node, rule_ids: set[str], problems: Problems) -> RuleTestCase | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, "A test case is a mapping with name, facts and expect.", "bad_test")
        return None
    keys = node_mapping(node, TEST_KEYS, problems, "a test case")
    name = (
        node_text(keys.get("name"), "name", problems, required=True)
        or f"test at line {node.start_mark.line + 1}"
    )
    facts = _test_facts(keys.get("facts"), name, problems)
    expect_node = keys.get("expect")
    expect = node_value(expect_node) if expect_node is not None else None
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


def _test_facts(node: yaml.Node | None, name: str, problems: Problems) -> dict[str, Any] | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, f"test '{name}': 'facts' maps fact names to values.", "bad_test")
        return None
    facts: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.value:
        fact = FACTS_BY_NAME.get(str(key_node.value))
        value = node_value(value_node)
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

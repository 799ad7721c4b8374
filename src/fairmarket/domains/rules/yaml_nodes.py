"""Reading YAML nodes (PyYAML's composed tree, which keeps each node's line) into values, and
collecting every problem with its line, rule and fact."""

from __future__ import annotations

import re
from typing import Any

import yaml

from fairmarket.domains.rules.schemas import RuleProblem

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


class Problems:
    """Collects problems, so that one validation reports everything wrong at once."""

    def __init__(self) -> None:
        self.items: list[RuleProblem] = []

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
            RuleProblem(
                message=f"{where}{in_rule}{message}",
                code=code,
                line=line,
                column=col,
                rule_id=rule_id,
                fact=fact,
            )
        )


def node_value(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)


def node_mapping(
    node: yaml.MappingNode,
    allowed: tuple[str, ...],
    problems: Problems,
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


def node_scalar(node: yaml.Node | None) -> Any:
    return node_value(node) if isinstance(node, yaml.ScalarNode) else None


def node_text(
    node: yaml.Node | None,
    key: str,
    problems: Problems,
    *,
    required: bool,
    rule_id: str | None = None,
) -> str | None:
    if node is None:
        return None
    value = node_scalar(node)
    if not isinstance(value, str) or (required and not value.strip()):
        problems.add(node, f"'{key}' must be text.", "bad_value", rule_id=rule_id)
        return None
    return value.strip()


def node_sequence(
    node: yaml.Node, problems: Problems, what: str, rule_id: str | None = None
) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    problems.add(
        node, f"{what} must be a list (lines starting with '- ').", "bad_shape", rule_id=rule_id
    )
    return []

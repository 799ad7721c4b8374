"""Compiling a rule set to Python once, so a decision is a plain function call.

`decide(record)` is what a person would write by hand: each rule's conditions joined with `and`,
first match returns. `trace(record)` evaluates every condition of each rule up to the match, so an
evaluation can record each condition's outcome. Both read facts by position (`facts.FACTS`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fairmarket.domains.rules.definitions import RuleSetDefinition
from fairmarket.domains.rules.expressions import Emitter
from fairmarket.domains.rules.facts import FACT_INDEX, FactRecord
from fairmarket.domains.rules.language import parse_rule_set

Outcomes = tuple[tuple[bool, ...], ...]


@dataclass(frozen=True)
class CompiledRuleSet:
    definition: RuleSetDefinition
    decide: Callable[[FactRecord], int]  # the first matching rule's index; -1: the default
    trace: Callable[[FactRecord], tuple[int, Outcomes]]
    python_source: str  # the generated code, for people curious how a rule runs


def compile_rule_set(
    definition: RuleSetDefinition, layout: Mapping[str, int] = FACT_INDEX
) -> CompiledRuleSet:
    """Compile for records with each fact at `layout[name]` (by default, catalogue order)."""
    emitter = Emitter(layout)
    conditions = [
        [emitter.emit(ast.parse(c.text, mode="eval").body) for c in rule.conditions]
        for rule in definition.rules
    ]
    defaults = "".join(f", {name}={name}" for name in emitter.constants)
    decide_lines = [f"def decide(f{defaults}):"]
    trace_lines = [f"def trace(f{defaults}):"]
    for index, emitted in enumerate(conditions):
        decide_lines.append(f"    if {' and '.join(emitted)}:")
        decide_lines.append(f"        return {index}")
        trace_lines.append(f"    t{index} = ({', '.join(emitted)},)")
        seen = ", ".join(f"t{i}" for i in range(index + 1))
        trace_lines.append(f"    if False not in t{index}:")
        trace_lines.append(f"        return {index}, ({seen},)")
    decide_lines.append("    return -1")
    every = "".join(f"t{i}, " for i in range(len(conditions)))
    trace_lines.append(f"    return -1, ({every})")
    source = "\n".join(decide_lines) + "\n\n" + "\n".join(trace_lines) + "\n"
    namespace: dict[str, Any] = dict(emitter.constants)
    # The source is generated from checked expressions only (facts, literals, operators).
    exec(compile(source, f"<rule set {definition.name}>", "exec"), namespace)  # noqa: S102
    return CompiledRuleSet(definition, namespace["decide"], namespace["trace"], source)


@lru_cache(maxsize=64)
def compiled_for_source(source: str) -> CompiledRuleSet:
    """The compiled rule set for a version's text (versions are immutable, so cache by text)."""
    return compile_rule_set(parse_rule_set(source))


def compiled_for_columns(source: str, columns: tuple[str, ...]) -> CompiledRuleSet:
    """The rule set compiled for narrow records holding only `columns` (fact names), in that
    order: a back-test reads just the facts its rules test."""
    return compile_rule_set(
        compiled_for_source(source).definition, {name: i for i, name in enumerate(columns)}
    )

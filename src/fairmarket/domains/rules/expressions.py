"""Conditions: Python-syntax expressions, parsed by Python's own `ast`, limited to comparisons,
membership, ranges, boolean logic and arithmetic over catalogue facts, and type-checked.

No calls, no attribute access beyond `group.fact`, no subscripts, no names but facts and
true/false: nothing in a condition can run code or reach I/O. `emit` turns a checked expression
into Python source over the fact record `f`, which `compiler` compiles once per rule set.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fairmarket.domains.rules.facts import FACT_INDEX, FACTS_BY_NAME, NUMERIC_TYPES, FactType

NUMBER = "number"
TEXT = "text"
BOOLEAN = "boolean"

COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
ORDERINGS = frozenset({ast.Lt, ast.LtE, ast.Gt, ast.GtE})
ARITHMETIC: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Mod: "%",
}
BOOLEAN_NAMES = {"true": True, "false": False, "True": True, "False": False}


class ConditionError(Exception):
    """A condition that does not parse or type-check; offsets are within the expression."""

    def __init__(
        self, message: str, code: str, line: int = 1, column: int = 0, fact: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line  # 1-based, within the expression
        self.column = column  # 0-based, within the expression
        self.fact = fact


@dataclass
class CheckedCondition:
    tree: ast.expr
    facts: list[str] = field(default_factory=list)


def check_condition(text: str) -> CheckedCondition:
    """Parse and type-check one condition; it must be true or false."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as error:
        raise ConditionError(
            f"'{text}' is not a valid condition: {error.msg}. Write comparisons such as "
            'order.value < 100 or request.type == "return".',
            "syntax_error",
            error.lineno or 1,
            max((error.offset or 1) - 1, 0),
        ) from None
    checked = CheckedCondition(tree)
    kind = _type_of(tree, checked)
    if kind != BOOLEAN:
        raise _error(
            tree,
            f"'{text}' is a {kind}, not a condition; compare it, e.g. '{text} > 0'.",
            "not_a_condition",
        )
    return checked


def _error(node: ast.AST, message: str, code: str, fact: str | None = None) -> ConditionError:
    return ConditionError(
        message, code, getattr(node, "lineno", 1), getattr(node, "col_offset", 0), fact
    )


def fact_name(node: ast.expr) -> str | None:
    """`group.field` written in a condition, or None if the node is not a fact reference."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _type_of(node: ast.expr, checked: CheckedCondition) -> str:  # noqa: C901, PLR0911 - one per node kind
    if isinstance(node, ast.Attribute):
        return _fact_type(node, checked)
    if isinstance(node, ast.Name):
        if node.id in BOOLEAN_NAMES:
            return BOOLEAN
        raise _unknown_fact(node, node.id)
    if isinstance(node, ast.Constant):
        return _constant_type(node)
    if isinstance(node, ast.Compare):
        return _compare_type(node, checked)
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _expect(value, BOOLEAN, checked, "'and' / 'or' join conditions")
        return BOOLEAN
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            _expect(node.operand, BOOLEAN, checked, "'not' takes a condition")
            return BOOLEAN
        if isinstance(node.op, ast.USub | ast.UAdd):
            _expect(node.operand, NUMBER, checked, "a sign takes a number")
            return NUMBER
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        _expect(node.left, NUMBER, checked, "arithmetic takes numbers")
        _expect(node.right, NUMBER, checked, "arithmetic takes numbers")
        return NUMBER
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        raise _error(
            node, "A list may only follow 'in' or 'not in', e.g. x in [\"a\", \"b\"].", "bad_list"
        )
    raise _error(node, _not_allowed(node), "not_allowed")


def _not_allowed(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return "Function calls are not allowed in conditions; compare facts with values instead."
    return (
        f"'{ast.unparse(node)}' is not allowed in a condition. Use facts, numbers, \"text\", "
        "true/false, comparisons (== != < <= > >=), in [...], and/or/not and + - * / %."
    )


def _fact_type(node: ast.Attribute, checked: CheckedCondition) -> str:
    name = fact_name(node)
    if name is None or name not in FACTS_BY_NAME:
        raise _unknown_fact(node, name or ast.unparse(node))
    checked.facts.append(name)
    fact_type = FACTS_BY_NAME[name].type
    if fact_type in NUMERIC_TYPES:
        return NUMBER
    return TEXT if fact_type is FactType.TEXT else BOOLEAN


def _unknown_fact(node: ast.expr, name: str) -> ConditionError:
    close = difflib.get_close_matches(name, list(FACTS_BY_NAME), n=1)
    hint = f" Did you mean {close[0]}?" if close else " See the fact catalogue for the names."
    return _error(node, f"Unknown fact '{name}'.{hint}", "unknown_fact", name)


def _constant_type(node: ast.Constant) -> str:
    value = node.value
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    raise _error(node, f'{value!r} is not a number, "text" or true/false.', "bad_value")


def _expect(node: ast.expr, wanted: str, checked: CheckedCondition, why: str) -> None:
    actual = _type_of(node, checked)
    if actual != wanted:
        raise _wrong_type(node, wanted, actual, why)


def _wrong_type(node: ast.expr, wanted: str, actual: str, why: str) -> ConditionError:
    name = fact_name(node)
    return _error(
        node,
        f"{ast.unparse(node)} is {_article(actual)} {actual}, but {why}: "
        f"expected {_article(wanted)} {wanted}.",
        "wrong_type",
        name,
    )


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _compare_type(node: ast.Compare, checked: CheckedCondition) -> str:
    left = node.left
    for op, right in zip(node.ops, node.comparators, strict=True):
        if type(op) not in COMPARISONS:
            raise _error(node, "'is' is not allowed; use == or !=.", "not_allowed")
        if isinstance(op, ast.In | ast.NotIn):
            _check_membership(left, right, checked)
        else:
            _check_pair(left, op, right, checked)
        left = right
    return BOOLEAN


def _check_pair(left: ast.expr, op: ast.cmpop, right: ast.expr, checked: CheckedCondition) -> None:
    left_type = _type_of(left, checked)
    right_type = _type_of(right, checked)
    if type(op) in ORDERINGS:
        for side, kind in ((left, left_type), (right, right_type)):
            if kind != NUMBER:
                raise _wrong_type(side, NUMBER, kind, f"'{COMPARISONS[type(op)]}' compares numbers")
        return
    if left_type != right_type:
        raise _wrong_type(
            right, left_type, right_type, f"it is compared with '{ast.unparse(left)}'"
        )
    _check_text_values(left, [right])
    _check_text_values(right, [left])


def _check_membership(left: ast.expr, right: ast.expr, checked: CheckedCondition) -> None:
    if not isinstance(right, ast.List | ast.Tuple | ast.Set) or not right.elts:
        raise _error(
            right, '\'in\' takes a list of values, e.g. order.region in ["BR", "PT"].', "bad_list"
        )
    left_type = _type_of(left, checked)
    for element in right.elts:
        if not isinstance(element, ast.Constant) and not _is_negative_number(element):
            raise _error(element, 'A list holds plain values only (numbers or "text").', "bad_list")
        element_type = _type_of(element, checked)
        if element_type != left_type:
            raise _wrong_type(element, left_type, element_type, f"'{ast.unparse(left)}' is checked")
    _check_text_values(left, list(right.elts))


def _is_negative_number(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
    )


def _check_text_values(fact_node: ast.expr, others: list[ast.expr]) -> None:
    """A text fact with a closed set of values (request.type, ...) only equals one of them."""
    name = fact_name(fact_node)
    if name is None or name not in FACTS_BY_NAME or not FACTS_BY_NAME[name].values:
        return
    allowed = FACTS_BY_NAME[name].values
    for other in others:
        if (
            isinstance(other, ast.Constant)
            and isinstance(other.value, str)
            and other.value not in allowed
        ):
            raise _error(
                other,
                f"{name} is never '{other.value}'; it is one of: {', '.join(allowed)}.",
                "unknown_value",
                name,
            )


# --- code generation -------------------------------------------------------------------


class Emitter:
    """Writes checked conditions as Python source over the record `f`; lists become frozen
    sets bound once, as default arguments of the compiled function. A fact is read at its
    position in `layout` (the catalogue's order unless a caller reads fewer facts)."""

    def __init__(self, layout: Mapping[str, int] = FACT_INDEX) -> None:
        self.constants: dict[str, Any] = {}
        self.layout = layout  # fact name -> its position in the record

    def emit(self, node: ast.expr) -> str:  # noqa: PLR0911 - one per node kind
        if isinstance(node, ast.Attribute):
            return f"f[{self.layout[fact_name(node) or '']}]"
        if isinstance(node, ast.Name):
            return repr(BOOLEAN_NAMES[node.id])
        if isinstance(node, ast.Constant):
            return repr(node.value)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + joiner.join(self.emit(value) for value in node.values) + ")"
        if isinstance(node, ast.UnaryOp):
            sign = (
                "not "
                if isinstance(node.op, ast.Not)
                else "-"
                if isinstance(node.op, ast.USub)
                else "+"
            )
            return f"({sign}{self.emit(node.operand)})"
        if isinstance(node, ast.BinOp):
            left, right = self.emit(node.left), self.emit(node.right)
            if isinstance(node.op, ast.Div | ast.Mod):
                # Dividing by zero gives 0 rather than stopping the rule set mid-decision.
                return f"(({left}) {ARITHMETIC[type(node.op)]} _d if (_d := {right}) else 0)"
            return f"({left} {ARITHMETIC[type(node.op)]} {right})"
        raise AssertionError(f"unchecked node {ast.dump(node)}")  # check_condition ran first

    def _compare(self, node: ast.Compare) -> str:
        parts = [self.emit(node.left)]
        for op, right in zip(node.ops, node.comparators, strict=True):
            parts.append(COMPARISONS[type(op)])
            if isinstance(right, ast.List | ast.Tuple | ast.Set):
                parts.append(self._constant(frozenset(ast.literal_eval(right))))
            else:
                parts.append(self.emit(right))
        return "(" + " ".join(parts) + ")"

    def _constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

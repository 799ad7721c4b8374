"""Seller Center's only way to read or change anything: a capability from the catalogue.

A page hands over what the seller typed (the raw form or query strings); the capability's own
command schema validates it, exactly as it does for the API and the chatbot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.actors import Actor


@dataclass(frozen=True)
class Outcome:
    command: BaseModel
    result: Any


class SafeFormat(dict[str, Any]):
    """Leaves an unknown `{placeholder}` as written instead of failing the whole message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def submitted_values(raw: Mapping[str, object]) -> dict[str, object]:
    """An empty HTML input means "not given", as an omitted JSON field does in the API.
    (Lists, such as evidence links or order lines, are built by the page from several inputs.)"""
    return {
        name: value for name, value in raw.items() if not isinstance(value, str) or value.strip()
    }


def call_capability(
    uow_factory: UnitOfWorkFactory, actor: Actor, name: str, raw: Mapping[str, object]
) -> Outcome:
    """Parse `raw` into the capability's command and run it; raises DomainError on failure."""
    capability = get_capability(name)
    command = parse_command(capability, submitted_values(raw))
    return Outcome(command, run_capability(capability, uow_factory, actor, command))


def success_message(name: str, outcome: Outcome) -> str:
    """The catalogue's own `done` sentence, so the chatbot and Seller Center say the same."""
    arguments = SafeFormat(outcome.command.model_dump(mode="json"))
    order_number = getattr(outcome.result, "order_number", None) or getattr(
        outcome.result, "number", None
    )
    arguments["target"] = f"order {order_number}"
    return get_capability(name).done.format_map(arguments) or "Done."


def choices(name: str, field_name: str) -> list[str]:
    """The values a select may offer, read from the command schema (one list, no copies)."""
    schema = get_capability(name).command.model_json_schema()
    prop = schema["properties"][field_name]
    options = prop.get("anyOf", [prop])
    for option in options:
        reference = option.get("$ref")
        if reference:
            return [str(v) for v in schema["$defs"][reference.rsplit("/", 1)[-1]]["enum"]]
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return []

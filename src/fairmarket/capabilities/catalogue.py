"""What a capability is, how a command is parsed (one set of validation messages for every
channel), and how one runs in its own unit of work."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError, ErrorKind, FieldProblem

M = TypeVar("M", bound=BaseModel)


class Audience(StrEnum):
    SELLER = "seller"  # a seller tool: in the API, Seller Center and the chatbot (parity)
    BUYER = "buyer"
    INTEGRATOR = "integrator"  # machine-facing, with a seller key: the API only
    OPS = "ops"  # platform agents: the Ops Console


@dataclass(frozen=True)
class Capability:
    name: str
    summary: str
    command: type[BaseModel]
    result: type[BaseModel]
    scope: str
    handler: Callable[[UnitOfWork, Actor, Any], Any]
    http_method: str
    http_path: str
    writes: bool = False
    creates: bool = False  # makes a new resource: 201 Created in the API
    audience: Audience = Audience.SELLER
    many: bool = False  # the handler returns a list of `result`
    examples: tuple[str, ...] = ()  # published in OpenAPI and the docs
    # Chat intent as data. `area` groups capabilities in plain words ("what can you do");
    # `phrasings` are varied training sentences for the chatbot's intent classifier (kept apart
    # from `examples`, which the docs publish); `description` is what it does for a seller when
    # `summary` speaks the API's language.
    area: str = ""
    phrasings: tuple[str, ...] = ()
    description: str = ""
    confirm: str = ""  # how the chatbot asks before a change, formatted with the arguments
    done: str = ""  # how the chatbot reports success, formatted with the arguments
    # Why the chatbot does not offer this seller capability; parity accepts its absence only
    # with a reason (a secret must never appear in a chat transcript).
    not_in_chat: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    # Versioning (docs/API-VERSIONING.md): from `deprecated_on` the operation answers a
    # Deprecation header and is flagged deprecated in OpenAPI; on `sunset_on` it is removed.
    deprecated_on: date | None = None
    sunset_on: date | None = None

    def __post_init__(self) -> None:
        if self.sunset_on is not None and (
            self.deprecated_on is None or self.sunset_on <= self.deprecated_on
        ):
            raise ValueError(
                f"{self.name}: sunset_on needs a deprecated_on before it (the published notice)"
            )

    @property
    def plain_description(self) -> str:
        return self.description or self.summary

    @property
    def success_status(self) -> int:
        return 201 if self.creates else 200

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.http_path.split("/") if part.startswith("{")]


def parse_command(capability: Capability, raw: Mapping[str, Any]) -> BaseModel:
    """Validate raw input into the command schema, or raise one DomainError for every channel."""
    return parse_input(capability.command, raw)


def parse_input(schema: type[M], raw: Mapping[str, Any]) -> M:
    try:
        return schema.model_validate(dict(raw))
    except ValidationError as error:
        raise validation_failed(error) from None


def validation_failed(error: ValidationError) -> DomainError:
    return validation_failed_from_errors(error.errors())


def validation_failed_from_errors(errors: Sequence[Mapping[str, Any]]) -> DomainError:
    problems = [
        FieldProblem(
            field=".".join(str(part) for part in item["loc"]) or "body",
            message=_message(item),
            code=item["type"],
        )
        for item in errors
    ]
    summary = "; ".join(f"{p.field}: {p.message}" for p in problems)
    return DomainError(
        code="validation_failed",
        message=f"Some inputs are not valid. {summary}.",
        kind=ErrorKind.INVALID,
        field_problems=problems,
    )


def _message(item: Mapping[str, Any]) -> str:
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if item["type"] == "enum":
        expected = item.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    if item["type"] == "extra_forbidden":
        return "is not an input of this action; remove it"
    if item["type"] == "missing":
        return "is required"
    return message


def run_capability(
    capability: Capability, uow_factory: UnitOfWorkFactory, actor: Actor, command: BaseModel
) -> Any:
    """One capability call is one unit of work: commit on success, roll back on any error."""
    with uow_factory(read_only=not capability.writes) as uow:
        return capability.handler(uow, actor, command)

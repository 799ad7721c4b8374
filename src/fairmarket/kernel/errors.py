"""Domain errors: a stable code, a kind that each channel maps once, and an actionable message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    FORBIDDEN = "forbidden"
    UNAUTHENTICATED = "unauthenticated"
    INVALID = "invalid"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    code: str


@dataclass
class DomainError(Exception):
    """Raised by services; each channel renders it (problem+json, page, chat reply, exit code)."""

    code: str
    message: str
    kind: ErrorKind = ErrorKind.INVALID
    field_problems: list[FieldProblem] = field(default_factory=list)
    current_state: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def not_found(code: str, message: str) -> DomainError:
    return DomainError(code=code, message=message, kind=ErrorKind.NOT_FOUND)


def conflict(code: str, message: str, current_state: dict[str, Any] | None = None) -> DomainError:
    return DomainError(
        code=code, message=message, kind=ErrorKind.CONFLICT, current_state=current_state
    )


def forbidden(code: str, message: str) -> DomainError:
    return DomainError(code=code, message=message, kind=ErrorKind.FORBIDDEN)


def invalid(code: str, message: str, field_name: str | None = None) -> DomainError:
    problems = [FieldProblem(field_name, message, code)] if field_name else []
    return DomainError(code=code, message=message, kind=ErrorKind.INVALID, field_problems=problems)

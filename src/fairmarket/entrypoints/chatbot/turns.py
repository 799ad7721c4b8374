"""The conversation contract shared by `POST /v1/chat`, the Seller Center panel and the CLI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from fairmarket.kernel.errors import DomainError

CONFIRMATION = "confirmation"


class ChatState(BaseModel):
    """What the bot remembers between turns; the client sends it back with the next message.

    `confirmation_id` is a one-time value minted when the bot asks "yes or no?". A "yes" consumes
    it server-side, so replaying an old state with "yes" cannot run the change a second time.
    """

    pending_capability: str | None = None
    arguments: dict[str, Any] = Field(default_factory=dict)
    awaiting: str | None = None  # "confirmation" or the name of a missing argument
    confirmation_id: str | None = None
    prompt: str | None = None  # the confirmation question, to ask again word for word


class FieldProblemRead(BaseModel):
    field: str
    message: str
    code: str


class ChatTurn(BaseModel):
    reply: str
    state: ChatState
    capability: str | None = None
    status: str = "answered"  # answered | needs_input | needs_confirmation | done | error | unknown
    data: Any = None
    error_code: str | None = None
    error_kind: str | None = (
        None  # not_found, conflict, forbidden, invalid...: each channel maps it
    )
    errors: list[FieldProblemRead] = Field(default_factory=list)


def error_turn(error: DomainError, state: ChatState, capability: str | None = None) -> ChatTurn:
    """The error's own message, word for word what the API puts in problem+json `detail`."""
    return ChatTurn(
        reply=error.message,
        state=state,
        capability=capability,
        status="error",
        error_code=error.code,
        error_kind=error.kind.value,
        errors=[
            FieldProblemRead(field=p.field, message=p.message, code=p.code)
            for p in error.field_problems
        ],
    )

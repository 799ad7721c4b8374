"""The chatbot's conversation contract, shared by `POST /v1/chat`, the Seller Center panel and
`fairmarket chat`. (Stub: the chatbot lands in its own change.)"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.actors import Actor


class ChatState(BaseModel):
    """What the bot remembers between turns (a pending confirmation, arguments asked for)."""

    pending_capability: str | None = None
    arguments: dict[str, Any] = Field(default_factory=dict)
    awaiting: str | None = None  # "confirmation" or the name of a missing argument


class ChatTurn(BaseModel):
    reply: str
    state: ChatState
    capability: str | None = None
    status: str = "answered"  # answered | needs_input | needs_confirmation | done | error | unknown
    data: Any = None
    error_code: str | None = None


def converse(
    uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, message: str
) -> ChatTurn:
    """One chat turn: interpret, ask for what is missing, confirm before a change, run, answer."""
    return ChatTurn(reply="The chatbot is not available yet.", state=state, status="unknown")

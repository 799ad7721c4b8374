"""`POST /v1/chat`: one chat turn for a seller API key, audited as the chatbot channel.

A turn that ends in an error is answered as problem+json (the API never sends a 200 with an error
inside) whose `detail` is the bot's reply; `current_state.chat_turn` carries the turn, so that a
client can keep the conversation going (for example, re-asking for an input that was invalid).
"""

from __future__ import annotations

import dataclasses

from fastapi import FastAPI, Request
from pydantic import Field

from fairmarket.bootstrap import Container
from fairmarket.capabilities.catalogue import Audience
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator, authenticate
from fairmarket.entrypoints.api.routes import PROBLEM_RESPONSES
from fairmarket.entrypoints.chatbot.dialog import ChatState, ChatTurn, converse
from fairmarket.entrypoints.chatbot.interpreter import warm_up
from fairmarket.kernel.actors import Channel
from fairmarket.kernel.commands import Command
from fairmarket.kernel.errors import DomainError, ErrorKind, FieldProblem


class ChatRequest(Command):
    message: str = Field(description="What the seller typed (at most 2000 characters).")
    state: ChatState | None = Field(None, description="The `state` of the previous turn.")


def mount_chat(app: FastAPI, container: Container, authenticator: ApiKeyAuthenticator) -> None:
    """Add `POST /v1/chat` to `app`, loading the intent model now rather than on a request."""
    warm_up(container.settings.chatbot_cache_dir)

    def chat(request: Request, body: ChatRequest) -> ChatTurn:
        actor = authenticate(request, authenticator, Audience.SELLER)
        actor = dataclasses.replace(actor, channel=Channel.CHATBOT)
        turn = converse(container.uow_factory, actor, body.state or ChatState(), body.message)
        if turn.status == "error":
            raise as_domain_error(turn)
        return turn

    app.add_api_route(
        "/v1/chat",
        chat,
        methods=["POST"],
        response_model=ChatTurn,
        name="chat",
        operation_id="chat",
        summary="Talk to the Seller Chatbot: one message in, one turn out.",
        description="Send the `state` of the previous turn back with the next message. A change "
        'runs only after the bot asked for confirmation and you answered "yes"; replaying that '
        "turn returns the first answer and does not run the change again. No Idempotency-Key "
        "is needed. Required scopes: those of the capability the message asks for.",
        tags=["Chat"],
        responses=PROBLEM_RESPONSES,
    )


def as_domain_error(turn: ChatTurn) -> DomainError:
    return DomainError(
        code=turn.error_code or "chat_error",
        message=turn.reply,
        kind=ErrorKind(turn.error_kind or ErrorKind.INVALID),
        field_problems=[FieldProblem(p.field, p.message, p.code) for p in turn.errors],
        current_state={"chat_turn": turn.model_dump(mode="json")},
    )

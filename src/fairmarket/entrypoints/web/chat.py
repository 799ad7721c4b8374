"""The chat panel: the Seller Chatbot inside Seller Center. Works as a plain form; chat.js
upgrades it to answer in place without reloading."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fairmarket.entrypoints.chatbot.dialog import ChatTurn, converse
from fairmarket.entrypoints.web.chat_session import (
    forget_conversation,
    load_state,
    remember_turn,
    save_state,
    transcript,
)
from fairmarket.entrypoints.web.dependencies import ChatActor, CheckedForm
from fairmarket.entrypoints.web.errors import PageError
from fairmarket.entrypoints.web.rendering import SECURITY_HEADERS, container_of, redirect, render
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)

MAX_MESSAGE_CHARACTERS = 2000
EMPTY_MESSAGE = "Type a message for the assistant, e.g. 'show pending returns'."
LONG_MESSAGE = f"Keep a message under {MAX_MESSAGE_CHARACTERS} characters."


@router.get("/chat", name="seller_chat")
def chat_page(request: Request, actor: ChatActor) -> Response:
    return render(request, "chat.html", {"transcript": transcript(request)})


@router.post("/chat", name="seller_chat_send")
async def send_message(request: Request, actor: ChatActor, form: CheckedForm) -> Response:
    message = form.get("message", "").strip()
    problem = _message_problem(message)
    wants_json = "application/json" in request.headers.get("accept", "")
    if problem is not None:
        if wants_json:
            return JSONResponse({"error": problem.message}, status_code=problem.status)
        context = {"transcript": transcript(request), "values": {"message": message}}
        return render(request, "chat.html", context, error=problem)
    turn = await run_in_threadpool(_turn, request, actor, message)
    save_state(request, turn.state)
    remember_turn(request, message, turn.reply)
    if wants_json:
        body = {"reply": turn.reply, "status": turn.status}
        return JSONResponse(body, headers=SECURITY_HEADERS)
    return redirect(request, "seller_chat")


@router.post("/chat/reset", name="seller_chat_reset")
def reset_chat(request: Request, actor: ChatActor, form: CheckedForm) -> Response:
    forget_conversation(request)
    return redirect(request, "seller_chat")


def _turn(request: Request, actor: Actor, message: str) -> ChatTurn:
    state = load_state(request)
    try:
        return converse(container_of(request).uow_factory, actor, state, message)
    except DomainError as error:
        # The chatbot answers its own errors; this is the safety net if one escapes it.
        return ChatTurn(reply=error.message, state=state, status="error", error_code=error.code)


def _message_problem(message: str) -> PageError | None:
    if not message:
        text = EMPTY_MESSAGE
    elif len(message) > MAX_MESSAGE_CHARACTERS:
        text = LONG_MESSAGE
    else:
        return None
    return PageError(
        status=422, code="validation_failed", message=text, form="chat", fields={"message": text}
    )

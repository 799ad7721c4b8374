"""One chat turn: interpret, ask for what is missing, confirm before a change, run, answer.

Every change goes through the one write path (`parse_command` then `run_capability`), only after
an explicit "yes", and at most once per confirmation (see `confirmations`).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import ValidationError

from fairmarket.capabilities.catalogue import Capability, parse_command, run_capability
from fairmarket.capabilities.registry import BY_NAME, chat_capabilities
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.schemas import AfterSaleRead
from fairmarket.entrypoints.chatbot import after_sale_replies, replies
from fairmarket.entrypoints.chatbot.answers import answer_to
from fairmarket.entrypoints.chatbot.arguments import REFERENCE_BY_ORDER, command_arguments
from fairmarket.entrypoints.chatbot.confirmations import run_once
from fairmarket.entrypoints.chatbot.followups import (
    NEXT_PAGE,
    asks_what_the_bot_can_do,
    is_next_page,
    names_one_order_without_number,
    next_page_state,
    no_list_to_continue,
    which_order,
)
from fairmarket.entrypoints.chatbot.interpreter import (
    MAX_MESSAGE_LENGTH,
    extract_arguments,
    interpret,
)
from fairmarket.entrypoints.chatbot.labels import plain
from fairmarket.entrypoints.chatbot.lexicon import NO, UNSUPPORTED, YES
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.references import (
    names_a_request,
    order_meant,
    resolve,
    settle_share,
)
from fairmarket.entrypoints.chatbot.turns import CONFIRMATION, ChatState, ChatTurn, error_turn
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError, invalid

CHAT_CAPABILITIES = frozenset(c.name for c in chat_capabilities())
GREETING = re.compile(r"^(?:hi|hello|hey|good (?:morning|afternoon|evening)|yo)\b")
THANKS = re.compile(r"^(?:thanks|thank you|thx|cheers|great|perfect)\b")
NOTHING_CHANGED = "OK, I did not do it; nothing was changed."
SWITCH_CONFIDENCE = 0.6  # a new request in the middle of a question must be this clear
CHOICE = "choice"  # awaiting the answer to a clarifying question between two readings
CHOICE_WORDS = (
    re.compile(r"^(?:1|one|first|the first|the first one|a)\b"),
    re.compile(r"^(?:2|two|second|the second|the second one|b)\b"),
)
ASKABLE = frozenset({"reason", "note", "amount_minor", "carrier", "tracking_number"})

__all__ = ["ChatState", "ChatTurn", "converse"]


def converse(
    uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, message: str
) -> ChatTurn:
    """One chat turn: interpret, ask for what is missing, confirm before a change, run, answer.
    The reply is in plain words: no code from the domain reaches the seller (`labels`)."""
    turn = take_turn(uow_factory, actor, state, message)
    return turn.model_copy(update={"reply": plain(turn.reply)})


def take_turn(
    uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, message: str
) -> ChatTurn:
    problem = message_problem(message)
    if problem is not None:
        return error_turn(problem, state)
    text = message.strip()
    if state.awaiting == CHOICE:
        return answer_choice(uow_factory, actor, state, text)
    capability = BY_NAME.get(state.pending_capability or "")
    if state.awaiting == NEXT_PAGE and capability is not None:
        return continue_list(uow_factory, actor, capability, state, text)
    if capability is None or capability.name not in CHAT_CAPABILITIES or not state.awaiting:
        return new_request(uow_factory, actor, text)
    if state.awaiting == CONFIRMATION:
        return answer_confirmation(uow_factory, actor, capability, state, text)
    return answer_question(uow_factory, actor, capability, state, text)


def continue_list(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    state: ChatState,
    text: str,
) -> ChatTurn:
    """ "next page" after a list shows the next one; anything else is a new request."""
    if capability.name in CHAT_CAPABILITIES and is_next_page(normalize(text).text):
        return run_read(uow_factory, actor, capability, state.arguments)
    return new_request(uow_factory, actor, text)


def message_problem(message: str) -> DomainError | None:
    if not message.strip():
        return invalid(
            "empty_message",
            'Type what you want to do, e.g. "show pending returns".',
            "message",
        )
    if len(message) > MAX_MESSAGE_LENGTH:
        return invalid(
            "message_too_long",
            f"That message has {len(message)} characters; keep it under {MAX_MESSAGE_LENGTH}. "
            "Nothing was changed.",
            "message",
        )
    return None


def new_request(uow_factory: UnitOfWorkFactory, actor: Actor, text: str) -> ChatTurn:
    interpretation = interpret(text)
    if interpretation.declined is not None:
        return declined(BY_NAME[interpretation.declined])
    if interpretation.capability is None:
        return follow_up(text) or unknown(text)
    if {"orders.get", "orders.list"} & {interpretation.capability, *interpretation.alternatives}:
        # "my order" without its number: ask which, whatever else it might have meant
        asked = follow_up(text)
        if asked is not None:
            return asked
    if len(interpretation.alternatives) == 2:
        return clarify(interpretation.alternatives, text)
    capability = BY_NAME[interpretation.capability]
    arguments = interpretation.arguments
    if interpretation.request_by_position:
        arguments = order_meant(uow_factory, actor, arguments)
    return advance(uow_factory, actor, capability, arguments)


def follow_up(text: str) -> ChatTurn | None:
    """ "next page" with no list before it; "my order" without its number: ask which."""
    words = normalize(text).text
    if is_next_page(words):
        return no_list_to_continue()
    if asks_what_the_bot_can_do(words):
        return ChatTurn(reply=replies.help_text(), state=ChatState(), status="answered")
    if names_one_order_without_number(words) and not UNSUPPORTED.search(words):
        return which_order("orders.get")
    return None


def declined(capability: Capability) -> ChatTurn:
    """A negated instruction: say plainly that nothing happens, and how to ask otherwise."""
    return ChatTurn(
        reply=f"OK, I won't {plain_words(capability)}. Nothing was changed. "
        'Tell me what to do instead, or ask "what can you do?".',
        state=ChatState(),
        capability=None,
        status="answered",
    )


def clarify(alternatives: tuple[str, ...], text: str) -> ChatTurn:
    """Unsure between two readings: offer both in plain words instead of guessing."""
    choices = [
        {"capability": name, "arguments": extract_arguments(name, text)} for name in alternatives
    ]
    first, second = (plain_words(BY_NAME[name]) for name in alternatives)
    return ChatTurn(
        reply=f"Do you want me to 1) {first}, or 2) {second}? Answer 1 or 2.",
        state=ChatState(arguments={"choices": choices}, awaiting=CHOICE),
        status="needs_input",
    )


def plain_words(capability: Capability) -> str:
    """The capability's summary as a phrase: "approve a request", not "after_sales.approve"."""
    phrase = re.split(r"[:;(]", capability.summary)[0].rstrip(". ")
    return phrase[:1].lower() + phrase[1:]


def answer_choice(
    uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, text: str
) -> ChatTurn:
    choices = state.arguments.get("choices") or []
    words = normalize(text).text
    if NO.match(words):
        return ChatTurn(reply=NOTHING_CHANGED, state=ChatState())
    picked = next((i for i, pattern in enumerate(CHOICE_WORDS) if pattern.match(words)), None)
    if picked is None or picked >= len(choices):
        return new_request(uow_factory, actor, text)
    choice = choices[picked]
    capability = BY_NAME.get(str(choice.get("capability")))
    if capability is None or capability.name not in CHAT_CAPABILITIES:
        return unknown(text)
    return advance(uow_factory, actor, capability, dict(choice.get("arguments") or {}))


def unknown(text: str) -> ChatTurn:
    words = normalize(text).text
    if GREETING.match(words):
        opening = "Hello!"
    elif THANKS.match(words):
        opening = "You're welcome!"
    else:
        opening = "Sorry, I can't do that from the chat."
    return ChatTurn(reply=f"{opening} {replies.help_text()}", state=ChatState(), status="unknown")


def answer_confirmation(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    state: ChatState,
    text: str,
) -> ChatTurn:
    words = normalize(text).text
    if YES.match(words) and state.confirmation_id:
        return run_once(
            uow_factory, actor, state, lambda: run_change(uow_factory, actor, capability, state)
        )
    if NO.match(words):
        return ChatTurn(reply=NOTHING_CHANGED, state=ChatState(), capability=capability.name)
    if YES.match(words):  # a state without a confirmation id was never confirmed by the bot
        return advance(uow_factory, actor, capability, state.arguments)
    switched = switch_to_new_request(uow_factory, actor, text)
    if switched is not None:
        return switched
    return ChatTurn(
        reply="Please answer yes or no. "
        + (state.prompt or replies.confirmation(capability, state.arguments)),
        state=state,
        capability=capability.name,
        status="needs_confirmation",
    )


def answer_question(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    state: ChatState,
    text: str,
) -> ChatTurn:
    if NO.match(normalize(text).text):
        return ChatTurn(reply=NOTHING_CHANGED, state=ChatState(), capability=capability.name)
    field = state.awaiting or ""
    answer = answer_to(capability, field, text)
    if answer:
        return advance(uow_factory, actor, capability, {**state.arguments, **answer})
    switched = switch_to_new_request(uow_factory, actor, text)
    if switched is not None:
        return switched
    return ChatTurn(
        reply="Sorry, I didn't get that. " + replies.question_for(capability, field),
        state=state,
        capability=capability.name,
        status="needs_input",
    )


def switch_to_new_request(
    uow_factory: UnitOfWorkFactory, actor: Actor, text: str
) -> ChatTurn | None:
    interpretation = interpret(text)
    if interpretation.capability is None or interpretation.confidence < SWITCH_CONFIDENCE:
        return None
    return new_request(uow_factory, actor, text)


def advance(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    arguments: dict[str, Any],
) -> ChatTurn:
    """Find the request, ask for the next missing input; then confirm a change, or run a read."""
    if names_a_request(capability) and "request_id" not in arguments:
        if REFERENCE_BY_ORDER not in arguments:
            return ask(capability, arguments, "reference")
        return advance_by_order(uow_factory, actor, capability, arguments)
    arguments = settle_share(uow_factory, actor, arguments)
    missing = next_missing(capability, arguments)
    if missing is not None:
        field, problem = missing
        return ask(capability, arguments, field, problem)
    if not capability.writes:
        return run_read(uow_factory, actor, capability, arguments)
    try:
        parse_command(capability, command_arguments(capability, arguments))
        preview = dry_run(uow_factory, actor, capability, arguments)
    except DomainError as error:
        return refused_before_confirmation(capability, arguments, error)
    if preview is not None:  # a decision on the request as it is now, and no other
        arguments = {**arguments, "expected_version": preview.version}
    prompt = replies.confirmation(capability, arguments, preview)
    return ChatTurn(
        reply=prompt,
        state=ChatState(
            pending_capability=capability.name,
            arguments=arguments,
            awaiting=CONFIRMATION,
            confirmation_id=uuid.uuid4().hex,
            prompt=prompt,
        ),
        capability=capability.name,
        status="needs_confirmation",
    )


def ask(
    capability: Capability, arguments: dict[str, Any], field: str, problem: str | None = None
) -> ChatTurn:
    return ChatTurn(
        reply=replies.question_for(capability, field, problem),
        state=ChatState(pending_capability=capability.name, arguments=arguments, awaiting=field),
        capability=capability.name,
        status="needs_input",
    )


def advance_by_order(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    arguments: dict[str, Any],
) -> ChatTurn:
    try:
        resolution = resolve(uow_factory, actor, capability, arguments)
    except DomainError as error:
        return error_turn(error, ChatState(), capability.name)
    if resolution.arguments is not None:
        return advance(uow_factory, actor, capability, resolution.arguments)
    order_number = resolution.candidates[0].order_number
    rest = {name: value for name, value in arguments.items() if name != REFERENCE_BY_ORDER}
    return ChatTurn(
        reply=after_sale_replies.candidates_question(order_number, resolution.candidates),
        state=ChatState(pending_capability=capability.name, arguments=rest, awaiting="request_id"),
        capability=capability.name,
        status="needs_input",
        data=replies.as_data(resolution.candidates),
    )


def dry_run(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    arguments: dict[str, Any],
) -> AfterSaleRead | None:
    """Run the action with dry_run=true: every check, the refund it would move, no change."""
    if "dry_run" not in capability.command.model_fields:
        return None
    command = parse_command(
        capability, {**command_arguments(capability, arguments), "dry_run": True}
    )
    result = run_capability(capability, uow_factory, actor, command)
    return result if isinstance(result, AfterSaleRead) else None


def refused_before_confirmation(
    capability: Capability, arguments: dict[str, Any], error: DomainError
) -> ChatTurn:
    """An input the seller has not given yet (a note a rejection needs) is asked for, in the
    action's own words; anything else is the error itself."""
    fields = [p.field for p in error.field_problems if p.field in ASKABLE]
    if fields and fields[0] not in arguments and fields[0] in capability.command.model_fields:
        return ask(capability, arguments, fields[0], error.message)
    return invalid_input(capability, arguments, error)


def next_missing(capability: Capability, arguments: dict[str, Any]) -> tuple[str, str] | None:
    """The first input not given yet, with the schema's own words about it."""
    fields = capability.command.model_fields
    try:
        capability.command.model_validate(command_arguments(capability, arguments))
    except ValidationError as error:
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else "reference"
            if field not in arguments and field in fields:
                return field, str(item["msg"]).removeprefix("Value error, ")
    return None


def invalid_input(
    capability: Capability, arguments: dict[str, Any], error: DomainError
) -> ChatTurn:
    """Say what is wrong (the API's words) and ask again for the first wrong input."""
    wrong = [p.field for p in error.field_problems if p.field in capability.command.model_fields]
    kept = {name: value for name, value in arguments.items() if name not in wrong}
    state = (
        ChatState(pending_capability=capability.name, arguments=kept, awaiting=wrong[0])
        if wrong
        else ChatState()
    )
    return error_turn(error, state, capability.name)


def run_read(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    arguments: dict[str, Any],
) -> ChatTurn:
    if "limit" in capability.command.model_fields:
        # one page is what the reply lists; "next page" reads the following one
        arguments = {"limit": replies.MAX_LISTED, **arguments}
    try:
        command = parse_command(capability, command_arguments(capability, arguments))
        result = run_capability(capability, uow_factory, actor, command)
    except DomainError as error:
        return error_turn(error, ChatState(), capability.name)
    return ChatTurn(
        reply=replies.summary(result, uow_factory.clock.now()),
        state=next_page_state(capability, arguments, result),
        capability=capability.name,
        data=replies.as_data(result),
    )


def run_change(
    uow_factory: UnitOfWorkFactory, actor: Actor, capability: Capability, state: ChatState
) -> ChatTurn:
    try:
        command = parse_command(capability, command_arguments(capability, state.arguments))
        result = run_capability(capability, uow_factory, actor, command)
    except DomainError as error:
        return error_turn(error, ChatState(), capability.name)
    currency = result.currency if isinstance(result, AfterSaleRead) else None
    done = replies.fill(capability.done, state.arguments, currency)
    return ChatTurn(
        reply=f"{done} {replies.outcome(result)}".strip(),
        state=ChatState(),
        capability=capability.name,
        status="done",
        data=replies.as_data(result),
    )

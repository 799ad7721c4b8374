"""Turns that only make sense after another one, or that ask back: "next page", "my order".

After a list with more pages, the state remembers the list and its cursor, so "next page" (or
"more", "show more") reads the following page with the same filters. "my order" without a
number asks which order, as a question the next message answers.
"""

from __future__ import annotations

import re
from typing import Any

from fairmarket.capabilities.catalogue import Capability
from fairmarket.entrypoints.chatbot.turns import ChatState, ChatTurn

NEXT_PAGE = "next_page"  # what the state awaits after a list with more pages
NEXT_PAGE_WORDS = re.compile(
    r"^(?:(?:please|ok|okay|and)\s+)?(?:(?:show|give me|get|see)\s+)?(?:the\s+)?"
    r"(?:next(?: page| ones| one| \d+)?|more|show more|load more|continue|keep going|page 2)"
    r"(?:\s+please)?$"
)
ONE_ORDER_WITHOUT_NUMBER = re.compile(
    r"\b(?:my|the|this|that|an|a|one) (?:order|purchase)\b(?!s)(?!.*\d)"
)
WHAT_CAN_YOU_DO = re.compile(
    r"^(?:so |and |ok |hi |hello )?(?:what (?:can|do|else can) you (?:do|help with|help me with)"
    r"|what are you able to do|how can you help(?: me)?|what can i ask(?: you)?|help|menu"
    r"|what (?:are|is) your (?:options|features|capabilities))(?: for me)?(?: please)?$"
)
WHICH_ORDER = "Which order? Give me its number, e.g. 1042."
NO_LIST = 'There is no list to continue. Ask for one, e.g. "show pending returns".'


def asks_what_the_bot_can_do(words: str) -> bool:
    return bool(WHAT_CAN_YOU_DO.match(words))


def is_next_page(words: str) -> bool:
    return bool(NEXT_PAGE_WORDS.match(words))


def names_one_order_without_number(words: str) -> bool:
    return bool(ONE_ORDER_WITHOUT_NUMBER.search(words))


def next_page_state(capability: Capability, arguments: dict[str, Any], result: Any) -> ChatState:
    """After a list: the state that lets "next page" continue it (empty when it is complete)."""
    cursor = getattr(result, "next_cursor", None)
    if not cursor or "cursor" not in capability.command.model_fields:
        return ChatState()
    return ChatState(
        pending_capability=capability.name,
        arguments={**arguments, "cursor": cursor},
        awaiting=NEXT_PAGE,
    )


def which_order(capability_name: str) -> ChatTurn:
    return ChatTurn(
        reply=WHICH_ORDER,
        state=ChatState(pending_capability=capability_name, awaiting="order_number"),
        capability=capability_name,
        status="needs_input",
    )


def no_list_to_continue() -> ChatTurn:
    return ChatTurn(reply=NO_LIST, state=ChatState(), status="unknown")

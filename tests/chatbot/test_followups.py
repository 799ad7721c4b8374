"""Follow-up turns: "next page" after a list, "my order" without its number."""

from __future__ import annotations

import re

import pytest

from fairmarket.bootstrap import Container
from fairmarket.capabilities.registry import chat_capabilities
from fairmarket.entrypoints.chatbot.dialog import ChatState, converse
from fairmarket.entrypoints.chatbot.followups import NEXT_PAGE, NO_LIST, WHICH_ORDER
from fairmarket.entrypoints.chatbot.replies import area_of
from tests.entrypoints.test_chat import World

LISTED_ID = re.compile(r"^• request (\d+),", re.MULTILINE)


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


def test_next_page_continues_the_list_with_the_same_filters(world: World) -> None:
    returns = {world.open_return() for _ in range(12)}

    first = world.say("show pending returns")
    second = converse(world.factory, world.actor, first.state, "next page")

    first_ids = {int(i) for i in LISTED_ID.findall(first.reply)}
    second_ids = {int(i) for i in LISTED_ID.findall(second.reply)}
    assert first.reply.startswith(
        '10 after-sale request(s), newest first (there are more: say "next'
    )
    assert first.state.awaiting == NEXT_PAGE
    assert first.state.arguments["type"] == "return"
    assert len(first_ids) == 10
    assert second.reply.startswith("2 after-sale request(s), newest first:")
    assert first_ids | second_ids == returns  # the cancellation of the world is not a return
    assert not first_ids & second_ids
    assert second.state == ChatState()


def test_another_message_after_a_list_is_a_new_request(world: World) -> None:
    for _ in range(11):
        world.open_return()
    first = world.say("show pending returns")

    order = converse(world.factory, world.actor, first.state, f"show order {world.order}")

    assert order.capability == "orders.get"
    assert order.reply.startswith(f"Order {world.order} is waiting to be shipped.")


def test_next_page_without_a_list_says_so(world: World) -> None:
    turn = world.say("next page")

    assert (turn.reply, turn.state) == (NO_LIST, ChatState())


@pytest.mark.parametrize(
    "message", ["what's the status of my order?", "show the order", "my order"]
)
def test_my_order_without_a_number_asks_which_then_answers(world: World, message: str) -> None:
    asked = world.say(message)
    answered = converse(world.factory, world.actor, asked.state, str(world.order))

    assert (asked.reply, asked.status, asked.state.awaiting) == (
        WHICH_ORDER,
        "needs_input",
        "order_number",
    )
    assert answered.capability == "orders.get"
    assert answered.reply.startswith(f"Order {world.order} is waiting to be shipped.")


def test_an_out_of_scope_message_about_an_order_is_not_asked_back(world: World) -> None:
    turn = world.say("change my order address")

    assert turn.status == "unknown"


@pytest.mark.parametrize("message", ["what can you do?", "How can you help me", "help"])
def test_what_can_you_do_lists_every_capability_under_its_area(world: World, message: str) -> None:
    turn = world.say(message)

    lines = turn.reply.splitlines()
    headings = [line for line in lines[1:] if not line.startswith("•")]
    assert turn.status == "answered"
    areas = list(dict.fromkeys(area_of(c) for c in chat_capabilities()))
    assert headings == [f"{area}:" for area in areas]
    for capability in chat_capabilities():
        heading = lines.index(f"{area_of(capability)}:")
        line = next(i for i, text in enumerate(lines) if capability.summary in text)
        following = [i for i, text in enumerate(lines) if i > heading and not text.startswith("•")]
        assert heading < line < (following[0] if following else len(lines)), capability.name

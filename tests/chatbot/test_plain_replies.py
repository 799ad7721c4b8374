"""No reply shows a code from the domain: statuses, reasons and actions are in plain words."""

from __future__ import annotations

import pytest

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.chatbot.dialog import ChatState, converse
from fairmarket.entrypoints.chatbot.labels import has_code, plain
from tests.entrypoints.test_chat import World

CODES_SEEN_BEFORE = ("partial_offered", "already_shipped", "offer_partial_refund", "issue_refund")


def test_plain_words_replace_codes_but_not_quotes_or_links() -> None:
    text = (
        "Request 4 is partial_offered; you can: offer_partial_refund. "
        'Note: "keep my_code as typed" https://x.example/a_b.jpg'
    )
    assert plain(text) == (
        "Request 4 is partial refund offered, waiting for the buyer; you can: offer a partial "
        'refund. Note: "keep my_code as typed" https://x.example/a_b.jpg'
    )
    assert has_code(text)
    assert not has_code(plain(text))


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


def test_no_reply_in_a_walk_through_every_capability_shows_a_code(world: World) -> None:
    return_id = world.open_return()
    order = world.order
    conversations = [
        ["show pending returns"],
        ["show all after-sale requests"],
        [f"show request {return_id}"],
        [f"show request {world.request_id}"],
        [f"show order {order}"],
        [f"timeline for {order}"],
        ["show my orders"],
        ["list orders awaiting shipment"],
        [f"reject the cancellation for order {order}"],
        [f"reject request {world.request_id}, it already shipped"],
        [f"reject request {world.request_id}, custom made"],
        [f"offer 5 dollars on request {return_id}", "yes", f"show request {return_id}"],
        [f"refund request {return_id} now"],
        [f"intercept the parcel for request {return_id}"],
        [f"cancel order {order}"],
        [f"why was request {return_id} approved"],
        ["what can you do"],
        ["book a flight"],
    ]
    for messages in conversations:
        state = ChatState()
        for message in messages:
            turn = converse(world.factory, world.actor, state, message)
            state = turn.state
            assert not has_code(turn.reply), (message, turn.reply)
            assert not any(code in turn.reply for code in CODES_SEEN_BEFORE), turn.reply

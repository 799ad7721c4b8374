"""Negated instructions never become the positive change; other negations leave it alone."""

from __future__ import annotations

import pytest

from fairmarket.capabilities.registry import BY_NAME
from fairmarket.entrypoints.chatbot.interpreter import interpret
from fairmarket.entrypoints.chatbot.scope import opens_by_declining, refuses


@pytest.mark.parametrize(
    ("message", "capability"),
    [
        ("don't approve request 12", "after_sales.approve"),
        ("never refund #5", "after_sales.issue_refund"),
        ("we will not refund request 92", "after_sales.issue_refund"),
        ("we're not approving request 210", "after_sales.approve"),
        ("i won't accept the return on request 145", "after_sales.approve"),
        ("hold off, don't ship 9182 yet", "orders.ship"),
        ("do not let them cancel 12", "orders.cancel"),
        ("no to the refund on request 88", "after_sales.issue_refund"),
        ("don't reject request 210", "after_sales.reject"),
    ],
)
def test_a_negated_change_is_refused(message: str, capability: str) -> None:
    assert refuses(message, BY_NAME[capability])


@pytest.mark.parametrize(
    ("message", "capability"),
    [
        ("cancel 6107, we don't ship to that region", "orders.cancel"),
        ("I can't ship order 58213 to that address, cancel it", "orders.cancel"),
        ("refund request 88 now, no need to wait for the item", "after_sales.issue_refund"),
        ("no to request 31, it's already with the courier", "after_sales.reject"),
        ("which orders are not shipped yet", "orders.list"),
    ],
)
def test_a_negation_about_something_else_leaves_the_change_alone(
    message: str, capability: str
) -> None:
    assert not refuses(message, BY_NAME[capability])


@pytest.mark.parametrize(
    "message", ["don't approve request 88", "never refund #5", "do not cancel order 9182"]
)
def test_interpreting_a_negated_change_chooses_nothing_and_says_what_was_declined(
    message: str,
) -> None:
    result = interpret(message)

    assert result.capability is None
    assert result.declined is not None
    assert BY_NAME[result.declined].writes


@pytest.mark.parametrize(
    "message",
    [
        "how long does it take to get a refund",
        "will the shop cancel an order if the price was wrong",
        "what happens when i cancel an order",
    ],
)
def test_a_general_question_never_chooses_a_change(message: str) -> None:
    assert interpret(message).capability is None


@pytest.mark.parametrize(
    ("message", "capability"),
    [
        ("can you cancel order 4120, out of stock", "orders.cancel"),
        ("why was request 88 rejected?", "after_sales.explain"),
    ],
)
def test_a_question_with_an_id_or_a_polite_request_still_acts(
    message: str, capability: str
) -> None:
    assert interpret(message).capability == capability


@pytest.mark.parametrize(
    ("message", "declined"),
    [
        # a negated instruction read as a lookup
        ("please don't send order 5120 out", "orders.ship"),
        ("please don't let ticket 44 go through", "after_sales.approve"),
        # read as the refusal itself, with no grounds given
        ("never let the buyer send order 6620 back", "after_sales.approve"),
        # read as another change that the message never names
        ("i won't be shipping order 6650 today", "orders.ship"),
    ],
)
def test_a_negated_instruction_read_as_something_else_declines_and_chooses_nothing(
    message: str, declined: str
) -> None:
    result = interpret(message)

    assert result.capability is None
    assert result.declined == declined


@pytest.mark.parametrize(
    ("message", "capability"),
    [
        # a refusal with its grounds is the rejection
        ("do not allow the cancellation of #6120, we shipped it yesterday", "after_sales.reject"),
        ("no to request 31, it's already with the courier", "after_sales.reject"),
        # a negated state is a status, not a declined instruction
        ("which orders are not shipped yet", "orders.list"),
        ("show orders we did not ship yet", "orders.list"),
    ],
)
def test_a_refusal_with_grounds_and_a_negated_state_are_still_read(
    message: str, capability: str
) -> None:
    assert interpret(message).capability == capability


def test_a_lookup_that_opens_by_declining_is_not_a_lookup() -> None:
    assert opens_by_declining("no to the refund on ticket 4")
    assert opens_by_declining("please don't, order 4410 is fine")
    assert not opens_by_declining("no orders today?")
    assert not opens_by_declining("never mind, show order 4410")
    assert interpret("no to the refund on ticket 4").capability is None


@pytest.mark.parametrize(
    "message",
    [
        "approve my vacation request",
        "accept my time off request",
        "my package from the bookshop never came",
        "approve the budget request",
        "accept the pull request",
        "reject all calls from unknown numbers",
    ],
)
def test_a_change_that_names_nothing_of_ours_is_not_taken(message: str) -> None:
    assert interpret(message).capability is None


@pytest.mark.parametrize(
    ("message", "capability"),
    [
        ("approve the return", "after_sales.approve"),
        ("refund the buyer", "after_sales.issue_refund"),
        ("approve it", "after_sales.approve"),
    ],
)
def test_a_change_without_an_id_is_still_taken_when_it_names_something_of_ours(
    message: str, capability: str
) -> None:
    result = interpret(message)

    assert result.capability == capability
    assert result.arguments == {}  # the dialog asks which one

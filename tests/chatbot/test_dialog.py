"""The chat turn around the classifier: a clarifying question when unsure, a plain refusal."""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order
from fairmarket.entrypoints.chatbot.dialog import CHOICE, ChatState, clarify, converse
from fairmarket.kernel.actors import Channel
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order


def test_unsure_between_two_readings_the_bot_offers_both_in_plain_words() -> None:
    turn = clarify(("orders.get", "orders.timeline"), "anything on 1042?")

    assert turn.status == "needs_input"
    assert turn.reply == (
        "Do you want me to 1) show one order with its lines, shipments and money, "
        "or 2) show the audit trail of one order? Answer 1 or 2."
    )
    assert turn.state.awaiting == CHOICE
    assert turn.state.arguments["choices"] == [
        {"capability": "orders.get", "arguments": {"order_number": 1042}},
        {"capability": "orders.timeline", "arguments": {"order_number": 1042}},
    ]


def test_answering_the_clarifying_question_runs_the_chosen_reading(container: Container) -> None:
    seller = make_seller(container.uow_factory)
    buyer = make_buyer(container.uow_factory)
    order = make_order(container.uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    asked = clarify(("orders.get", "orders.timeline"), f"anything on {order}?")

    turn = converse(container.uow_factory, seller.actor(Channel.CHATBOT), asked.state, "2")

    assert turn.capability == "orders.timeline"
    assert turn.status == "answered"


def test_a_negated_change_is_answered_plainly_and_changes_nothing(container: Container) -> None:
    seller = make_seller(container.uow_factory)
    buyer = make_buyer(container.uow_factory)
    order = make_order(container.uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    actor = seller.actor(Channel.CHATBOT)

    turn = converse(container.uow_factory, actor, ChatState(), f"don't cancel order {order}")

    assert turn.status == "answered"
    assert turn.capability is None
    assert turn.reply == (
        "OK, I won't cancel an order before shipment. Nothing was changed. "
        'Tell me what to do instead, or ask "what can you do?".'
    )
    with container.uow_factory() as uow:
        status = uow.session.scalars(select(Order.status).where(Order.number == order)).one()
    assert status == OrderStatus.AWAITING_SHIPMENT

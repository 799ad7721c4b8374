"""Seller Center's home cards: every provider's cards, the nearest deadline first, counted at
the seller's time; a new domain's provider joins without the page changing."""

from __future__ import annotations

from datetime import timedelta

from fairmarket.capabilities.home_cards import PROVIDERS, home_cards
from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.home_cards import CardWindow, HomeCard, Urgency
from tests.conftest import START
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call


def messages_cards(uow: UnitOfWork, actor: Actor, window: CardWindow) -> list[HomeCard]:
    """What a messaging domain might add: unanswered messages, one due in an hour."""
    return [
        HomeCard(
            key="messages.unanswered",
            title="Messages to answer",
            count=4,
            nearest_deadline=window.now + timedelta(hours=1),
            due_soon=1,
            overdue=0,
            link="messages?status=unanswered",
        )
    ]


def test_a_new_providers_card_takes_its_place_by_deadline(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    raw = {"order_number": number, "reason": "changed_mind"}
    call(uow_factory, buyer.actor(), "buyer.after_sales.cancel", **raw)

    window, cards = home_cards(uow_factory, seller.actor(), providers=(*PROVIDERS, messages_cards))

    assert window.now == START
    assert [(card.key, card.count) for card in cards] == [
        ("messages.unanswered", 4),
        ("after_sales.cancellation.pending", 1),
        ("orders.to_ship", 1),
    ]
    assert cards[1].nearest_deadline == START + timedelta(hours=48)
    assert cards[2].nearest_deadline == START + timedelta(days=5)
    assert [card.urgency(window.now) for card in cards] == [
        Urgency.DUE_SOON,
        Urgency.LATER,
        Urgency.LATER,
    ]


def test_a_seller_with_nothing_to_do_gets_no_cards(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    other = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    make_order(uow_factory, seller_id=other.seller_id, buyer_id=buyer.buyer_id)

    _, cards = home_cards(uow_factory, seller.actor())

    assert cards == []

"""Seller Center's home: which domains put cards on it, and the cards in order of urgency.

A domain with work for a seller (messaging: unanswered messages; governance: policy strikes;
analytics: alerts) adds a card by writing `cards(uow, actor, window) -> list[HomeCard]` in its
own package (`domains/<domain>/home_cards.py`, as after_sales and orders do) and adding that
function to `PROVIDERS` below. The home page shows whatever the providers return; it is not
changed for a new card.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.domains.after_sales import home_cards as after_sales_cards
from fairmarket.domains.orders import home_cards as orders_cards
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.home_cards import CardWindow, HomeCard, by_urgency

HomeCardProvider = Callable[[UnitOfWork, Actor, CardWindow], list[HomeCard]]

PROVIDERS: tuple[HomeCardProvider, ...] = (
    after_sales_cards.cards,
    orders_cards.cards,
)
# What "due soon" means on the home page: the same few hours the queues highlight.
DUE_SOON = timedelta(hours=6)


def home_cards(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    *,
    providers: tuple[HomeCardProvider, ...] = PROVIDERS,
    horizon: timedelta = DUE_SOON,
) -> tuple[CardWindow, list[HomeCard]]:
    """Every provider's cards for the seller, counted in one read-only unit of work at the
    seller's time (their sandbox clock), the nearest deadline first."""
    with uow_factory(read_only=True) as uow:
        if actor.seller_id is not None:
            uow.use_seller_time(actor.seller_id)
        window = CardWindow(now=uow.clock.now(), horizon=horizon)
        cards = [card for provider in providers for card in provider(uow, actor, window)]
    return window, sorted(cards, key=by_urgency)

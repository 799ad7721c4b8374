"""The orders card of Seller Center's home: orders to ship, by their ship-by time."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.orders.to_ship import to_ship_summary
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.home_cards import N_, CardWindow, HomeCard


def cards(uow: UnitOfWork, actor: Actor, window: CardWindow) -> list[HomeCard]:
    summary = to_ship_summary(uow, actor, window)
    if not summary.count:
        return []
    return [
        HomeCard(
            key="orders.to_ship",
            title=N_("Orders to ship"),
            count=summary.count,
            nearest_deadline=summary.nearest_ship_by,
            due_soon=summary.due_soon,
            overdue=summary.overdue,
            link="orders?view=to_ship",
        )
    ]

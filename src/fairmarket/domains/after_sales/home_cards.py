"""The after-sales cards of Seller Center's home: one per journey and status that waits on the
seller (`queue.WAITING_ON_SELLER`, derived from the journey tables), each linking to that slice
of the queue."""

from __future__ import annotations

from urllib.parse import urlencode

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales.machines import AfterSaleStatus, JourneyType
from fairmarket.domains.after_sales.queue import WaitingGroup, waiting_groups
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.home_cards import N_, CardWindow, HomeCard

TITLES: dict[tuple[JourneyType, AfterSaleStatus], str] = {
    (JourneyType.CANCELLATION, AfterSaleStatus.PENDING): N_("Cancellations to answer"),
    (JourneyType.FULFILMENT_CANCELLATION, AfterSaleStatus.PENDING): N_(
        "Cancellations of shipped orders to answer"
    ),
    (JourneyType.RETURN, AfterSaleStatus.PENDING): N_("Returns and refunds to answer"),
    (JourneyType.RETURN, AfterSaleStatus.RETURN_DELIVERED): N_("Returns delivered to inspect"),
}
# A status a future journey adds to what waits on the seller still gets a card.
OTHER_TITLE = N_("Other requests waiting for you")


def cards(uow: UnitOfWork, actor: Actor, window: CardWindow) -> list[HomeCard]:
    return [_card(group) for group in waiting_groups(uow, actor, window) if group.count]


def _card(group: WaitingGroup) -> HomeCard:
    query = urlencode({"status": group.status.value, "type": group.type.value})
    return HomeCard(
        key=f"after_sales.{group.type.value}.{group.status.value}",
        title=TITLES.get((group.type, group.status), OTHER_TITLE),
        count=group.count,
        nearest_deadline=group.nearest_deadline,
        due_soon=group.due_soon,
        overdue=group.overdue,
        link=f"after-sales?{query}",
    )

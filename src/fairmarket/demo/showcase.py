"""Requests the demo seller finds open in every status, whatever the random history gave.

Some statuses last hours (an offer waiting for the buyer, a return just delivered); in a
random history the demo seller may have none of them at "now". These scripted requests, timed
back from now so that no deadline has passed, make sure every open status can be tried from
the Seller Center, the API, the chatbot and the Ops Console.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fairmarket.demo.actors import ActorRef, buyer_actor, carrier_actor, seller_actor
from fairmarket.demo.history import History, OrderInProgress, deliver, ship
from fairmarket.demo.journeys import AGENT, ESCALATE_NOTE, REJECT_NOTES
from fairmarket.demo.walks import RequestWalk
from fairmarket.domains.after_sales.machines import JourneyType, RequestKind


@dataclass(frozen=True)
class Showcase:
    journey: JourneyType
    kind: RequestKind
    reason: str
    shipped_hours_ago: float
    delivered_hours_ago: float | None  # None: still in transit (arrives a day from now)
    asked_hours_ago: float
    steps: tuple[tuple[str, float], ...] = ()  # (action, hours ago), in order


SHOWCASES: tuple[Showcase, ...] = (
    Showcase(JourneyType.RETURN, RequestKind.REFUND_ONLY, "damaged", 160, 130, 40),
    Showcase(
        JourneyType.RETURN,
        RequestKind.REFUND_ONLY,
        "not_as_described",
        200,
        150,
        48,
        (("offer_partial_refund", 20),),
    ),
    Showcase(
        JourneyType.RETURN,
        RequestKind.RETURN_AND_REFUND,
        "defective",
        260,
        200,
        96,
        (("approve", 72),),
    ),
    Showcase(
        JourneyType.RETURN,
        RequestKind.REPLACEMENT,
        "wrong_item",
        300,
        240,
        170,
        (("approve", 150), ("ship_return", 48)),
    ),
    Showcase(
        JourneyType.RETURN,
        RequestKind.RETURN_AND_REFUND,
        "changed_mind",
        330,
        290,
        220,
        (("approve", 200), ("ship_return", 120), ("return_delivered", 20)),
    ),
    Showcase(
        JourneyType.RETURN,
        RequestKind.REFUND_ONLY,
        "missing_parts",
        250,
        210,
        60,
        (("reject", 30),),
    ),
    Showcase(
        JourneyType.RETURN,
        RequestKind.REFUND_ONLY,
        "not_as_described",
        330,
        280,
        150,
        (("reject", 120), ("escalate", 70)),
    ),
    Showcase(JourneyType.FULFILMENT_CANCELLATION, RequestKind.CANCEL, "changed_mind", 26, None, 6),
    Showcase(
        JourneyType.FULFILMENT_CANCELLATION,
        RequestKind.CANCEL,
        "wrong_address",
        50,
        None,
        30,
        (("request_interception", 20),),
    ),
)
SHOWCASE_LEAD = timedelta(hours=30)  # placed this long before it ships


def placed_hours_ago(showcase: Showcase) -> float:
    return showcase.shipped_hours_ago + SHOWCASE_LEAD.total_seconds() / 3600


def play(history: History, order: OrderInProgress, showcase: Showcase) -> None:
    """Ship and deliver the paid order as scripted, then walk its request to an open status."""
    now = history.now

    def ago(hours: float) -> datetime:
        return now - timedelta(hours=hours)

    delivered = showcase.delivered_hours_ago
    deliver_at = ago(delivered) if delivered is not None else now + timedelta(days=1)
    parcel = ship(history, order, ago(showcase.shipped_hours_ago), deliver_at=deliver_at)
    if delivered is not None:
        deliver(history, order, parcel)
    walk = RequestWalk.open(
        history,
        order,
        showcase.journey,
        showcase.kind,
        showcase.reason,
        ago(showcase.asked_hours_ago),
    )
    for action, hours in showcase.steps:
        actor, inputs = _step(history, walk, action)
        walk.act(action, actor, ago(hours), **inputs)


def _step(history: History, walk: RequestWalk, action: str) -> tuple[ActorRef, dict[str, object]]:
    order = walk.order
    if action == "ship_return":
        return buyer_actor(order.buyer_id), {
            "carrier": "UPS",
            "tracking_number": f"RT{order.row['number']}01",
        }
    if action == "escalate":
        return buyer_actor(order.buyer_id), {"note": ESCALATE_NOTE}
    if action == "return_delivered":
        return carrier_actor("UPS"), {}
    seller = seller_actor(history.rng, order.seller)
    if action == "reject":
        return seller, {
            "reason": "item_not_as_claimed",
            "note": REJECT_NOTES["item_not_as_claimed"],
        }
    if action == "offer_partial_refund":
        amount = max(1, walk.refund_plan(None).refund_minor * 2 // 5)
        return seller, {"amount_minor": amount, "note": "Keep it, and we refund 40%."}
    return seller, {}


__all__ = ["AGENT", "SHOWCASES", "Showcase", "placed_hours_ago", "play"]

"""After-sale journeys in the demo history: who asks for what, how often, and how it ends.

Shares are per paid order unless said otherwise; they are typical general-merchandise
marketplace figures, rounded:

- Cancellation before shipment, asked by the buyer: ~4% of paid orders (marketplace help
  centres and seller forums put buyer cancellation requests at 2-5% of orders; most come within
  hours of checkout). Sellers approve most of them; some go unanswered and the platform approves
  at the deadline; a few are refused because the parcel already left.
- Seller cancellations (out of stock, pricing error): ~1.5%; orders that miss the handling
  deadline and are cancelled by the platform at the seller's fault: ~0.4% (late-shipment and
  cancellation-rate seller metrics are held to 1-4% on the large marketplaces).
- Cancellation in fulfilment (in transit): ~1% of paid orders; carriers stop roughly 7 parcels
  in 10 when asked in time; the rest are delivered and continue as returns.
- Returns after delivery: ~7% of delivered orders (5-10% for general merchandise, more for
  apparel). Refund-only is the common answer for low-value items (returning a $10 item costs
  more than it is worth), return-and-refund for the rest, replacements ~10%.
- Reasons are weighted so that about a third of requests are the seller's fault (not as
  described, defective, wrong item, late dispatch), the rest split between the buyer (changed
  mind) and logistics (damaged, lost).
- Rejected requests are escalated to the platform about a quarter of the time; agents rule for
  the buyer a little more often than for the seller.

Every step goes through `RequestWalk`, which refuses anything the journey tables do not allow.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from fairmarket.demo.actors import (
    SMALL_REFUND_RULE,
    ActorRef,
    buyer_actor,
    carrier_actor,
    seller_actor,
)
from fairmarket.demo.history import (
    History,
    OrderInProgress,
    Parcel,
    cancel_order,
    deliver,
    return_to_sender,
    ship,
)
from fairmarket.demo.walks import RequestWalk, auto_cancel_unshipped
from fairmarket.domains.after_sales.machines import (
    PHYSICAL_RETURN_KINDS,
    REFUND_KINDS,
    JourneyType,
    RequestKind,
)

# The Ops Console agent that `credentials.create_demo_credentials` creates (id 1).
AGENT = ActorRef("agent", 1, "agent:disputes@fairmarket.example", "ops_console")
LAG = timedelta(seconds=4)

# reason: (weight, a note some buyers write)
CANCEL_REASONS = {
    "changed_mind": (30, "I don't need it any more."),
    "ordered_by_mistake": (20, "Wrong size, sorry! I'll order again."),
    "found_better_price": (15, None),
    "delivery_too_slow": (20, "The estimated dispatch date is too late for me."),
    "payment_issue": (5, "I was charged twice by my bank."),
    "other": (10, "Please cancel, I'm moving house next week."),
}
IN_TRANSIT_REASONS = {
    "changed_mind": (30, "I bought it elsewhere, please stop the parcel."),
    "ordered_by_mistake": (15, "Ordered the wrong model."),
    "delivery_too_slow": (20, "Tracking has not moved for days."),
    "wrong_address": (15, "I typed my old address, please send it back."),
    "shipped_late": (20, "It shipped after the promised date; I no longer need it."),
}
RETURN_REASONS = {
    "not_as_described": (16, "The colour and size are not what the listing shows."),
    "damaged": (14, "The box was crushed and the item is cracked."),
    "defective": (14, "It stopped working after two days."),
    "wrong_item": (6, "I received a different model."),
    "missing_parts": (5, "The charger is missing from the box."),
    "not_received": (5, "Tracking says delivered but nothing arrived."),
    "changed_mind": (25, "It does not suit me, I'd like to send it back."),
    "no_longer_needed": (15, None),
}
# Outcome weights, by the request's situation.
PRE_SHIPMENT_OUTCOMES = {
    "approve": 62,
    "reject": 14,
    "auto_approve": 14,
    "auto_reject": 4,
    "withdraw": 6,
}
IN_TRANSIT_OUTCOMES = {"intercept": 65, "reject": 12, "auto_intercept": 13, "withdraw": 10}
RETURN_OUTCOMES = {
    RequestKind.REFUND_ONLY: {
        "approve": 48,
        "offer": 18,
        "reject": 14,
        "auto": 10,
        "withdraw": 6,
        "rule_refund": 4,
    },
    RequestKind.RETURN_AND_REFUND: {
        "approve": 57,
        "rule_refund": 3,
        "offer": 10,
        "reject": 13,
        "auto": 11,
        "withdraw": 6,
    },
    RequestKind.REPLACEMENT: {"approve": 72, "reject": 14, "auto": 9, "withdraw": 5},
}
OFFER_ANSWERS = {"accept": 55, "decline": 30, "silence": 15}
RETURN_SHIPPING = {"ship": 85, "silence": 10, "withdraw": 5}
RECEIPT = {"confirm": 62, "auto_confirm": 20, "refund_early": 8, "reject": 10}
INTERCEPTION_SUCCESS = 0.72
ESCALATE_SHARE = 0.25
RULE_FOR_BUYER_SHARE = 0.55
LOW_VALUE_USD_CENTS = 2_000  # below this, most buyers ask for a refund only
SELLER_REASONS = {
    "out_of_stock": (60, "Sorry, the last unit was damaged in our warehouse."),
    "pricing_error": (20, "The listed price was a typo; please reorder at the correct price."),
    "cannot_ship_to_address": (20, "Our carriers do not deliver to this postcode."),
}
REJECT_NOTES = {
    "buyer_agreed_to_keep": "Spoke with the buyer in chat; they decided to keep the order.",
    "custom_made": "This item is engraved to order and production had already started.",
    "cannot_intercept": "The carrier does not offer interception on this service level.",
    "item_not_as_claimed": "Our photos before dispatch show the item as listed, undamaged.",
    "outside_return_policy": "Opened hygiene products cannot be returned, as the listing says.",
    "returned_item_damaged": "The returned item came back scratched and without its box.",
}
ESCALATE_NOTE = "The seller refused but the problem is real; please look at my photos."
RULING_NOTES = {
    "rule_for_buyer": "The evidence supports the buyer; the seller's refusal is overturned.",
    "rule_for_seller": "The listing and the seller's photos match the item; no refund is due.",
}
RETURN_CARRIERS = ("UPS", "DHL", "Royal Mail", "DPD", "Correios", "Poste Italiane")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _reason(
    rng: random.Random, reasons: Mapping[str, tuple[int, str | None]]
) -> tuple[str, str | None]:
    code = rng.choices(list(reasons), [w for w, _ in reasons.values()])[0]
    note = reasons[code][1] if rng.random() < 0.6 else None
    return code, note


def _within(
    rng: random.Random, start: datetime, span: timedelta, low: float, high: float
) -> datetime:
    return start + span * rng.uniform(low, high)


def _window(history: History, order: OrderInProgress, name: str) -> timedelta:
    return history.policies.window(name, order.region.code)


def _fire(walk: RequestWalk, now: datetime) -> datetime | None:
    """The platform acts at the deadline, if that has come; returns when it did."""
    deadline = walk.deadline
    if deadline is None or deadline + LAG > now:
        return None
    return walk.fire_timer()


# --- cancellation before shipment ----------------------------------------------------------


def pre_shipment_cancellation(history: History, order: OrderInProgress, pay_at: datetime) -> None:
    """The buyer asks to cancel before the parcel leaves; the order ships, or not, accordingly."""
    rng, now = history.rng, history.now
    window = _window(history, order, "seller_response_window")
    handling_end = order.row["placed_at"] + history.policies.handling_window
    latest = max(min(order.ship_at, handling_end - window - timedelta(hours=2)), pay_at)
    asked = _within(rng, pay_at, latest - pay_at, 0.05, 0.9) + timedelta(minutes=1)
    if asked > now:
        _ship_and_deliver(history, order, order.ship_at)
        return
    reason, note = _reason(rng, CANCEL_REASONS)
    walk = RequestWalk.open(
        history, order, JourneyType.CANCELLATION, RequestKind.CANCEL, reason, asked, note=note
    )
    outcome = _pick(rng, PRE_SHIPMENT_OUTCOMES)
    if outcome == "auto_approve":
        _fire(walk, now)  # the seller never answered: cancelled and refunded
        return
    if outcome == "auto_reject":
        shipped = _within(rng, asked, window, 0.1, 0.8)
        if shipped <= now:
            _ship_and_deliver(history, order, shipped)
            if _fire(walk, now):
                _dispute_or_close(history, walk, walk.row["updated_at"])
        return
    decided = _within(rng, asked, window, 0.02, 0.9)
    if decided > now:
        return  # still pending: the seller holds the parcel until they decide
    seller = seller_actor(rng, order.seller)
    if outcome == "approve":
        walk.act("approve", seller, decided)
    elif outcome == "withdraw":
        walk.act("withdraw", buyer_actor(order.buyer_id), decided)
        _ship_and_deliver(history, order, max(order.ship_at, decided + timedelta(hours=2)))
    else:
        _reject_pre_shipment(history, walk, seller, asked, decided, handling_end)


def _reject_pre_shipment(  # noqa: PLR0917 - the decision's context
    history: History,
    walk: RequestWalk,
    seller: ActorRef,
    asked: datetime,
    decided: datetime,
    handling_end: datetime,
) -> None:
    rng, order = history.rng, walk.order
    if rng.random() < 0.45:
        # The parcel left before the seller answered: the one reason that needs a shipment.
        _ship_and_deliver(history, order, _within(rng, asked, decided - asked, 0.2, 0.8))
        walk.act("reject", seller, decided, reason="already_shipped")
    else:
        reason = rng.choice(("buyer_agreed_to_keep", "custom_made"))
        walk.act("reject", seller, decided, reason=reason, note=REJECT_NOTES[reason])
        shipped = decided + timedelta(hours=rng.uniform(1, 12))
        _ship_and_deliver(history, order, min(shipped, handling_end - timedelta(minutes=10)))
    _dispute_or_close(history, walk, decided)


def keep_pending_cancellation(history: History, order: OrderInProgress, asked: datetime) -> None:
    """A request the demo seller still has to answer (the Seller Center's first screen)."""
    reason, note = _reason(history.rng, CANCEL_REASONS)
    RequestWalk.open(
        history, order, JourneyType.CANCELLATION, RequestKind.CANCEL, reason, asked, note=note
    )


def handling_deadline_missed(history: History, order: OrderInProgress, pay_at: datetime) -> None:
    """The seller never ships; at the handling deadline the platform cancels at their fault.
    Some buyers had asked to cancel in the last two days: that request ends with the order."""
    rng, now = history.rng, history.now
    deadline = order.row["placed_at"] + history.policies.handling_window
    if rng.random() < 0.35:
        asked = max(deadline - timedelta(hours=rng.uniform(2, 40)), pay_at + timedelta(minutes=5))
        if asked > now:
            return
        reason, note = _reason(rng, CANCEL_REASONS)
        RequestWalk.open(
            history, order, JourneyType.CANCELLATION, RequestKind.CANCEL, reason, asked, note=note
        )
    if deadline + LAG <= now:
        auto_cancel_unshipped(history, order, deadline + LAG)


def seller_cancels(history: History, order: OrderInProgress, at: datetime) -> None:
    rng = history.rng
    reason = rng.choices(list(SELLER_REASONS), [w for w, _ in SELLER_REASONS.values()])[0]
    actor = seller_actor(rng, order.seller)
    cancel_order(
        history, order, actor, at, reason=reason, fault="seller", note=SELLER_REASONS[reason][1]
    )


# --- cancellation in fulfilment ------------------------------------------------------------


def fulfilment_cancellation(history: History, order: OrderInProgress) -> None:
    """The parcel is on its way when the buyer asks to cancel."""
    rng, now = history.rng, history.now
    parcel = ship(history, order, order.ship_at)
    asked = _within(rng, parcel.shipped_at, parcel.deliver_at - parcel.shipped_at, 0.05, 0.6)
    if asked > now:
        _deliver_if_due(history, order, parcel)
        return
    reason, note = _reason(rng, IN_TRANSIT_REASONS)
    walk = RequestWalk.open(
        history,
        order,
        JourneyType.FULFILMENT_CANCELLATION,
        RequestKind.CANCEL,
        reason,
        asked,
        note=note,
    )
    outcome = _pick(rng, IN_TRANSIT_OUTCOMES)
    decided = _within(rng, asked, _window(history, order, "seller_response_window"), 0.02, 0.6)
    if outcome == "auto_intercept":
        intercepted = _fire(walk, now)
        if intercepted is None:
            _deliver_if_due(history, order, parcel)
        else:
            _interception(history, walk, parcel, intercepted)
        return
    if decided > now:
        _deliver_if_due(history, order, parcel)
        return
    if outcome == "withdraw":
        walk.act("withdraw", buyer_actor(order.buyer_id), decided)
        _deliver_if_due(history, order, parcel)
        return
    seller = seller_actor(rng, order.seller)
    if outcome == "intercept" and decided < parcel.deliver_at:
        walk.act("request_interception", seller, decided)
        _interception(history, walk, parcel, decided)
        return
    walk.act(
        "reject", seller, decided, reason="cannot_intercept", note=REJECT_NOTES["cannot_intercept"]
    )
    ruled = _dispute_or_close(history, walk, decided)
    if ruled is not None and walk.status == "intercepting":
        _interception(history, walk, parcel, ruled)  # the agent ruled for the buyer
    else:
        _deliver_if_due(history, order, parcel)


def _interception(history: History, walk: RequestWalk, parcel: Parcel, since: datetime) -> None:
    """The carrier brings the parcel back, or cannot, and the request becomes a return."""
    rng, now, order = history.rng, history.now, walk.order
    carrier = carrier_actor(parcel.carrier)
    stoppable = order.row["status"] == "in_transit" and since < parcel.deliver_at - timedelta(
        hours=12
    )
    if stoppable and rng.random() < INTERCEPTION_SUCCESS:
        back = since + timedelta(hours=rng.uniform(24, 96))
        if back <= now:
            return_to_sender(history, parcel, back)
            walk.act("parcel_returned", carrier, back)
        return
    deadline = walk.deadline
    assert deadline is not None
    failed = max(parcel.deliver_at, since) + timedelta(hours=rng.uniform(1, 6))
    if failed < deadline:  # the carrier reports the parcel delivered after all
        _deliver_if_due(history, order, parcel)
        if failed > now:
            return
        walk.act("interception_failed", carrier, failed)
    else:
        _deliver_if_due(history, order, parcel)
        fired = _fire(walk, now)
        if fired is None:
            return
        failed = fired
    if walk.converted is not None:
        _return_shipment(history, walk.converted, failed, parcel.deliver_at)


# --- returns -------------------------------------------------------------------------------


def return_request(history: History, order: OrderInProgress, parcel: Parcel) -> None:
    """After delivery, within the return window, the buyer asks for their money or a swap."""
    rng, now = history.rng, history.now
    window = history.policies.return_window_for(order.region.code)
    days = rng.triangular(0.1, window.days - 0.5, 1.5)
    asked = parcel.deliver_at + timedelta(days=days)
    if asked > now:
        return
    kind = _return_kind(rng, order)
    reasons = RETURN_REASONS
    if kind is RequestKind.REPLACEMENT:  # a swap is asked for a fault, not a change of mind
        reasons = {
            c: v for c, v in RETURN_REASONS.items() if c not in ("changed_mind", "no_longer_needed")
        }
    reason, note = _reason(rng, reasons)
    evidence = (
        [f"https://photos.example/returns/{order.row['number']}-{i}.jpg" for i in range(1, 3)]
        if reason in ("not_as_described", "damaged", "defective", "wrong_item", "missing_parts")
        and rng.random() < 0.6
        else None
    )
    walk = RequestWalk.open(
        history,
        order,
        JourneyType.RETURN,
        kind,
        reason,
        asked,
        lines=_returned_lines(rng, order),
        note=note,
        evidence=evidence,
    )
    _answer_return(history, walk, asked, parcel.deliver_at, offers=True)


def _return_kind(rng: random.Random, order: OrderInProgress) -> RequestKind:
    usd_cents = int(order.row["subtotal_minor"]) / order.region.minor_per_usd_cent
    refund_only = 0.7 if usd_cents < LOW_VALUE_USD_CENTS else 0.3
    draw = rng.random()
    if draw < refund_only:
        return RequestKind.REFUND_ONLY
    if draw < refund_only + 0.1:
        return RequestKind.REPLACEMENT
    return RequestKind.RETURN_AND_REFUND


def _returned_lines(rng: random.Random, order: OrderInProgress) -> list[dict[str, int]] | None:
    """Usually the whole order; from a multi-line order sometimes one line, or part of one."""
    if (len(order.lines) == 1 and order.lines[0][2] == 1) or rng.random() < 0.65:
        return None
    line_id, _, quantity = rng.choice(order.lines)
    return [{"line_id": line_id, "quantity": rng.randint(1, quantity)}]


def _answer_return(
    history: History,
    walk: RequestWalk,
    since: datetime,
    delivered: datetime,
    *,
    offers: bool,
) -> None:
    rng, now, order = history.rng, history.now, walk.order
    weights = dict(RETURN_OUTCOMES[walk.kind])
    if not offers:
        weights.pop("offer", None)
    outcome = _pick(rng, weights)
    if outcome in {"auto", "rule_refund"}:
        _answered_by_platform(history, walk, outcome, since, delivered)
        return
    decided = _within(rng, since, _window(history, order, "seller_response_window"), 0.02, 0.9)
    if decided > now:
        return
    seller = seller_actor(rng, order.seller)
    if outcome == "approve":
        walk.act("approve", seller, decided)
        if walk.kind in PHYSICAL_RETURN_KINDS:
            _return_shipment(history, walk, decided, delivered)
    elif outcome == "offer":
        _partial_offer(history, walk, seller, decided, delivered)
    elif outcome == "withdraw":
        walk.act("withdraw", buyer_actor(order.buyer_id), decided)
    else:
        reason = rng.choice(("item_not_as_claimed", "outside_return_policy"))
        evidence = [f"https://evidence.example/{order.row['number']}/listing.png"]
        walk.act(
            "reject", seller, decided, reason=reason, note=REJECT_NOTES[reason], evidence=evidence
        )
        _dispute_or_close(history, walk, decided)


def _answered_by_platform(
    history: History, walk: RequestWalk, outcome: str, since: datetime, delivered: datetime
) -> None:
    """The seller's window ran out (`auto`), or an automation rule refunded within a minute."""
    if outcome == "auto":
        fired = _fire(walk, history.now)
        if fired is not None and walk.kind in PHYSICAL_RETURN_KINDS:
            _return_shipment(history, walk, fired, delivered)
        return
    ruled = since + timedelta(seconds=history.rng.uniform(5, 60))
    if ruled <= history.now:
        walk.act("refund_without_return", SMALL_REFUND_RULE, ruled)


def _partial_offer(
    history: History, walk: RequestWalk, seller: ActorRef, at: datetime, delivered: datetime
) -> None:
    rng, now = history.rng, history.now
    full = walk.refund_plan(None).refund_minor
    amount = max(1, min(full - 1, round(full * rng.uniform(0.2, 0.7))))
    walk.act(
        "offer_partial_refund",
        seller,
        at,
        amount_minor=amount,
        note="We can refund part of it and you keep the item.",
    )
    answer = _pick(rng, OFFER_ANSWERS)
    if answer == "silence":
        _fire(walk, now)
        return
    answered = _within(rng, at, _window(history, walk.order, "buyer_response_window"), 0.05, 0.9)
    if answered > now:
        return
    buyer = buyer_actor(walk.order.buyer_id)
    if answer == "accept":
        walk.act("accept_offer", buyer, answered)
    else:
        walk.act("decline_offer", buyer, answered, note="I would rather have a full refund.")
        _answer_return(history, walk, answered, delivered, offers=False)


def _return_shipment(
    history: History, walk: RequestWalk, since: datetime, delivered: datetime
) -> None:
    """Approved: the buyer ships the item back, the carrier delivers it, the seller confirms."""
    rng, now, order = history.rng, history.now, walk.order
    answer = _pick(rng, RETURN_SHIPPING)
    deadline = walk.deadline
    assert deadline is not None
    start = max(since, delivered)
    shipped = start + timedelta(days=rng.uniform(0.2, 4))
    if answer == "silence" or shipped + LAG >= deadline:
        _fire(walk, now)
        return
    if shipped > now:
        return
    buyer = buyer_actor(order.buyer_id)
    if answer == "withdraw":
        walk.act("withdraw", buyer, shipped)
        return
    tracking = f"RT{order.row['number']}{rng.randrange(10**5):05d}"
    walk.act(
        "ship_return",
        buyer,
        shipped,
        carrier=rng.choice(RETURN_CARRIERS),
        tracking_number=tracking,
    )
    _receive_return(history, walk, shipped)


def _receive_return(history: History, walk: RequestWalk, shipped: datetime) -> None:
    """The return travels back; the seller refunds early, confirms, or the platform does."""
    rng, now, order = history.rng, history.now, walk.order
    arrives = shipped + timedelta(days=rng.uniform(1.5, 6))
    receipt = _pick(rng, RECEIPT)
    seller = seller_actor(rng, order.seller)
    if receipt == "refund_early" and walk.kind in REFUND_KINDS:
        refunded = shipped + (arrives - shipped) * rng.uniform(0.1, 0.8)
        if refunded <= now:
            walk.act("issue_refund", seller, refunded)
        return
    if arrives > now:
        return
    walk.act("return_delivered", carrier_actor(str(walk.row["return_carrier"])), arrives)
    if receipt == "auto_confirm":
        _fire(walk, now)
        return
    window = _window(history, order, "refund_after_return_window")
    decided = _within(rng, arrives, window, 0.05, 0.9)
    if decided > now:
        return
    if receipt != "reject":
        walk.act("confirm_received", seller, decided)
        return
    walk.act(
        "reject",
        seller,
        decided,
        reason="returned_item_damaged",
        note=REJECT_NOTES["returned_item_damaged"],
        evidence=[f"https://evidence.example/{order.row['number']}/returned.jpg"],
    )
    _dispute_or_close(history, walk, decided)


# --- disputes ------------------------------------------------------------------------------


def _dispute_or_close(history: History, walk: RequestWalk, rejected: datetime) -> datetime | None:
    """After a refusal the buyer may escalate; an agent rules. Returns when a ruling for the
    buyer was made (the journey may continue from there), else None."""
    rng, now = history.rng, history.now
    if rng.random() >= ESCALATE_SHARE:
        _fire(walk, now)  # the dispute window closes
        return None
    window = _window(history, walk.order, "dispute_window")
    escalated = _within(rng, rejected, window, 0.02, 0.5)
    if escalated > now:
        return None
    walk.act(
        "escalate",
        buyer_actor(walk.order.buyer_id),
        escalated,
        note=ESCALATE_NOTE,
        evidence=[f"https://photos.example/disputes/{walk.id}.jpg"],
    )
    ruled = escalated + timedelta(hours=rng.uniform(6, 150))  # the agents' queue
    if ruled > now:
        return None  # in the agents' queue
    ruling = "rule_for_buyer" if rng.random() < RULE_FOR_BUYER_SHARE else "rule_for_seller"
    walk.act(ruling, AGENT, ruled, ruling=ruling.removeprefix("rule_"), note=RULING_NOTES[ruling])
    return ruled if ruling == "rule_for_buyer" else None


# --- the order itself ----------------------------------------------------------------------


def _ship_and_deliver(history: History, order: OrderInProgress, at: datetime) -> None:
    if at <= history.now and order.row["status"] == "awaiting_shipment":
        _deliver_if_due(history, order, ship(history, order, at))


def _deliver_if_due(history: History, order: OrderInProgress, parcel: Parcel) -> None:
    if parcel.deliver_at <= history.now and order.row["status"] == "in_transit":
        deliver(history, order, parcel)


__all__: Sequence[str] = (
    "fulfilment_cancellation",
    "handling_deadline_missed",
    "keep_pending_cancellation",
    "pre_shipment_cancellation",
    "return_request",
    "seller_cancels",
)

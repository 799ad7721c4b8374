"""Cancellations in the demo history: buyer requests and their outcomes, seller cancellations.

Outcomes follow the journey's rules: approvals cancel the order and refund what was paid (one
ledger row per request), 'already_shipped' rejections only happen once a shipment exists, other
rejections carry a note, and requests whose window is still open stay pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fairmarket.demo.actors import DEADLINE, ActorRef, Subject, audit, buyer_actor, seller_actor
from fairmarket.demo.history import History, OrderInProgress
from fairmarket.domains.cancellations.journey import BUYER_REASON_FAULT, BuyerCancelReason

BUYER_REASONS = {
    "changed_mind": (30, "I don't need it any more."),
    "ordered_by_mistake": (20, "Wrong size, sorry! I'll order again."),
    "found_better_price": (18, None),
    "delivery_too_slow": (15, "The estimated delivery date is too late for me."),
    "payment_issue": (5, "I was charged twice by my bank."),
    "other": (12, "Please cancel, I'm moving house next week."),
}
REJECT_NOTES = {
    "buyer_agreed_to_keep": "Spoke with the buyer in chat; they decided to keep the order.",
    "custom_made": "This item is engraved to order and production had already started.",
}
SELLER_REASONS = {
    "out_of_stock": (60, "Sorry, the last unit was damaged in our warehouse."),
    "pricing_error": (20, "The listed price was a typo; please reorder at the correct price."),
    "cannot_ship_to_address": (20, "Our carriers do not deliver to this postcode."),
}
APPROVE_SHARE = 0.72
RESPOND_SHARE = 0.8


@dataclass
class RequestInProgress:
    row: dict[str, object]
    order: OrderInProgress

    @property
    def subject(self) -> Subject:
        return Subject(
            "cancellation_request", int(str(self.row["id"])), self.order.seller.id, self.order.id
        )


def request_cancellation(
    history: History, order: OrderInProgress, requested_at: datetime, *, keep_pending: bool
) -> datetime | None:
    """The buyer asks to cancel. Returns when the order ships afterwards; None if it never does."""
    rng = history.rng
    reason = rng.choices(list(BUYER_REASONS), [w for w, _ in BUYER_REASONS.values()])[0]
    note = BUYER_REASONS[reason][1] if rng.random() < 0.6 else None
    window = history.response_windows[order.region.code]
    request = _open_request(
        history, order, requested_at, reason=reason, note=note, deadline=requested_at + window
    )
    if keep_pending:
        return None
    responds = rng.random() < RESPOND_SHARE
    decided_at = (
        requested_at + window * rng.uniform(0.02, 0.9) if responds else requested_at + window
    )
    if decided_at > history.now:
        return None  # still pending: the seller holds the parcel until they decide
    if not responds:
        _approve(history, request, DEADLINE, decided_at, resolution="auto_approved")
        return None
    actor = seller_actor(rng, order.seller)
    if rng.random() < APPROVE_SHARE:
        _approve(history, request, actor, decided_at, resolution="approved")
        return None
    return _reject(history, request, actor, decided_at)


def _open_request(
    history: History,
    order: OrderInProgress,
    at: datetime,
    *,
    reason: str,
    note: str | None,
    deadline: datetime,
) -> RequestInProgress:
    row: dict[str, object] = {
        "order_id": order.id,
        "seller_id": order.seller.id,
        "buyer_id": order.buyer_id,
        "status": "pending",
        "reason": reason,
        "buyer_note": note,
        "requested_at": at,
        "deadline": deadline,
        "resolved_at": None,
        "resolution": None,
        "resolved_by": None,
        "reject_reason": None,
        "reject_note": None,
        "refund_minor": None,
        "version": 1,
    }
    history.rows.add("cancellation_requests", row)
    request = RequestInProgress(row, order)
    audit(
        history.rows,
        buyer_actor(order.buyer_id),
        at,
        "cancellation.requested",
        request.subject,
        before=None,
        after={"status": "pending", "deadline": deadline.isoformat()},
        reason=reason,
        note=note,
    )
    return request


def _approve(
    history: History, request: RequestInProgress, actor: ActorRef, at: datetime, *, resolution: str
) -> None:
    reason = str(request.row["reason"])
    fault = BUYER_REASON_FAULT[BuyerCancelReason(reason)]
    refunded = cancel_order(
        history,
        request.order,
        actor,
        at,
        reason=f"buyer_request:{reason}",
        fault=fault,
        request_id=request.subject.id,
    )
    request.row["refund_minor"] = refunded or None
    _resolve(history, request, actor, at, status="approved", resolution=resolution)


def _reject(
    history: History, request: RequestInProgress, actor: ActorRef, at: datetime
) -> datetime:
    rng, order = history.rng, request.order
    requested_at = request.row["requested_at"]
    assert isinstance(requested_at, datetime)
    if rng.random() < 0.45:
        # The parcel left before the seller answered: the one reason that needs a shipment.
        shipped_at = requested_at + (at - requested_at) * rng.uniform(0.2, 0.8)
        _resolve(
            history,
            request,
            actor,
            at,
            status="rejected",
            resolution="rejected",
            reason="already_shipped",
            note=None,
        )
        return shipped_at
    reason = rng.choice(list(REJECT_NOTES))
    _resolve(
        history,
        request,
        actor,
        at,
        status="rejected",
        resolution="rejected",
        reason=reason,
        note=REJECT_NOTES[reason],
    )
    return max(order.ship_at, at + timedelta(hours=rng.uniform(1, 12)))


def _resolve(
    history: History,
    request: RequestInProgress,
    actor: ActorRef,
    at: datetime,
    *,
    status: str,
    resolution: str,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    request.row.update(
        status=status,
        resolution=resolution,
        resolved_at=at,
        resolved_by=actor.label,
        reject_reason=reason,
        reject_note=note,
        version=2,
    )
    audit(
        history.rows,
        actor,
        at,
        f"cancellation.{resolution}",
        request.subject,
        before={"status": "pending", "version": 1},
        after={"status": status, "version": 2},
        reason=reason,
        note=note,
    )


def seller_cancels(history: History, order: OrderInProgress, at: datetime) -> None:
    rng = history.rng
    reason = rng.choices(list(SELLER_REASONS), [w for w, _ in SELLER_REASONS.values()])[0]
    note = SELLER_REASONS[reason][1]
    actor = seller_actor(rng, order.seller)
    cancel_order(history, order, actor, at, reason=reason, fault="seller", note=note)


def cancel_order(
    history: History,
    order: OrderInProgress,
    actor: ActorRef,
    at: datetime,
    *,
    reason: str,
    fault: str,
    note: str | None = None,
    request_id: int | None = None,
) -> int:
    """Cancel before shipment and refund everything paid; returns the refunded amount."""
    before = {"status": order.row["status"], "refunded_minor": 0}
    paid = int(order.row["paid_minor"])
    if paid:
        history.rows.add(
            "refunds",
            {
                "order_id": order.id,
                "cancellation_request_id": request_id,
                "amount_minor": paid,
                "currency": order.row["currency"],
                "reason": reason,
                "created_at": at,
            },
        )
    order.move(
        at,
        status="cancelled",
        cancelled_at=at,
        cancel_reason=reason,
        cancel_fault=fault,
        refunded_minor=paid,
    )
    audit(
        history.rows,
        actor,
        at,
        "order.cancelled",
        order.subject(),
        before=before,
        after={"status": "cancelled", "refunded_minor": paid, "fault": fault},
        reason=reason,
        note=note,
    )
    return paid

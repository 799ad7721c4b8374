"""What the bot says about after-sale requests: lists, one request, a dry run, an outcome."""

from __future__ import annotations

from datetime import datetime

from fairmarket.domains.after_sales.refunds import RefundBreakdown
from fairmarket.domains.after_sales.schemas import AfterSalePage, AfterSaleRead
from fairmarket.entrypoints.chatbot.labels import label
from fairmarket.kernel.clock import ensure_utc
from fairmarket.kernel.money import Money

MAX_LISTED = 10
MAX_HISTORY = 5
MORE = ' (there are more: say "next page")'
JOURNEY_WORDS = {
    "cancellation": "cancellation",
    "fulfilment_cancellation": "cancellation in transit",
    "return": "return",
}


def money(amount_minor: int, currency: str) -> str:
    return Money(amount_minor, currency).format()


def words(code: str) -> str:
    return label(code)


def what(request: AfterSaleRead) -> str:
    """'return (refund only) for order 1042'."""
    journey = JOURNEY_WORDS.get(request.type.value, words(request.type.value))
    kind = f" ({words(request.kind.value)})" if request.type.value == "return" else ""
    return f"{journey}{kind} for order {request.order_number}"


def time_left(deadline: datetime, now: datetime) -> str:
    seconds = (ensure_utc(deadline) - ensure_utc(now)).total_seconds()
    if seconds <= 0:
        return "deadline passed"
    hours, remainder = divmod(int(seconds), 3600)
    return f"{hours}h {remainder // 60:02d}m left"


def deadline_words(request: AfterSaleRead, now: datetime) -> str:
    if request.deadline is None:
        return ""
    left = time_left(request.deadline, now)
    if request.deadline_action is None:
        return left
    return f"{left}, then the platform will {words(request.deadline_action)}"


def line(request: AfterSaleRead, now: datetime) -> str:
    text = (
        f"• request {request.id}, {what(request)}: {words(request.reason)}, "
        f"{words(request.status)}, {money(request.requested_minor, request.currency)}"
    )
    left = deadline_words(request, now)
    return f"{text} ({left})" if left else text


def page_summary(page: AfterSalePage, now: datetime) -> str:
    if not page.items:
        return "No after-sale requests match."
    more = MORE if page.next_cursor else ""
    lines = [f"{len(page.items)} after-sale request(s), newest first{more}:"]
    lines += [line(request, now) for request in page.items[:MAX_LISTED]]
    return "\n".join(lines)


def request_summary(request: AfterSaleRead, now: datetime) -> str:
    parts = [
        f"Request {request.id}, {what(request)}, is {words(request.status)}. "
        f"Buyer's reason: {words(request.reason)} ({request.fault} fault)"
        + (f', note: "{request.buyer_note}"' if request.buyer_note else "")
        + f". Asks {money(request.requested_minor, request.currency)}."
    ]
    if request.deadline is not None:
        deadline = ensure_utc(request.deadline).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(f"Deadline {deadline} ({deadline_words(request, now)}).")
    if request.offered_minor is not None:
        parts.append(f"Offered {money(request.offered_minor, request.currency)}.")
    if request.refund_minor:
        parts.append(f"Refunded {money(request.refund_minor, request.currency)}.")
    if request.decision_reason:
        parts.append(f"Decision: {words(request.decision_reason)}.")
    if request.return_shipment is not None:
        shipment = request.return_shipment
        parts.append(f"Return shipped with {shipment.carrier} ({shipment.tracking_number}).")
    actions = ", ".join(label(offer.action) for offer in request.available_actions)
    parts.append(f"You can: {actions}." if actions else "Nothing is left for you to do.")
    text = " ".join(parts)
    for item in (request.timeline or [])[-MAX_HISTORY:]:
        at = ensure_utc(item.at).strftime("%Y-%m-%d %H:%M")
        text += f"\n• {at} {item.action} by {item.actor} via {item.channel}"
    return text


def refund_words(refund: RefundBreakdown) -> str:
    text = (
        f"The buyer is refunded {money(refund.refund_minor, refund.currency)} "
        f"(items {money(refund.items_minor, refund.currency)} + shipping "
        f"{money(refund.shipping_minor, refund.currency)}"
    )
    if refund.already_refunded_minor:
        text += f"; {money(refund.already_refunded_minor, refund.currency)} refunded before"
    if refund.capped:
        text += f"; capped at the {money(refund.refundable_minor, refund.currency)} left to refund"
    return f"{text})."


def preview(request: AfterSaleRead) -> str:
    """What the confirmed action would do, from its dry run: nothing has changed yet."""
    text = f"Request {request.id} is a {what(request)} ({words(request.status)})"
    if request.dry_run is None:
        return f"{text}."
    text += f"; it will become {words(request.dry_run.would_become)}."
    if request.dry_run.refund is not None:
        return f"{text} {refund_words(request.dry_run.refund)}"
    if request.dry_run.action == "offer_partial_refund":
        full = money(request.requested_minor, request.currency)
        return f"{text} No money moves until the buyer accepts (the full refund is {full})."
    return f"{text} No money moves now."


def outcome(request: AfterSaleRead) -> str:
    text = f"Request {request.id} is now {words(request.status)}"
    if request.refund_minor:
        text += f"; refunded {money(request.refund_minor, request.currency)}"
    return f"{text}."


def kind_and_status(request: AfterSaleRead) -> str:
    journey = JOURNEY_WORDS.get(request.type.value, words(request.type.value))
    kind = f", {words(request.kind.value)}" if request.type.value == "return" else ""
    return f"{journey}{kind}, {words(request.status)}"


def candidates_question(order_number: int, requests: list[AfterSaleRead]) -> str:
    listed = "; ".join(f"request {r.id} ({kind_and_status(r)})" for r in requests)
    return (
        f"Order {order_number} has more than one after-sale request: {listed}. "
        "Which one? Answer with its id, e.g. 'request "
        f"{requests[0].id}'."
    )

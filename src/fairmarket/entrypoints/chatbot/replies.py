"""What the bot says: questions for missing inputs, confirmations, and short result summaries."""

from __future__ import annotations

import enum
import string
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import seller_capabilities
from fairmarket.domains.cancellations.schemas import CancellationPage, CancellationRead
from fairmarket.domains.orders.schemas import OrderPage, OrderRead
from fairmarket.kernel.clock import ensure_utc
from fairmarket.kernel.money import Money

MAX_LISTED = 10
QUESTIONS = {
    "order_number": "Which order? Give me its number, e.g. 1042.",
    "carrier": "Which carrier is it shipped with (e.g. UPS, USPS, FedEx, DHL)?",
    "tracking_number": "What is the tracking number?",
}
REFERENCE_QUESTION = "Which order is the cancellation request for? Give its order number (e.g. "
REFERENCE_QUESTION += "1042) or the request id (e.g. 'request 17')."


def question_for(capability: Capability, field: str, problem: str | None = None) -> str:
    if field == "reference":
        return REFERENCE_QUESTION
    if field == "note":
        reason = problem or "a note for the buyer is needed"
        return f"What should I tell the buyer? ({reason[0].upper()}{reason[1:]}.)"
    choices = enum_choices(capability, field)
    if choices:
        return f"Which {field}: {', '.join(choices[:-1])} or {choices[-1]}?"
    return QUESTIONS.get(field, f"What is the {field.replace('_', ' ')}?")


def enum_choices(capability: Capability, field: str) -> list[str]:
    info = capability.command.model_fields.get(field)
    if info is None:
        return []
    for candidate in (info.annotation, *typing.get_args(info.annotation)):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [str(member.value) for member in candidate]
    return []


def fill(template: str, arguments: Mapping[str, Any]) -> str:
    """Format a catalogue template; `{target}` names the order or the request."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    values = {name: arguments.get(name, "") for name in names}
    values["target"] = target_of(arguments)
    return template.format(**values)


def target_of(arguments: Mapping[str, Any]) -> str:
    if arguments.get("request_id") is not None:
        return f"request {arguments['request_id']}"
    return f"order {arguments.get('order_number', '?')}"


def confirmation(capability: Capability, arguments: Mapping[str, Any]) -> str:
    text = fill(capability.confirm, arguments)
    if arguments.get("note"):
        text += f' Note to the buyer: "{arguments["note"]}".'
    return f"{text} Reply yes or no."


def help_text() -> str:
    lines = ["I can help with these (try the examples):"]
    for capability in seller_capabilities():
        example = f' — e.g. "{capability.examples[0]}"' if capability.examples else ""
        lines.append(f"• {capability.summary}{example}")
    return "\n".join(lines)


def summary(result: Any, now: datetime) -> str:
    """A short, readable answer for a read or a change."""
    if isinstance(result, OrderPage):
        return order_page_summary(result)
    if isinstance(result, OrderRead):
        return order_summary(result)
    if isinstance(result, CancellationPage):
        return cancellation_page_summary(result, now)
    if isinstance(result, CancellationRead):
        return cancellation_summary(result, now)
    entries = getattr(result, "entries", None)
    if entries is not None:
        return timeline_summary(result.order_number, entries)
    return str(result)


def money(amount_minor: int, currency: str) -> str:
    return Money(amount_minor, currency).format()


def order_line(order: OrderRead) -> str:
    status = order.status.value.replace("_", " ")
    placed = ensure_utc(order.placed_at).strftime("%Y-%m-%d")
    return f"• order {order.number}: {status}, {money(order.total_minor, order.currency)}, {placed}"


def order_page_summary(page: OrderPage) -> str:
    if not page.items:
        return "No orders match."
    lines = [f"{len(page.items)} order(s){' (first page)' if page.next_cursor else ''}:"]
    lines += [order_line(order) for order in page.items[:MAX_LISTED]]
    return "\n".join(lines)


def order_summary(order: OrderRead) -> str:
    text = (
        f"Order {order.number} is {order.status.value.replace('_', ' ')}. "
        f"Total {money(order.total_minor, order.currency)} "
        f"(paid {money(order.paid_minor, order.currency)}, "
        f"refunded {money(order.refunded_minor, order.currency)})."
    )
    items = ", ".join(f"{line.quantity} x {line.title}" for line in order.lines)
    if items:
        text += f" Items: {items}."
    for shipment in order.shipments:
        text += f" Shipped with {shipment.carrier} ({shipment.tracking_number}), {shipment.status}."
    if order.cancel_reason:
        text += f" Cancelled: {order.cancel_reason} ({order.cancel_fault} fault)."
    actions = ", ".join(action.action for action in order.available_actions)
    if actions:
        text += f" You can: {actions}."
    return text


def time_left(deadline: datetime, now: datetime) -> str:
    seconds = (ensure_utc(deadline) - ensure_utc(now)).total_seconds()
    if seconds <= 0:
        return "deadline passed"
    hours, remainder = divmod(int(seconds), 3600)
    return f"{hours}h {remainder // 60:02d}m left"


def cancellation_line(request: CancellationRead, now: datetime) -> str:
    text = f"• request {request.id}, order {request.order_number}: {request.reason.value}"
    if request.status.value == "pending":
        return f"{text}, {time_left(request.deadline, now)} to decide"
    return f"{text}, {request.resolution or request.status.value}"


def cancellation_page_summary(page: CancellationPage, now: datetime) -> str:
    if not page.items:
        return "No cancellation requests match."
    lines = [f"{len(page.items)} cancellation request(s), soonest deadline first:"]
    lines += [cancellation_line(request, now) for request in page.items[:MAX_LISTED]]
    return "\n".join(lines)


def cancellation_summary(request: CancellationRead, now: datetime) -> str:
    text = (
        f"Cancellation request {request.id} for order {request.order_number} is "
        f"{request.status.value} (buyer's reason: {request.reason.value}"
    )
    text += f', note: "{request.buyer_note}")' if request.buyer_note else ")"
    if request.status.value == "pending":
        deadline = ensure_utc(request.deadline).strftime("%Y-%m-%d %H:%M UTC")
        text += f". Deadline {deadline} ({time_left(request.deadline, now)})"
    if request.refund_minor:
        text += f". Refunded {money(request.refund_minor, request.currency)}"
    if request.reject_reason:
        text += f". Rejected: {request.reject_reason.value}"
    actions = ", ".join(action.action for action in request.available_actions)
    return f"{text}. You can: {actions}." if actions else f"{text}."


def timeline_summary(order_number: int, entries: list[Any]) -> str:
    if not entries:
        return f"Order {order_number} has no recorded changes yet."
    lines = [f"History of order {order_number}:"]
    for entry in entries[-MAX_LISTED:]:
        at = ensure_utc(entry.at).strftime("%Y-%m-%d %H:%M")
        reason = f" ({entry.reason})" if entry.reason else ""
        lines.append(f"• {at} {entry.action}{reason} by {entry.actor} via {entry.channel}")
    return "\n".join(lines)


def outcome(result: Any) -> str:
    """The key fields after a change: where the order or the request stands now."""
    if isinstance(result, OrderRead):
        text = f"Order {result.number} is now {result.status.value.replace('_', ' ')}"
        if result.refunded_minor:
            text += f"; refunded {money(result.refunded_minor, result.currency)}"
        return f"{text}."
    if isinstance(result, CancellationRead):
        text = f"Request {result.id} is now {result.status.value}"
        if result.refund_minor:
            text += f"; refunded {money(result.refund_minor, result.currency)}"
        return f"{text}."
    return ""


def as_data(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [as_data(item) for item in result]
    return result

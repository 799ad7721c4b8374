"""What the bot says: questions for missing inputs, confirmations, and short result summaries."""

from __future__ import annotations

import enum
import string
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import chat_capabilities
from fairmarket.domains.after_sales.schemas import AfterSalePage, AfterSaleRead
from fairmarket.domains.orders.schemas import OrderPage, OrderRead
from fairmarket.domains.rules.schemas import DecisionExplanation
from fairmarket.entrypoints.chatbot import after_sale_replies
from fairmarket.entrypoints.chatbot.arguments import AMOUNT_SHARE
from fairmarket.entrypoints.chatbot.labels import label
from fairmarket.entrypoints.chatbot.money_words import share_from_text, share_words
from fairmarket.kernel.clock import ensure_utc

MAX_LISTED = 10
QUESTIONS = {
    "order_number": "Which order? Give me its number, e.g. 1042.",
    "carrier": "Which carrier is it shipped with (e.g. UPS, USPS, FedEx, DHL)?",
    "tracking_number": "What is the tracking number?",
    "amount_minor": "How much do you offer? For example $5, 5.50 dollars or 500 cents.",
    "request_id": "Which request? Answer with its id, e.g. 'request 17'.",
}
REFERENCE_QUESTION = "Which request? Give its id (e.g. 'request 17') or its order number (e.g. "
REFERENCE_QUESTION += "1042)."


def question_for(capability: Capability, field: str, problem: str | None = None) -> str:
    if field == "reference":
        return REFERENCE_QUESTION
    if field == "note":
        reason = (problem or "a note for the buyer is needed").rstrip(".")
        return f"What should I tell the buyer? ({reason[0].upper()}{reason[1:]}.)"
    choices = enum_choices(capability, field)
    if choices:
        shown = [label(choice) for choice in choices]
        return f"Which {field}: {', '.join(shown[:-1])} or {shown[-1]}?"
    return QUESTIONS.get(field, f"What is the {field.replace('_', ' ')}?")


def enum_choices(capability: Capability, field: str) -> list[str]:
    info = capability.command.model_fields.get(field)
    if info is None:
        return []
    for candidate in (info.annotation, *typing.get_args(info.annotation)):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [str(member.value) for member in candidate]
    return []


def fill(
    template: str,
    arguments: Mapping[str, Any],
    currency: str | None = None,
    asked_minor: int | None = None,
) -> str:
    """Format a catalogue template; `{target}` names the order or the request, `{amount}` is
    `amount_minor` in the order's currency, with the share of the amount asked it was taken as
    ("27.50 USD (half of the 54.99 USD asked)")."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    values = {name: arguments.get(name, "") for name in names}
    values["target"] = target_of(arguments)
    amount = arguments.get("amount_minor")
    if isinstance(amount, int):
        values["amount"] = money(amount, currency) if currency else f"{amount} minor units"
        share = arguments.get(AMOUNT_SHARE)
        if share and currency and asked_minor is not None:
            part = share_words(share_from_text(str(share)))
            values["amount"] += f" ({part} of the {money(asked_minor, currency)} asked)"
    return template.format(**values)


def target_of(arguments: Mapping[str, Any]) -> str:
    if arguments.get("request_id") is not None:
        return f"request {arguments['request_id']}"
    return f"order {arguments.get('order_number', '?')}"


def confirmation(
    capability: Capability, arguments: Mapping[str, Any], dry_run: Any | None = None
) -> str:
    """The question before a change; with a dry run's result, what the change would do."""
    currency = dry_run.currency if isinstance(dry_run, AfterSaleRead) else None
    asked = dry_run.requested_minor if isinstance(dry_run, AfterSaleRead) else None
    text = fill(capability.confirm, arguments, currency, asked)
    if isinstance(dry_run, AfterSaleRead):
        text += " " + after_sale_replies.preview(dry_run)
    if arguments.get("note"):
        text += f' Note to the buyer: "{arguments["note"]}".'
    if arguments.get("evidence"):
        text += f" Evidence: {', '.join(arguments['evidence'])}."
    return f"{text} Reply yes or no."


def help_text() -> str:
    """What the bot can do, grouped by area, each with an example to try."""
    groups: dict[str, list[Capability]] = {}
    for capability in chat_capabilities():
        groups.setdefault(area_of(capability), []).append(capability)
    lines = ["I can help with these (try the examples):"]
    for area, capabilities in groups.items():
        lines.append(f"{area}:")
        for capability in capabilities:
            example = f' — e.g. "{capability.examples[0]}"' if capability.examples else ""
            lines.append(f"• {capability.summary}{example}")
    return "\n".join(lines)


def area_of(capability: Capability) -> str:
    """The area the capability declares, else its domain's name in words ("After sales")."""
    declared = str(getattr(capability, "area", "") or "")
    if declared:
        return declared[0].upper() + declared[1:]
    domain = capability.name.split(".", 1)[0].replace("_", " ")
    return domain[0].upper() + domain[1:]


def summary(result: Any, now: datetime) -> str:
    """A short, readable answer for a read or a change."""
    if isinstance(result, AfterSalePage):
        return after_sale_replies.page_summary(result, now)
    if isinstance(result, AfterSaleRead):
        return after_sale_replies.request_summary(result, now)
    for kind, words in SUMMARIES:
        if isinstance(result, kind):
            return words(result)
    entries = getattr(result, "entries", None)
    if entries is not None:
        return timeline_summary(result.order_number, entries)
    return str(result)


money = after_sale_replies.money


def explanation_summary(explanation: DecisionExplanation) -> str:
    """The rules engine's explanation, in words: the summary, then each condition that held."""
    lines = [explanation.summary]
    if explanation.decided_by_rule and explanation.reasons:
        lines.append("Conditions that held:")
        lines += [f"• {reason.words}" for reason in explanation.reasons if reason.held]
    return "\n".join(lines)


def order_line(order: OrderRead) -> str:
    status = label(order.status.value)
    placed = ensure_utc(order.placed_at).strftime("%Y-%m-%d")
    return f"• order {order.number}: {status}, {money(order.total_minor, order.currency)}, {placed}"


def order_page_summary(page: OrderPage) -> str:
    if not page.items:
        return "No orders match."
    more = after_sale_replies.MORE if page.next_cursor else ""
    lines = [f"{len(page.items)} order(s){more}:"]
    lines += [order_line(order) for order in page.items[:MAX_LISTED]]
    return "\n".join(lines)


def order_summary(order: OrderRead) -> str:
    text = (
        f"Order {order.number} is {label(order.status.value)}. "
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
    actions = ", ".join(label(action.action) for action in order.available_actions)
    if actions:
        text += f" You can: {actions}."
    return text


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
        text = f"Order {result.number} is now {label(result.status.value)}"
        if result.refunded_minor:
            text += f"; refunded {money(result.refunded_minor, result.currency)}"
        return f"{text}."
    if isinstance(result, AfterSaleRead):
        return after_sale_replies.outcome(result)
    return ""


# Answers that do not depend on the time of day.
SUMMARIES: tuple[tuple[type[BaseModel], Callable[[Any], str]], ...] = (
    (OrderPage, order_page_summary),
    (OrderRead, order_summary),
    (DecisionExplanation, explanation_summary),
)


def as_data(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [as_data(item) for item in result]
    return result

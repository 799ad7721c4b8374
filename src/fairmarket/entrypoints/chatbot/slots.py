"""Deterministic slot extraction: order numbers, request ids, carrier, tracking, reasons, notes.

Reasons and statuses are found by the synonyms declared beside their enums; numbers and codes by
patterns.
The same functions fill a single missing argument when the seller answers a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from fairmarket.domains.after_sales.machines import (
    AfterSaleStatus,
    RejectReason,
)
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.schemas import SellerCancelReason
from fairmarket.entrypoints.chatbot.lexicon import CARRIER_ALIASES, CARRIERS
from fairmarket.entrypoints.chatbot.money_words import AmountMention, find_amount
from fairmarket.kernel.synonyms import find_member

MAX_REFERENCE_DIGITS = 9  # order numbers and ids are database integers; longer is a tracking code
# A number with no "order", "#" or "request" before it names an order only if it has 3+ digits:
# "cancel 77120" is an order, "a table for 5" or "channel 6" is not.
MIN_BARE_ORDER_DIGITS = 3
TRACKING_AFTER_WORD = re.compile(
    r"\btracking(?:\s+(?:number|no\.?|num|code|id|ref))?(?:\s+(?:is|was|=))?\s*[:#]?\s*"
    r"([A-Za-z0-9][A-Za-z0-9\-]{3,59})\b",
    re.IGNORECASE,
)
TRACKING_LIKE = re.compile(
    r"\b((?=[A-Za-z0-9\-]*\d)(?=[A-Za-z0-9\-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9\-]{7,59}"
    r"|\d{10,40})\b"
)
NOT_TRACKING = frozenset({"number", "code", "is", "for", "the", "no", "num", "id", "ref"})
REQUEST_ID = re.compile(
    r"\b(?:request|req|id|return|rma|case|dispute)(?:\s+(?:id|number|no|num))?\s*#?\s*(\d+)\b"
)
ORDER_NUMBER_AFTER_WORD = re.compile(r"\b(?:order|purchase)(?:\s+(?:number|no|num))?\s*#?\s*(\d+)")
ANY_NUMBER = re.compile(
    r"(?:#\s*|\b)(\d+)\b(?!\s+(?:orders|requests|cancellations|days|hours|minutes|items|units))"
)
CARRIER_AFTER_WORD = re.compile(
    r"\b(?:via|with|by|using|through|carrier(?:\s+is)?\s*:?)\s+([A-Za-z][A-Za-z\-]{1,30})\b",
    re.IGNORECASE,
)
NOT_A_CARRIER = frozenset(
    {"the", "a", "an", "my", "our", "your", "their", "his", "her", "this", "that", "me", "us"}
    | {"tracking", "track", "number", "it", "them", "reason", "note", "code", "and", "order"}
)
NOTE = re.compile(
    r"\b(?:note|message to (?:the )?(?:buyer|customer)|tell (?:the )?(?:buyer|customer)"
    r"(?:\s+that)?|saying)\s*[:\-]?\s*(.{3,})$",
    re.IGNORECASE | re.DOTALL,
)
LINK = re.compile(r"https://[^\s\"'<>\u201c\u201d]{1,490}")
MAX_LINKS = 5
QUOTED = re.compile(r"[\"\u201c](.{3,}?)[\"\u201d]", re.DOTALL)


@dataclass(frozen=True)
class References:
    order_number: int | None
    request_id: int | None


def tracking_number(original: str) -> str | None:
    for match in TRACKING_AFTER_WORD.finditer(original):
        if match.group(1).lower() not in NOT_TRACKING:
            return match.group(1)
    code = TRACKING_LIKE.search(original)
    return code.group(1) if code else None


def carrier(text: str, original: str) -> str | None:
    for name in (*CARRIERS, *CARRIER_ALIASES):
        if re.search(rf"\b{re.escape(name.lower())}\b", text):
            return CARRIER_ALIASES.get(name, name)
    for match in CARRIER_AFTER_WORD.finditer(original):
        if match.group(1).lower() not in NOT_A_CARRIER:
            return match.group(1)
    return None


def references(text: str, tracking: str | None) -> References:
    if tracking:
        text = text.replace(tracking.lower(), " ")
    request_id = _first_reference(REQUEST_ID, text)
    order_number = _first_reference(ORDER_NUMBER_AFTER_WORD, text)
    if order_number is None:
        remaining = REQUEST_ID.sub(" ", text)
        order_number = _first_reference(ANY_NUMBER, remaining, MIN_BARE_ORDER_DIGITS)
    return References(order_number=order_number, request_id=request_id)


def _first_reference(pattern: re.Pattern[str], text: str, min_digits: int = 1) -> int | None:
    for match in pattern.finditer(text):
        digits = match.group(1)
        explicit = match.group(0).startswith("#")
        long_enough = explicit or len(digits) >= min_digits
        if long_enough and len(digits) <= MAX_REFERENCE_DIGITS and int(digits) > 0:
            return int(digits)
    return None


def named_value(enum_type: type[Enum], text: str) -> str | None:
    """The value of the member the text names first, through the synonyms beside the enum."""
    member = find_member(enum_type, text)
    return str(member.value) if member is not None else None


def reject_reason(text: str) -> str | None:
    return named_value(RejectReason, text)


def seller_cancel_reason(text: str) -> str | None:
    return named_value(SellerCancelReason, text)


def order_status(text: str) -> str | None:
    return named_value(OrderStatus, text)


def after_sale_status(text: str) -> str | None:
    return named_value(AfterSaleStatus, text)


# Money is read in one place (`money_words`); the rules only need to know one was named.
Amount = AmountMention
amount = find_amount


def links(original: str) -> list[str]:
    return [link.rstrip(".,;)") for link in LINK.findall(original)][:MAX_LINKS]


def note(original: str) -> str | None:
    quoted = QUOTED.search(original)
    if quoted:
        return quoted.group(1).strip()
    match = NOTE.search(original)
    return match.group(1).strip().strip("\"'") if match else None

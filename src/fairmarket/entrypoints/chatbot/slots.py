"""Deterministic slot extraction: order numbers, request ids, carrier, tracking, reasons, notes.

Reasons and statuses are found by synonym phrases (see `lexicon`); numbers and codes by patterns.
The same functions fill a single missing argument when the seller answers a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from fairmarket.entrypoints.chatbot.after_sale_words import (
    AFTER_SALE_STATUSES,
    AFTER_SALE_TYPES,
    REQUEST_KINDS,
)
from fairmarket.entrypoints.chatbot.lexicon import (
    CARRIER_ALIASES,
    CARRIERS,
    ORDER_STATUSES,
    REJECT_REASONS,
    SELLER_CANCEL_REASONS,
)

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
# Amounts of money. Currency amounts are in major units with two decimals ("$5", "5.50 dollars",
# "EUR 12"); "cents" and "minor units" are minor units already. The confirmation shows the
# amount in the order's own currency before anything happens.
NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
MINOR_AMOUNT = re.compile(r"\b(\d+)\s*(?:cents?|pence|minor units?|minor)\b", re.IGNORECASE)
CURRENCY_FIRST = re.compile(
    rf"(?:[$\u20ac\u00a3]|\b(?:usd|eur|gbp|cad|aud)\s*){NUMBER}", re.IGNORECASE
)
CURRENCY_AFTER = re.compile(
    rf"(?<![\d.,]){NUMBER}\s*(?:dollars?|bucks|euros?|pounds?|usd|eur|gbp|cad|aud)\b", re.IGNORECASE
)
BARE_AMOUNT = re.compile(
    r"\b(?:offer|offering|propose|give|refund|amount(?: is)?|refund of|partial refund of)\s+"
    rf"(?:them\s+|the buyer\s+|the customer\s+|a partial refund of\s+|a refund of\s+)?{NUMBER}"
    r"(?![\d.,]|\s*(?:%|percent))",
    re.IGNORECASE,
)
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


def first_match(table: dict[str, re.Pattern[str]], text: str) -> str | None:
    """The canonical value whose phrase occurs first in the text (ties: table order)."""
    best: tuple[int, str] | None = None
    for value, pattern in table.items():
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), value)
    return best[1] if best else None


def reject_reason(text: str) -> str | None:
    return _exact_value(text, REJECT_REASONS) or first_match(REJECT_REASONS, text)


def seller_cancel_reason(text: str) -> str | None:
    return _exact_value(text, SELLER_CANCEL_REASONS) or first_match(SELLER_CANCEL_REASONS, text)


def order_status(text: str) -> str | None:
    return _exact_value(text, ORDER_STATUSES) or first_match(ORDER_STATUSES, text)


def after_sale_status(text: str) -> str | None:
    return _exact_value(text, AFTER_SALE_STATUSES) or first_match(AFTER_SALE_STATUSES, text)


def after_sale_type(text: str) -> str | None:
    return _exact_value(text, AFTER_SALE_TYPES) or first_match(AFTER_SALE_TYPES, text)


def request_kind(text: str) -> str | None:
    return _exact_value(text, REQUEST_KINDS) or first_match(REQUEST_KINDS, text)


@dataclass(frozen=True)
class Amount:
    minor: int
    span: tuple[int, int]  # where it is in the original message


def amount(original: str) -> Amount | None:
    """The first amount of money in the message, in minor units (two decimals assumed)."""
    minor = MINOR_AMOUNT.search(original)
    if minor:
        return Amount(int(minor.group(1)), minor.span())
    for pattern in (CURRENCY_FIRST, CURRENCY_AFTER, BARE_AMOUNT):
        found = pattern.search(original)
        if found:
            return Amount(to_minor(found.group(1)), found.span(1))
    return None


def to_minor(number: str) -> int:
    if re.fullmatch(r"\d+,\d{1,2}", number):  # "5,50": a decimal comma
        number = number.replace(",", ".")
    return int(Decimal(number.replace(",", "")) * 100)


def links(original: str) -> list[str]:
    return [link.rstrip(".,;)") for link in LINK.findall(original)][:MAX_LINKS]


def _exact_value(text: str, table: dict[str, re.Pattern[str]]) -> str | None:
    """A seller may type the code itself ("already_shipped") or with spaces."""
    for value in table:
        if re.search(rf"\b{value}\b|\b{value.replace('_', ' ')}\b", text):
            return value
    return None


def note(original: str) -> str | None:
    quoted = QUOTED.search(original)
    if quoted:
        return quoted.group(1).strip()
    match = NOTE.search(original)
    return match.group(1).strip().strip("\"'") if match else None

"""Reading the seller's answer to one question: a bare number, a reason, a note, a carrier..."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fairmarket.capabilities.catalogue import Capability
from fairmarket.entrypoints.chatbot import money_words, slots
from fairmarket.entrypoints.chatbot.arguments import AMOUNT_SHARE
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.replies import enum_choices
from fairmarket.entrypoints.chatbot.schema_slots import SlotKind, slots_of

BARE_NUMBER = re.compile(r"^(?:order\s*)?#?\s*(\d{1,9})$")
CHOICE_NUMBER = re.compile(r"^(\d)$")
BARE_REQUEST = re.compile(r"^#?\s*(\d{1,9})$")
BARE_AMOUNT = re.compile(rf"^{money_words.NUMBER}$")
MAX_CARRIER_WORDS = 3


def answer_to(capability: Capability, field: str, message: str) -> dict[str, Any]:
    """The arguments an answer gives for `field` (empty when it does not answer it)."""
    reader = READERS.get(field)
    if reader is None:
        return {}
    value = reader(capability, normalize(message).text, message.strip())
    if value is None:
        return {}
    return value if isinstance(value, dict) else {field: value}


def _order_number(capability: Capability, text: str, message: str) -> int | None:
    return _number(text)


def _reason_answer(capability: Capability, text: str, message: str) -> str | None:
    return _reason(capability, text)


def _note(capability: Capability, text: str, message: str) -> str | None:
    return message or None


def _carrier(capability: Capability, text: str, message: str) -> str | None:
    carrier = slots.carrier(text, message) or message
    return carrier if len(carrier.split()) <= MAX_CARRIER_WORDS else None


def _tracking(capability: Capability, text: str, message: str) -> str | None:
    tracking = slots.tracking_number(message) or message
    return tracking if " " not in tracking else None


def _request_id(capability: Capability, text: str, message: str) -> int | None:
    """Asked which request: a bare number is its id."""
    found = slots.references(text, None)
    if found.request_id is not None:
        return found.request_id
    bare = BARE_REQUEST.match(text)
    return int(bare.group(1)) if bare else None


def _amount(capability: Capability, text: str, message: str) -> dict[str, Any] | None:
    """Asked how much: "$5", "5.50", "500 cents", "half", "20%"; a bare number is in the
    currency's units."""
    field = next(s.name for s in slots_of(capability.command) if s.kind is SlotKind.MONEY)
    found = money_words.find_amount(message)
    if found is not None and found.minor is not None:
        return {field: found.minor}
    if found is not None and found.share is not None:
        return {AMOUNT_SHARE: money_words.share_to_text(found.share)}
    bare = BARE_AMOUNT.match(message.strip())
    return {field: money_words.to_minor(bare.group(1))} if bare else None


def _reference_answer(capability: Capability, text: str, message: str) -> dict[str, Any] | None:
    return _reference(text) or None


def _number(text: str) -> int | None:
    bare = BARE_NUMBER.match(text)
    if bare:
        return int(bare.group(1))
    return slots.references(text, None).order_number


def _reference(text: str) -> dict[str, Any]:
    found = slots.references(text, None)
    if found.request_id is not None:
        return {"request_id": found.request_id}
    number = _number(text)
    return {"order_number": number} if number is not None else {}


def _reason(capability: Capability, text: str) -> str | None:
    choices = enum_choices(capability, "reason")
    chosen = CHOICE_NUMBER.match(text)
    if chosen and 1 <= int(chosen.group(1)) <= len(choices):
        return choices[int(chosen.group(1)) - 1]
    for finder in (slots.reject_reason, slots.seller_cancel_reason):
        reason = finder(text)
        if reason in choices:
            return reason
    return None


READERS: dict[str, Callable[[Capability, str, str], Any]] = {
    "reference": _reference_answer,
    "order_number": _order_number,
    "reason": _reason_answer,
    "note": _note,
    "carrier": _carrier,
    "tracking_number": _tracking,
    "request_id": _request_id,
    "amount_minor": _amount,
}

"""Frozen copy of the rules-only interpreter as it was before the classifier (main at bccc271),
kept as the reference `bench.chatbot.run` measures against; not used by the product.

`interpret(message)`: which seller capability a plain-English message asks for, with what.

Design: normalise (lower case, contractions, RapidFuzz typo correction of domain words), find
concepts by synonym phrases (`lexicon`), choose a capability by a few ordered rules (`intents`),
then extract its arguments deterministically (`slots`). Rules rather than a trained classifier
because the vocabulary is small and closed, arguments must be exact, out-of-scope messages must be
refused reliably, and import stays in milliseconds. The catalogue's examples and the phrasings in
`phrasings` are the development set; `supported_capabilities()` is measured on them at import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from fairmarket.capabilities.registry import BY_NAME, chat_capabilities
from fairmarket.domains.after_sales.machines import JOURNEYS, JourneyType, RequestKind
from fairmarket.entrypoints.chatbot import slots
from fairmarket.entrypoints.chatbot.intents import Features, choose, features
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS

MAX_MESSAGE_LENGTH = 2000
CONFIDENCE_LOST_PER_CORRECTION = 0.04
NULL_CONFIDENCE_WITH_DOMAIN_WORDS = 0.2
NULL_CONFIDENCE = 0.02
# Besides a request's id, a message may name it by its order; the dialog resolves it to the id.
REFERENCE_BY_ORDER = "order_number"


class Interpretation(BaseModel):
    capability: str | None
    arguments: dict[str, Any] = Field(default_factory=dict)
    confidence: float = Field(ge=0, le=1)


def interpret(message: str) -> Interpretation:
    original = message[:MAX_MESSAGE_LENGTH]
    normalized = normalize(original)
    found = features(normalized.text, original)
    capability, strength = choose(found)
    if capability is None:
        confidence = NULL_CONFIDENCE_WITH_DOMAIN_WORDS if found.domain_signal else NULL_CONFIDENCE
        return Interpretation(capability=None, confidence=confidence)
    confidence = strength - CONFIDENCE_LOST_PER_CORRECTION * normalized.corrections
    return Interpretation(
        capability=capability,
        arguments=arguments_for(capability, found, original),
        confidence=round(max(0.5, min(confidence, 0.99)), 2),
    )


def arguments_for(capability: str, found: Features, original: str) -> dict[str, Any]:
    note = slots.note(original)
    without_note = original.replace(note, " ") if note else original
    references = found.references
    fields = BY_NAME[capability].command.model_fields
    candidates: dict[str, Any] = {"order_number": references.order_number, "note": note}
    if "request_id" in fields:
        # A request is named by its id, or by its order until the dialog looks the id up.
        candidates["request_id"] = references.request_id
        if references.request_id is not None:
            candidates["order_number"] = None
    candidates.update(specific_arguments(capability, found, without_note))
    allowed = set(fields) | ({REFERENCE_BY_ORDER} if "request_id" in fields else set())
    return {
        name: value for name, value in candidates.items() if value is not None and name in allowed
    }


def specific_arguments(capability: str, found: Features, without_note: str) -> dict[str, Any]:
    extractor = EXTRACTORS.get(capability)
    return extractor(found, without_note) if extractor else {}


def _ship(found: Features, without_note: str) -> dict[str, Any]:
    return {
        "carrier": slots.carrier(normalize(without_note).text, without_note),
        "tracking_number": found.tracking,
    }


def _reject(found: Features, without_note: str) -> dict[str, Any]:
    return {"reason": found.reject_reason, "evidence": slots.links(without_note) or None}


def _list_after_sales(found: Features, without_note: str) -> dict[str, Any]:
    kind = slots.named_value(RequestKind, found.text)
    journey = slots.named_value(JourneyType, found.text)
    status = slots.after_sale_status(found.text)
    if journey is not None and status is not None and not journey_has(journey, status):
        status = None  # "cancellations in transit" names the journey, not a status
    if journey == "fulfilment_cancellation" and status == "intercepting":
        status = None  # "interceptions" names the journey, not only one of its statuses
    return {"type": journey, "status": status, "kind": kind}


EXTRACTORS: dict[str, Callable[[Features, str], dict[str, Any]]] = {
    "orders.ship": _ship,
    "orders.cancel": lambda found, _: {"reason": found.seller_cancel_reason},
    "orders.list": lambda found, _: {"status": found.order_status},
    "after_sales.reject": _reject,
    "after_sales.offer_partial_refund": lambda found, _: {
        "amount_minor": found.amount.minor if found.amount else None
    },
    "after_sales.list": _list_after_sales,
}


def journey_has(journey: str, status: str) -> bool:
    return status in JOURNEYS[JourneyType(journey)].status_by_name


def supported_capabilities() -> set[str]:
    """Seller capabilities whose catalogue examples and development phrasings all interpret right.

    Measured, not declared: a capability whose phrasings stop interpreting correctly drops out,
    and `fairmarket parity` then reports the chatbot as lacking it.
    """
    supported = set()
    for capability in chat_capabilities():
        examples_ok = all(interpret(e).capability == capability.name for e in capability.examples)
        phrasings_ok = all(
            interpret(text).capability == capability.name and interpret(text).arguments == args
            for text, name, args in DEVELOPMENT_PHRASINGS
            if name == capability.name
        )
        if capability.examples and examples_ok and phrasings_ok:
            supported.add(capability.name)
    return supported


CHATBOT_CAPABILITIES: frozenset[str] = frozenset(supported_capabilities())

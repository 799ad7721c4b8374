"""`interpret(message)`: which seller capability a plain-English message asks for, with what.

Design: normalise (lower case, contractions, RapidFuzz typo correction of domain words), find
concepts by synonym phrases (`lexicon`), choose a capability by a few ordered rules (`intents`),
then read its arguments from its command schema (`arguments`). Rules rather than a trained
classifier because the vocabulary is small and closed, arguments must be exact, out-of-scope
messages must be refused reliably, and import stays in milliseconds. The catalogue's examples and
the phrasings in `phrasings` are the development set; `supported_capabilities()` is measured on
them at import.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from fairmarket.capabilities.registry import chat_capabilities
from fairmarket.entrypoints.chatbot.arguments import REFERENCE_BY_ORDER, arguments_for
from fairmarket.entrypoints.chatbot.intents import choose, features
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS

# REFERENCE_BY_ORDER is re-exported: callers written before `arguments` import it from here.
__all__ = [
    "CHATBOT_CAPABILITIES",
    "MAX_MESSAGE_LENGTH",
    "REFERENCE_BY_ORDER",
    "Interpretation",
    "interpret",
    "supported_capabilities",
]

MAX_MESSAGE_LENGTH = 2000
CONFIDENCE_LOST_PER_CORRECTION = 0.04
NULL_CONFIDENCE_WITH_DOMAIN_WORDS = 0.2
NULL_CONFIDENCE = 0.02


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
        arguments=arguments_for(capability, original),
        confidence=round(max(0.5, min(confidence, 0.99)), 2),
    )


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

"""`interpret(message)`: which seller capability a plain-English message asks for, with what.

Design: a classifier over a sentence embedding and words (`recognizer`), fitted on what each
capability declares (`training`), chooses the capability or none; a negated instruction never
becomes its positive change (`scope`); the arguments are then read deterministically from the
command schema by ONE call, `extract_arguments` (`arguments`). When the classifier refuses, the
first chatbot's rules (`intents`) may still recognise a request written in the words they know.
The catalogue's examples and the phrasings in `phrasings` are training data;
`supported_capabilities()` is measured on them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from fairmarket.capabilities.registry import BY_NAME, chat_capabilities
from fairmarket.entrypoints.chatbot import recognizer as recognizers
from fairmarket.entrypoints.chatbot import scope
from fairmarket.entrypoints.chatbot.arguments import REFERENCE_BY_ORDER, arguments_for
from fairmarket.entrypoints.chatbot.intents import choose, features
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS
from fairmarket.entrypoints.chatbot.training import training_set

# REFERENCE_BY_ORDER is re-exported: callers written before `arguments` import it from here.
__all__ = [
    "MAX_MESSAGE_LENGTH",
    "REFERENCE_BY_ORDER",
    "Interpretation",
    "extract_arguments",
    "interpret",
    "supported_capabilities",
    "warm_up",
]

MAX_MESSAGE_LENGTH = 2000
CONFIDENCE_LOST_PER_CORRECTION = 0.04
NULL_CONFIDENCE = 0.02
# The rules' reading when the classifier refused, only if the classifier finds it plausible.
RULES_CONFIDENCE_SCALE = 0.8
RULES_NEED_PROBABILITY = 0.2
# Unsure: the best class is below this probability, or the runner-up is this close to it.
CLARIFY_BELOW = 0.5
CLARIFY_MARGIN = 0.15
CACHE_DIR = Path("var/cache/chatbot")


class Interpretation(BaseModel):
    capability: str | None
    arguments: dict[str, Any] = Field(default_factory=dict)
    confidence: float = Field(ge=0, le=1)
    # Not part of the JSON-lines contract: what the dialog needs to ask or to refuse.
    alternatives: tuple[str, ...] = Field(default=(), exclude=True)
    declined: str | None = Field(default=None, exclude=True)


@functools.cache
def recognizer() -> recognizers.Recognizer:
    """The classifier fitted on today's chat capabilities (from the cache after the first fit)."""
    return recognizers.load_or_fit(training_set(chat_capabilities()), CACHE_DIR)


def warm_up() -> None:
    """At server start: load the model and the fitted classifier, so no request waits for them."""
    recognizer().rank("warm up")


def interpret(message: str) -> Interpretation:
    original = message[:MAX_MESSAGE_LENGTH]
    normalized = normalize(original)
    if not normalized.text:
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    capability, confidence, alternatives = recognize(normalized.text, original)
    if capability is None:
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    if scope.refuses(original, BY_NAME[capability]):
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE, declined=capability)
    if scope.asks_in_general(original, BY_NAME[capability]):
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    confidence -= CONFIDENCE_LOST_PER_CORRECTION * normalized.corrections
    return Interpretation(
        capability=capability,
        arguments=extract_arguments(capability, original),
        confidence=round(max(0.05, min(confidence, 0.99)), 2),
        alternatives=alternatives,
    )


def recognize(text: str, original: str) -> tuple[str | None, float, tuple[str, ...]]:
    """The capability, the confidence in it, and the two likeliest when it is unsure."""
    ranking = recognizer().rank(text)
    best, probability = ranking.best
    if best == recognizers.OUT_OF_SCOPE or probability < recognizer().threshold:
        return fallback(ranking, text, original)
    runner_up, second = ranking.runner_up
    unsure = probability < CLARIFY_BELOW or probability - second < CLARIFY_MARGIN
    if unsure and runner_up != recognizers.OUT_OF_SCOPE:
        return best, probability, (best, runner_up)
    return best, probability, ()


def fallback(
    ranking: recognizers.Ranking, text: str, original: str
) -> tuple[str | None, float, tuple[str, ...]]:
    """The rules' reading, when the classifier also finds it plausible."""
    by_rules, strength = choose(features(text, original))
    if by_rules is None or ranking.probability_of(by_rules) < RULES_NEED_PROBABILITY:
        return None, 0.0, ()
    return by_rules, strength * RULES_CONFIDENCE_SCALE, ()


def extract_arguments(capability: str, original: str) -> dict[str, Any]:
    """The capability's arguments in the message, read from its command schema (`arguments`)."""
    return arguments_for(capability, original)


@functools.cache
def supported_capabilities() -> frozenset[str]:
    """Seller capabilities whose catalogue examples and development phrasings all interpret right.

    Measured, not declared: a capability whose phrasings stop interpreting correctly drops out,
    and `fairmarket parity` then reports the chatbot as lacking it.
    """
    supported: set[str] = set()
    for capability in chat_capabilities():
        examples_ok = all(interpret(e).capability == capability.name for e in capability.examples)
        phrasings_ok = all(
            interpret(text).capability == capability.name and interpret(text).arguments == args
            for text, name, args in DEVELOPMENT_PHRASINGS
            if name == capability.name
        )
        if capability.examples and examples_ok and phrasings_ok:
            supported.add(capability.name)
    return frozenset(supported)

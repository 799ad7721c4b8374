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

from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import BY_NAME, chat_capabilities
from fairmarket.entrypoints.chatbot import described_choices, scope
from fairmarket.entrypoints.chatbot import recognizer as recognizers
from fairmarket.entrypoints.chatbot.arguments import (
    REFERENCE_BY_ORDER,
    REQUEST_ID,
    arguments_for,
    named_by_position,
    names_a_reference,
)
from fairmarket.entrypoints.chatbot.embedding import known_words
from fairmarket.entrypoints.chatbot.intents import choose, features
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS
from fairmarket.entrypoints.chatbot.schema_slots import SlotKind, slots_of
from fairmarket.entrypoints.chatbot.training import training_set
from fairmarket.settings import Settings

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
# A change that names nothing to act on ("approve my vacation request") is taken only when the
# classifier itself is this sure of it: the rules' reading alone does not suffice.
WRITE_WITHOUT_OBJECT_NEEDS = 0.65


class Interpretation(BaseModel):
    capability: str | None
    arguments: dict[str, Any] = Field(default_factory=dict)
    confidence: float = Field(ge=0, le=1)
    # Not part of the JSON-lines contract: what the dialog needs to ask or to refuse.
    alternatives: tuple[str, ...] = Field(default=(), exclude=True)
    declined: str | None = Field(default=None, exclude=True)
    # The request id is the number after the verb, with no noun ("reject 58213"): the dialog
    # takes it as the order's number when no request has it and that order has requests.
    request_by_position: bool = Field(default=False, exclude=True)


_cache_dir: Path | None = None  # set by `warm_up`; else the Settings' `chatbot_cache_dir`


@functools.cache
def recognizer() -> recognizers.Recognizer:
    """The classifier fitted on today's chat capabilities (from the cache after the first fit)."""
    cache_dir = _cache_dir or Settings().chatbot_cache_dir
    return recognizers.load_or_fit(training_set(chat_capabilities()), cache_dir)


def warm_up(cache_dir: Path | None = None) -> None:
    """At server start: load the model and the fitted classifier, so no request waits for them.
    `cache_dir` is where the fitted classifier is kept (the server passes its Settings' value);
    it counts only before the classifier is first loaded in this process."""
    global _cache_dir  # noqa: PLW0603 - the process's one classifier, configured at start
    if cache_dir is not None and _cache_dir is None:
        _cache_dir = cache_dir
    recognizer().rank("warm up")
    known_words()  # the typo corrector's English words
    described_choices.warm_up(
        slot.choices
        for capability in chat_capabilities()
        for slot in slots_of(capability.command)
        if slot.choices is not None
    )


def interpret(message: str) -> Interpretation:
    original = message[:MAX_MESSAGE_LENGTH]
    normalized = normalize(original)
    if not normalized.text:
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    ranking = recognizer().rank(normalized.text)
    capability, confidence, alternatives = recognize(ranking, normalized.text, original)
    if capability is None:
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    chosen = BY_NAME[capability]
    if scope.refuses(original, chosen):
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE, declined=capability)
    if scope.asks_in_general(original, chosen):
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    arguments = extract_arguments(capability, original)
    not_an_instruction = not_asked(original, chosen, arguments, ranking)
    if not_an_instruction is not None:
        return not_an_instruction
    confidence -= CONFIDENCE_LOST_PER_CORRECTION * normalized.corrections
    return Interpretation(
        capability=capability,
        arguments=arguments,
        confidence=round(max(0.05, min(confidence, 0.99)), 2),
        alternatives=alternatives,
        request_by_position=REQUEST_ID in arguments
        and named_by_position(chosen, original, REQUEST_ID),
    )


def not_asked(
    original: str, chosen: Capability, arguments: dict[str, Any], ranking: recognizers.Ranking
) -> Interpretation | None:
    """No capability, when the message does not ask for the one chosen: it declines another
    change (a negated instruction read as a lookup, or as the refusal itself without its
    grounds), opens by declining and was read as a lookup, or asks for a change without an id
    while the classifier is not sure of it or nothing of ours is named ("approve my vacation
    request")."""
    declined = scope.declines_another(original, chosen, chat_capabilities())
    if declined is not None and not gives_grounds(chosen, arguments):
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE, declined=declined)
    if not chosen.writes and scope.opens_by_declining(original):
        return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    if chosen.writes and not names_its_object(chosen, arguments):
        unsure = ranking.probability_of(chosen.name) < WRITE_WITHOUT_OBJECT_NEEDS
        # a number the extractors did not take ("stop delivery on 45") may still be the id
        ours = scope.names_an_object_of_ours(original) or scope.ANY_ID.search(original)
        if unsure or not ours:
            return Interpretation(capability=None, confidence=NULL_CONFIDENCE)
    return None


def gives_grounds(capability: Capability, arguments: dict[str, Any]) -> bool:
    """A refusal with its grounds ("don't allow it, we shipped it yesterday" names a reason) is
    the decision to refuse, and a lookup by a state ("orders we did not ship") asks for that
    state; without them, a negated instruction only declines to act."""
    choices = {slot.name for slot in slots_of(capability.command) if slot.kind is SlotKind.CHOICE}
    return bool(choices & arguments.keys())


def names_its_object(capability: Capability, arguments: dict[str, Any]) -> bool:
    """The message names what the change acts on: one of its references, or the order."""
    references = {s.name for s in slots_of(capability.command) if s.kind is SlotKind.REFERENCE}
    return bool((references | {REFERENCE_BY_ORDER}) & arguments.keys())


def recognize(
    ranking: recognizers.Ranking, text: str, original: str
) -> tuple[str | None, float, tuple[str, ...]]:
    """The capability, the confidence in it, and the two likeliest when it is unsure."""
    best, probability = ranking.best
    if best == recognizers.OUT_OF_SCOPE:
        return fallback(ranking, text, original)
    runner_up, second = ranking.runner_up
    if probability < recognizer().threshold:
        by_rules = fallback(ranking, text, original)
        # Out-of-scope messages may look like a capability, but seldom name one of its
        # references ("order 6612", "case 9"): then the likeliest reading is offered, unsure.
        if by_rules[0] is not None or not names_a_reference(best, original):
            return by_rules
        if runner_up != recognizers.OUT_OF_SCOPE:
            return best, probability, (best, runner_up)
        return best, probability, ()
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

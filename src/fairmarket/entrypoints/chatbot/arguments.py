"""`arguments_for(capability, message)`: a capability's arguments, read by its command schema.

Every input is found by what `schema_slots` says it is (a reference, money, an enum choice, one
end of a date range, a note, links, a carrier, a tracking code), so a new capability is read from
its command schema alone. Argument names are the schema's, with two that the dialog resolves
first: a request may be named by its order (`order_number`), and an amount may be a share of
what the buyer asked (`amount_share`, "1/2"), which only the request turns into money.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import BY_NAME, chat_capabilities
from fairmarket.entrypoints.chatbot import slots as patterns
from fairmarket.entrypoints.chatbot.date_ranges import DateRange, find_range
from fairmarket.entrypoints.chatbot.described_choices import closest_member
from fairmarket.entrypoints.chatbot.money_words import AmountMention, find_amount, share_to_text
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.schema_slots import Slot, SlotKind, slots_of
from fairmarket.entrypoints.chatbot.scope import NOUNS_AMONG_VERBS, capability_verbs, governs
from fairmarket.kernel.synonyms import SynonymMatch, synonym_matches

REFERENCE_BY_ORDER = "order_number"
AMOUNT_SHARE = "amount_share"
REQUEST_ID = "request_id"
# The words that name each kind of reference; any other `<noun>_id` is named by its noun.
REFERENCE_WORDS = {
    "request": r"request|req|id|return|rma|case|dispute|ticket|claim",
    "order": r"order|purchase",
}
MIN_BARE_DIGITS = patterns.MIN_BARE_ORDER_DIGITS
MAX_DIGITS = patterns.MAX_REFERENCE_DIGITS
# "#12", "no. 12" and "number 12" say that the number is a reference, however short.
BARE_NUMBER = re.compile(
    r"(?:#\s*|\b(?:no|nr|num|number)\s+#?\s*|\b)(\d+)\b"
    r"(?!\s+(?:orders|requests|cancellations|days|hours|minutes|items|units))"
)


@dataclass(frozen=True)
class Reading:
    """What a message gives a capability: its arguments, and what they were read from."""

    arguments: dict[str, Any]
    amount: AmountMention | None = None
    dates: DateRange | None = None


def arguments_for(
    capability: Capability | str, message: str, now: datetime | None = None
) -> dict[str, Any]:
    return read_message(capability, message, now).arguments


def read_message(
    capability: Capability | str, message: str, now: datetime | None = None
) -> Reading:
    chosen = BY_NAME[capability] if isinstance(capability, str) else capability
    by_kind: dict[SlotKind, list[Slot]] = {}
    for slot in slots_of(chosen.command):
        by_kind.setdefault(slot.kind, []).append(slot)
    names_request = any(s.name == REQUEST_ID for s in by_kind.get(SlotKind.REFERENCE, []))
    verbs = capability_verbs(chosen)
    note = patterns.note(message) if SlotKind.TEXT in by_kind else None
    without_note = message.replace(note, " ") if note else message
    words = normalize(without_note).text
    found: dict[str, Any] = {}
    amount = find_amount(without_note) if SlotKind.MONEY in by_kind else None
    found.update(_money(by_kind.get(SlotKind.MONEY, []), amount, names_request))
    tracking = patterns.tracking_number(message)
    rest = _blank(without_note, [amount.span] if amount else [])
    rest_words = normalize(_without(rest, [tracking, *patterns.links(rest)])).text
    dates = find_range(rest_words, now or datetime.now(UTC))
    if SlotKind.MOMENT in by_kind and dates is not None:
        found.update(_moments(by_kind[SlotKind.MOMENT], dates, words))
        rest_words = _blank(rest_words, [dates.span])
    found.update(_references(by_kind.get(SlotKind.REFERENCE, []), rest_words, names_request, verbs))
    found.update(_choices(by_kind.get(SlotKind.CHOICE, []), words))
    found.update(_described(by_kind.get(SlotKind.CHOICE, []), found, without_note, verbs))
    found.update(_texts(by_kind, without_note, words=words, note=note, tracking=tracking))
    arguments = {name: value for name, value in found.items() if value is not None}
    return Reading(arguments, amount, dates)


def command_arguments(capability: Capability, arguments: dict[str, Any]) -> dict[str, Any]:
    """Only the command's own inputs: what the dialog resolved stays out of the command."""
    fields = capability.command.model_fields
    return {name: value for name, value in arguments.items() if name in fields}


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _without(text: str, parts: Iterable[str | None]) -> str:
    for part in parts:
        if part:
            text = text.replace(part, " ")
    return text


def _money(slots: list[Slot], amount: AmountMention | None, names_request: bool) -> dict[str, Any]:
    if not slots or amount is None:
        return {}
    if amount.minor is not None:
        return {slots[0].name: amount.minor}
    if amount.share is not None and names_request:
        return {AMOUNT_SHARE: share_to_text(amount.share)}
    return {}


def _moments(slots: list[Slot], dates: DateRange, words: str) -> dict[str, Any]:
    """The range goes to one window: the one the message names ("updated"), else the one that
    can hold both ends, else the first."""
    windows = list(dict.fromkeys(slot.window for slot in slots))
    named = [w for w in windows if w and re.search(rf"\b{w.split('_')[0]}", words)]
    closed = [w for w in windows if any(s.window == w and s.edge == "end" for s in slots)]
    window = (named or closed or windows)[0]
    values: dict[str, Any] = {}
    for slot in slots:
        if slot.window != window:
            continue
        moment = dates.start if slot.edge == "start" else dates.end
        if moment is not None:
            values[slot.name] = moment.isoformat()
    return values


def reference_pattern(noun: str) -> re.Pattern[str]:
    words = REFERENCE_WORDS.get(noun, re.escape(noun))
    return re.compile(rf"\b(?:{words})(?:\s+(?:id|number|no|num))?\s*#?\s*(\d+)\b")


def names_a_reference(capability: Capability | str, message: str) -> bool:
    """The message names one of the capability's references: by its noun ("order 6612",
    "case #9", "request 57's item"), as its verb's object ("intercept 55"), or as a number long
    enough to be one ("pull up 7719"); not a short number that might be anything."""
    chosen = BY_NAME[capability] if isinstance(capability, str) else capability
    references = {s.name for s in slots_of(chosen.command) if s.kind is SlotKind.REFERENCE}
    found = read_message(chosen, message).arguments
    return bool((references | {REFERENCE_BY_ORDER}) & found.keys())


def named_by_position(capability: Capability | str, message: str, name: str) -> bool:
    """Whether the reference `name` of the reading was found without its noun ("reject 58213":
    the request by the rule, though a seller may have meant the order; the dialog checks)."""
    chosen = BY_NAME[capability] if isinstance(capability, str) else capability
    noun = next((s.noun for s in slots_of(chosen.command) if s.name == name), None)
    if noun is None:
        return False
    return _first_number(reference_pattern(noun), normalize(message).text) is None


def _first_number(pattern: re.Pattern[str], text: str, min_digits: int = 1) -> int | None:
    for match in pattern.finditer(text):
        digits = match.group(1)
        explicit = not match.group(0)[0].isdigit()
        if (explicit or len(digits) >= min_digits) and len(digits) <= MAX_DIGITS and int(digits):
            return int(digits)
    return None


def _references(
    slots: list[Slot], words: str, names_request: bool, verbs: frozenset[str]
) -> dict[str, Any]:
    """Each reference by its noun ("request 12", "order #1042", "case 7"). Without a noun, the
    number right after the capability's verb is its object, so the schema's own id ("approve 57",
    "reject 210", "cancel 77120"); any other bare number of three digits or more names the order
    ("58213 approve"), or the only thing the capability names."""
    nouns = {slot.name: slot.noun for slot in slots}
    own = next(iter(nouns), None)  # the schema's first reference is what the action acts on
    if names_request:
        nouns.setdefault(REFERENCE_BY_ORDER, "order")
    found = {name: _first_number(reference_pattern(noun), words) for name, noun in nouns.items()}
    if own is not None and all(value is None for value in found.values()):
        remaining = words
        for noun in set(nouns.values()):
            remaining = reference_pattern(noun).sub(" ", remaining)
        found[own] = _object_of_verb(remaining, verbs)
        bare_to = REFERENCE_BY_ORDER if REFERENCE_BY_ORDER in nouns else None
        if bare_to is None and len(nouns) == 1:
            bare_to = own
        if found[own] is None and bare_to is not None:
            found[bare_to] = _first_number(BARE_NUMBER, remaining, MIN_BARE_DIGITS)
    if names_request and found.get(REQUEST_ID) is not None:
        found[REFERENCE_BY_ORDER] = None  # the request is named; its order adds nothing
    return found


def _object_of_verb(words: str, verbs: frozenset[str]) -> int | None:
    """The number that directly follows one of the verbs ("approve 57", "refund #64")."""
    for match in BARE_NUMBER.finditer(words):
        before = words[: match.start()].split()
        digits = match.group(1)
        if before and governs(before[-1], verbs) and int(digits) > 0 and len(digits) <= MAX_DIGITS:
            return int(digits)
    return None


def _choices(slots: list[Slot], words: str) -> dict[str, Any]:
    """Each enum input by the synonyms beside its enum; a phrase inside another input's phrase
    belongs to that input ("cancellations in transit" is a journey, not the status in transit)."""
    matches = {slot.name: synonym_matches(slot.choices, words) for slot in slots if slot.choices}
    chosen = {name: first for name, found in matches.items() if (first := _first_match(found))}
    values: dict[str, Any] = {}
    for name, found in matches.items():
        others = [match for other, match in chosen.items() if other != name]
        free = [m for m in found if not any(_inside(m, other) for other in others)]
        first = _first_match(free)
        if first is not None:
            values[name] = _value(first.member)
    return values


def _described(
    slots: list[Slot], found: dict[str, Any], message: str, verbs: frozenset[str]
) -> dict[str, Any]:
    """An enum input no synonym named, by the meaning of the domain's descriptions."""
    values: dict[str, Any] = {}
    for slot in slots:
        if slot.choices is not None and found.get(slot.name) is None:
            member = closest_member(slot.choices, message, verbs, instruction_verbs())
            if member is not None:
                values[slot.name] = _value(member)
    return values


@functools.cache
def instruction_verbs() -> frozenset[str]:
    """The verbs of every change the chat offers, for telling an instruction from a reason."""
    verbs: set[str] = set()
    for capability in chat_capabilities():
        if capability.writes:
            verbs |= capability_verbs(capability) - NOUNS_AMONG_VERBS
    return frozenset(verbs)


def _first_match(matches: list[SynonymMatch]) -> SynonymMatch | None:
    best: SynonymMatch | None = None
    for match in matches:
        if best is None or match.start < best.start:
            best = match
    return best


def _inside(match: SynonymMatch, other: SynonymMatch) -> bool:
    within = other.start <= match.start and match.end <= other.end
    return within and (match.end - match.start) < (other.end - other.start)


def _value(member: Enum) -> str:
    return str(member.value)


def _texts(
    by_kind: dict[SlotKind, list[Slot]],
    without_note: str,
    *,
    words: str,
    note: str | None,
    tracking: str | None,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for slot in by_kind.get(SlotKind.TEXT, [])[:1]:
        values[slot.name] = note
    for slot in by_kind.get(SlotKind.LINKS, []):
        values[slot.name] = patterns.links(without_note) or None
    for slot in by_kind.get(SlotKind.CARRIER, []):
        values[slot.name] = patterns.carrier(words, without_note)
    for slot in by_kind.get(SlotKind.TRACKING, []):
        values[slot.name] = tracking
    return values

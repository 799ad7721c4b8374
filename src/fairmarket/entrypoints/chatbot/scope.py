"""Negation and refusal: "don't approve 12", "never refund #5", "no to the return on case 9".

A negated instruction must never become the positive change. A change is refused when the
message opens with a refusal ("no", "never", "don't", "hold off"...), or when a negation governs
one of the capability's own verbs ("we will not refund request 92"). A negation about something
else ("cancel 6107, we don't ship to that region") leaves the instruction alone, and so does an
inability ("I can't ship to that address, cancel it"), which is a reason, not a refusal.

The verbs of a capability are the words of its name and their usual synonyms, so a new
capability is covered by its declaration.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from fairmarket.capabilities.catalogue import Capability
from fairmarket.entrypoints.chatbot.lexicon import DOMAIN_WORDS

OPENING_REFUSAL = re.compile(
    r"^(?:(?:ok|okay|so|and|but|please|pls|actually)\s+)*"
    r"(?:no\b(?! need\b| problem\b| worries\b)|nope\b|never\b|dont\b|do not\b|please dont\b"
    r"|hold off\b|not\b"
    r"|i (?:dont|do not) want\b|we (?:dont|do not) want\b|i refuse\b|we refuse\b)"
)
# An opening that declines, however the rest reads ("no to the refund on ticket 4", "please don't
# send 5120 out"), unlike "no orders today?" or "not shipped yet" which ask about a state.
DECLINING_OPENING = re.compile(
    r"^(?:(?:ok|okay|so|and|but|please|pls|actually)\s+)*"
    r"(?:no\s*(?:,|to\b)|nope\b|never\b(?! mind)|dont\b|do not\b|hold off\b|i refuse\b"
    r"|we refuse\b|i (?:dont|do not) want\b|we (?:dont|do not) want\b)"
)
NEGATION = re.compile(
    r"\b(?:dont|do not|does not|doesnt|never|not|no|wont|will not|shouldnt|should not|refuse to"
    r"|mustnt|must not|hold off on|no need to)\b"
)
SCOPE_WORDS = 5  # how far after a negation its verb may come ("don't ever let them cancel")
CLAUSE_END = re.compile(r"[,.;:!?]| but | then ")
CONTRACTIONS = ((re.compile(r"\bcan'?t\b"), "cannot"), (re.compile(r"n'?t\b"), "nt"))
WORD = re.compile(r"[a-z]+")
REFUSAL_VERBS = frozenset({"reject", "decline", "deny", "refuse"})
# Words of capability names that are more often nouns in a message ("no to request 31").
NOUNS_AMONG_VERBS = frozenset({"request", "interception", "money", "issue", "mark", "turn", "say"})
VERB_SYNONYMS: dict[str, frozenset[str]] = {
    "approve": frozenset({"approve", "accept", "allow", "let", "grant", "agree", "ok", "okay"}),
    "reject": frozenset({"reject", "decline", "deny", "refuse", "turn", "say"}),
    "cancel": frozenset({"cancel", "call", "void", "kill", "scrap", "cancell"}),
    "ship": frozenset({"ship", "send", "dispatch", "mark", "post"}),
    "refund": frozenset({"refund", "pay", "money", "reimburse", "issue", "process"}),
    "offer": frozenset({"offer", "give", "propose", "pay"}),
    "interception": frozenset({"intercept", "stop", "recall", "halt", "pull"}),
    "received": frozenset({"confirm", "receive", "received", "receipt", "got", "mark"}),
}


def capability_verbs(capability: Capability) -> frozenset[str]:
    """The words that name the capability's action, from its name and their synonyms."""
    return verbs_of_name(capability.name)


@functools.cache
def verbs_of_name(name: str) -> frozenset[str]:
    action = name.rsplit(".", 1)[-1]
    verbs: set[str] = set()
    for word in action.split("_"):
        verbs.add(word)
        verbs |= VERB_SYNONYMS.get(word, frozenset())
    return frozenset(verbs)


def plain(message: str) -> str:
    """Lower case with negative contractions spelled one way; punctuation kept for clauses."""
    text = message.lower().replace("\u2019", "'")
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def refuses(message: str, capability: Capability) -> bool:
    """True when the message declines `capability`'s change rather than asking for it."""
    if not capability.writes:
        return False
    text = plain(message)
    verbs = capability_verbs(capability)
    if OPENING_REFUSAL.match(text) and not is_refusal(verbs):
        return True
    for clause in CLAUSE_END.split(text):
        for negation in NEGATION.finditer(clause):
            following = WORD.findall(clause[negation.end() :])[:SCOPE_WORDS]
            if any(governs(word, verbs) for word in following):
                return True
    return False


def declines_another(message: str, chosen: Capability, others: Iterable[Capability]) -> str | None:
    """The positive change a negated message declines, when `chosen` is not that change: a read
    ("please don't send 5120 out" read as a lookup), the refusal capability itself ("never let
    the buyer send 6620 back" is not an instruction to reject it), or a change the message does
    not name ("i won't be shipping 6650 today" read as a cancellation). Only the verb itself
    negated counts ("don't ship", "not shipping"), not its participle ("orders not shipped yet"
    asks for a status). None: the message declines nothing else."""
    own = capability_verbs(chosen)
    says_its_verb = any(governs(word, own) for word in WORD.findall(plain(message)))
    if chosen.writes and not is_refusal(own) and says_its_verb:
        return None  # a negated positive change is `refuses`' concern
    positive = [
        (capability.name, capability_verbs(capability) - NOUNS_AMONG_VERBS)
        for capability in others
        if capability.writes and capability is not chosen
    ]
    for clause in CLAUSE_END.split(plain(message)):
        for negation in NEGATION.finditer(clause):
            following = WORD.findall(clause[negation.end() :])[:SCOPE_WORDS]
            for name, verbs in positive:
                if not is_refusal(verbs) and any(is_imperative(w, verbs) for w in following):
                    return name
    return None


def opens_by_declining(message: str) -> bool:
    return DECLINING_OPENING.match(plain(message)) is not None


def is_imperative(word: str, verbs: frozenset[str]) -> bool:
    """The verb as an instruction names it ("ship", "approving"), not as a state ("shipped")."""
    return any(
        word in (verb, verb.removesuffix("e") + "ing", verb + verb[-1] + "ing") for verb in verbs
    )


def is_refusal(verbs: frozenset[str]) -> bool:
    """The capability itself says no ("no to request 31" is a rejection, not a refusal of one)."""
    return bool(verbs & REFUSAL_VERBS)


def governs(word: str, verbs: frozenset[str]) -> bool:
    """The word is one of the verbs, in any of its forms ("refunding", "approved", "shipped")."""
    return any(
        word == verb or (len(verb) >= 4 and word.startswith(verb.removesuffix("e")))
        for verb in verbs
    )


# A question that names nothing ("how long does a refund take?", "will they ship an order with a
# wrong price?") asks about a process, not for a change; "can you ..." is a polite request.
GENERAL_QUESTION = re.compile(r"^\s*(?:how|when|why|what|will|would|does|do|is|are|should)\b")
ANY_ID = re.compile(r"\d")


def asks_in_general(message: str, capability: Capability) -> bool:
    """A write chosen for a question without any id: not an instruction to change anything."""
    text = message.lower()
    return (
        capability.writes
        and GENERAL_QUESTION.match(text) is not None
        and ANY_ID.search(text) is None
    )


# What a seller's change acts on, when no id names it: a thing of the marketplace ("approve the
# return", "refund the buyer") or one said before ("approve it"). "approve my vacation request"
# and "accept the pull request" name a request of another kind, so they are not ours.
OUR_OBJECTS = re.compile(
    r"\b(?:orders?|requests?|returns?|refunds?|cancell?ations?|parcels?|packages?|shipments?"
    r"|items?|cases?|tickets?|claims?|disputes?|rmas?|buyers?|customers?)\b"
)
SAID_BEFORE = re.compile(r"\b(?:it|them|this|that|this one|that one|these|those)\b")
# Words that may stand before one of our objects; any other word names another kind of thing.
OBJECT_MODIFIERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "their", "his", "her", "its", "all"}
    | {"every", "each", "new", "open", "last", "latest", "next", "same", "other", "one"}
    | {"buyers", "customers", "s", "to", "for", "on", "of", "and", "or"}
)


def names_an_object_of_ours(message: str) -> bool:
    """The message names what a change acts on in the marketplace's words, or refers back."""
    text = plain(message)
    if SAID_BEFORE.search(text):
        return True
    words = WORD.findall(text)
    # The first word is the instruction's verb ("refund me for the concert"), not its object.
    for before, word in itertools.pairwise(words):
        if OUR_OBJECTS.fullmatch(word) and (before in OBJECT_MODIFIERS or before in DOMAIN_WORDS):
            return True
    return False

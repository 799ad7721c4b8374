"""An enum input given in words no synonym foresaw, matched by meaning to the declared descriptions.

"decline request 57, the box came back crushed": no phrase of `RejectReason` says "came back
crushed", but the clause means what `returned_item_damaged` is described as. Each
clause of the message that is not an instruction (no form of the capability's verbs, no
other change's verb as an instruction; its numbers are left out) is embedded with the chat's
sentence model and compared with every sentence the domain declared beside the enum
(`declare_descriptions`). The closest member is taken only
when it is clearly close (SIMILAR_ENOUGH) and clearly closer than any other (AHEAD_BY): a guess
would put a wrong reason in front of the seller, while no reason only makes the bot ask for one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from enum import Enum

import numpy as np

from fairmarket.entrypoints.chatbot import embedding
from fairmarket.entrypoints.chatbot.scope import governs, is_imperative
from fairmarket.kernel.synonyms import descriptions_of

# Chosen on the catalogue's own phrasings and a few reasons written for the purpose (see
# tests/chatbot/test_arguments.py), never on the held-out sets.
SIMILAR_ENOUGH = 0.5
AHEAD_BY = 0.1
MIN_CLAUSE_WORDS = 2
CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\"]+|\s[-\u2013\u2014]+\s|\b(?:because|since|as|cause|cuz|so|but)\b"
)
WORD = re.compile(r"[a-z']+")


@functools.cache
def _described(enum_type: type[Enum]) -> tuple[tuple[Enum, ...], embedding.Vectors]:
    pairs = descriptions_of(enum_type)
    members = tuple(member for member, _ in pairs)
    return members, embedding.encode([sentence for _, sentence in pairs])


def reason_clauses(
    message: str, verbs: frozenset[str], instructions: frozenset[str] = frozenset()
) -> list[str]:
    """The parts of the message that may give a reason: not the instruction itself (a form of
    the capability's `verbs`), nor another (`instructions`: the verbs of other changes)."""
    clauses = []
    for part in CLAUSE_BREAK.split(message.lower()):
        words = WORD.findall(part)  # numbers left out: "the item for 2290" means the item
        if len(words) < MIN_CLAUSE_WORDS or any(governs(word, verbs) for word in words):
            continue
        if any(is_imperative(word, instructions) for word in words):
            continue  # another instruction ("do not allow the return"), not a reason
        clauses.append(" ".join(words))
    return clauses


def closest_member(
    enum_type: type[Enum],
    message: str,
    verbs: frozenset[str],
    instructions: frozenset[str] = frozenset(),
) -> Enum | None:
    """The member whose description a clause of the message means, if one clearly does."""
    if not descriptions_of(enum_type):
        return None
    clauses = reason_clauses(message, verbs, instructions)
    if not clauses:
        return None
    members, described = _described(enum_type)
    similarity = embedding.encode(clauses) @ described.T  # clauses x sentences
    best: dict[Enum, float] = {}
    for column, member in enumerate(members):
        best[member] = max(best.get(member, -1.0), float(np.max(similarity[:, column])))
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    first, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
    if score >= SIMILAR_ENOUGH and score - runner_up >= AHEAD_BY:
        return first
    return None


def warm_up(enum_types: Iterable[type[Enum]]) -> None:
    """Embed the declared descriptions now (at server start), not on a seller's first reason."""
    for enum_type in enum_types:
        if descriptions_of(enum_type):
            _described(enum_type)

"""Plain words for an enum's members, declared beside the enum, read by channels that parse words.

A domain declares once how people name its statuses and reasons ("the ones I turned down" is
`rejected`); the chatbot finds enum arguments from these declarations alone, so a new enum in a
new domain is understood in chat by declaring its synonyms next to it. Phrases are regular
expressions over lower-case, punctuation-free words (what the chatbot's `normalize` produces),
matched as whole words. A member is always also found by its own value, typed with underscores or
spaces ("already_shipped", "already shipped"). A domain may also describe its members in plain
sentences (`declare_descriptions`), for reasons people give in words nobody listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)

# Pieces of phrases that several declarations share.
NEGATION = r"(?:cannot|can not|unable to|could not|do not|dont|will not|wont|not)"
# Not being able to, as a reason ("we can't intercept it"), unlike an instruction not to.
INABILITY = (
    r"(?:cannot|can not|unable to|could not|not able to|no way to|impossible to"
    r"|(?:will not|wont) be able to)"
)
DAMAGED_WORDS = (
    r"(?:damaged|broken|smashed|cracked|chipped|dented|torn|stained|ruined|destroyed|used|worn"
    r"|scratched|dirty)"
)
SHIPPED_WORDS = r"(?:shipped|sent|dispatched|posted|mailed|fulfilled)"


@dataclass(frozen=True)
class SynonymMatch:
    member: Enum
    start: int
    end: int


_DECLARED: dict[type[Enum], tuple[tuple[Enum, re.Pattern[str]], ...]] = {}
_DESCRIBED: dict[type[Enum], tuple[tuple[Enum, str], ...]] = {}


def declare_synonyms(enum_type: type[E], synonyms: Mapping[E, Sequence[str]]) -> None:
    """Declare the phrases that name each member; earlier members win when two phrases start
    at the same word. Members left out are found by their value only."""
    for member in synonyms:
        if not isinstance(member, enum_type):
            raise TypeError(f"{member!r} is not a member of {enum_type.__name__}")
    ordered = [*synonyms, *(m for m in enum_type if m not in synonyms)]
    _DECLARED[enum_type] = tuple(
        (member, _pattern(member, synonyms.get(member, ()))) for member in ordered
    )


def _pattern(member: Enum, phrases: Sequence[str]) -> re.Pattern[str]:
    value = str(member.value).lower()
    own = [re.escape(value), re.escape(value.replace("_", " "))]
    return re.compile(r"\b(?:" + "|".join([*phrases, *own]) + r")\b")


def _table(enum_type: type[Enum]) -> tuple[tuple[Enum, re.Pattern[str]], ...]:
    if enum_type not in _DECLARED:
        _DECLARED[enum_type] = tuple((member, _pattern(member, ())) for member in enum_type)
    return _DECLARED[enum_type]


def has_synonyms(enum_type: type[Enum]) -> bool:
    return enum_type in _DECLARED


def synonym_matches(enum_type: type[Enum], text: str) -> list[SynonymMatch]:
    """Every place in `text` that names a member, in declaration order then position."""
    return [
        SynonymMatch(member, found.start(), found.end())
        for member, pattern in _table(enum_type)
        for found in pattern.finditer(text)
    ]


def find_member(enum_type: type[E], text: str) -> E | None:
    """The member named first in `text` (ties: the member declared first), or None."""
    best: SynonymMatch | None = None
    for match in synonym_matches(enum_type, text):
        if best is None or match.start < best.start:
            best = match
    return best.member if best is not None else None  # type: ignore[return-value]


def declare_descriptions(enum_type: type[E], descriptions: Mapping[E, Sequence[str]]) -> None:
    """Declare what each member means in a few plain sentences, for a channel that compares
    meanings rather than words (the chatbot matches a reason given in words no synonym foresaw,
    "the mug they returned is chipped", to the closest description). Synonyms still come
    first; a member without a description is found by its synonyms only."""
    for member, sentences in descriptions.items():
        if not isinstance(member, enum_type):
            raise TypeError(f"{member!r} is not a member of {enum_type.__name__}")
        if not sentences:
            raise ValueError(f"{member!r}: give at least one sentence")
    _DESCRIBED[enum_type] = tuple(
        (member, sentence) for member, sentences in descriptions.items() for sentence in sentences
    )


def descriptions_of(enum_type: type[Enum]) -> tuple[tuple[Enum, str], ...]:
    """Each (member, sentence) declared for the enum; empty when none were."""
    return _DESCRIBED.get(enum_type, ())

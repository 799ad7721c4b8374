"""What each input of a command schema is, for the chat: read from its type and its name alone.

`request_id: int` is a reference named "request"; `amount_minor: int` is money; a field typed with
an enum is found through the synonyms declared beside that enum; `created_from: datetime` takes
the start of a date range; `note: str` is free text; `evidence: list[str]` takes links. A new
capability's command needs nothing else to be understood in chat.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from functools import cache
from typing import Any

from pydantic import AwareDatetime, BaseModel, NaiveDatetime


class SlotKind(StrEnum):
    REFERENCE = "reference"  # an id or number naming one thing
    MONEY = "money"  # integer minor units
    CHOICE = "choice"  # an enum member
    MOMENT = "moment"  # a datetime: one end of a date range
    TEXT = "text"  # free text for a person (a note)
    LINKS = "links"  # a list of URLs
    CARRIER = "carrier"
    TRACKING = "tracking"


# Inputs the dialog fills itself, never words in a message.
DIALOG_FIELDS = frozenset({"expected_version", "dry_run", "limit", "cursor"})
TEXT_NAMES = frozenset({"note", "comment", "message", "explanation", "description", "text"})
LINK_NAMES = frozenset({"evidence", "links", "urls", "attachments"})
REFERENCE_SUFFIXES = ("_id", "_number")
MONEY_SUFFIX = "_minor"


@dataclass(frozen=True)
class Slot:
    name: str
    kind: SlotKind
    choices: type[Enum] | None = None  # for CHOICE
    noun: str = ""  # for REFERENCE: "request", "order", "case"
    edge: str = ""  # for MOMENT: "start" or "end"
    window: str = ""  # for MOMENT: "created", "updated"


def base_types(annotation: Any) -> tuple[Any, ...]:
    """`int | None` -> (int,); `Annotated[int, ...]` -> (int,); `list[str]` stays."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return base_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return tuple(t for arg in typing.get_args(annotation) for t in base_types(arg))
    if annotation is type(None):
        return ()
    return (annotation,)


def _is(candidate: Any, kind: type) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, kind)


def slot_for(name: str, annotation: Any) -> Slot | None:
    """The slot an input is, by its type first and then its name (None: not read from words)."""
    found = base_types(annotation)
    enum = next((t for t in found if _is(t, Enum)), None)
    if name in DIALOG_FIELDS or any(_is(t, bool) for t in found):
        return None
    if enum is not None:
        return Slot(name, SlotKind.CHOICE, choices=enum)
    by_type: tuple[tuple[Callable[[Any], bool], Callable[[str], Slot | None]], ...] = (
        (lambda t: _is(t, int), _number_slot),
        (lambda t: _is(t, datetime) or t in (AwareDatetime, NaiveDatetime), _moment_slot),
        (lambda t: typing.get_origin(t) is list, _links_slot),
        (lambda t: _is(t, str), _text_slot),
    )
    for matches, slot in by_type:
        if any(matches(t) for t in found):
            return slot(name)
    return None


def _links_slot(name: str) -> Slot | None:
    return Slot(name, SlotKind.LINKS) if name in LINK_NAMES else None


def _number_slot(name: str) -> Slot | None:
    if name.endswith(MONEY_SUFFIX):
        return Slot(name, SlotKind.MONEY)
    for suffix in REFERENCE_SUFFIXES:
        if name.endswith(suffix):
            return Slot(name, SlotKind.REFERENCE, noun=name.removesuffix(suffix).replace("_", " "))
    return None


def _moment_slot(name: str) -> Slot | None:
    window, _, edge = name.rpartition("_")
    if edge in ("from", "since", "after"):
        return Slot(name, SlotKind.MOMENT, edge="start", window=window)
    if edge in ("to", "until", "before"):
        return Slot(name, SlotKind.MOMENT, edge="end", window=window)
    return None


def _text_slot(name: str) -> Slot | None:
    if name == "carrier":
        return Slot(name, SlotKind.CARRIER)
    if name.startswith("tracking"):
        return Slot(name, SlotKind.TRACKING)
    if name in TEXT_NAMES or name.endswith("_note"):
        return Slot(name, SlotKind.TEXT)
    return None


@cache
def slots_of(command: type[BaseModel]) -> tuple[Slot, ...]:
    """The chat slots of a command schema, in the schema's order."""
    found = (slot_for(name, info.annotation) for name, info in command.model_fields.items())
    return tuple(slot for slot in found if slot is not None)

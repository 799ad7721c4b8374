from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_validator

from fairmarket.domains.events.types import (
    EVENT_TYPES,
    OLD_NAMES_SUNSET_ON,
    EventType,
    current_event_type_name,
)
from fairmarket.kernel.commands import Command
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT
from fairmarket.kernel.time_windows import CreatedWindow


class EventOrder(StrEnum):
    OLDEST_FIRST = "oldest_first"
    NEWEST_FIRST = "newest_first"


class EventListQuery(Command, CreatedWindow):
    """Created means `occurred_at`. Events never change, so there is no `updated_since`: catch
    up with `after`, or with `created_from` after a gap."""

    after: str | None = Field(
        None,
        description="The `cursor` of the last event you processed; omit to start at the "
        "beginning (or, newest first, at the newest event).",
    )
    type: list[str] | None = Field(
        None,
        description="Only events of these types (repeat the parameter for several), "
        "e.g. `type=after_sale.approved&type=order.shipped`. The names used before 2026-12-05 "
        f"(`after_sale.approve`) are still accepted until {OLD_NAMES_SUNSET_ON.isoformat()}, "
        "with a `Deprecation` header.",
    )
    order: EventOrder = Field(
        EventOrder.OLDEST_FIRST,
        description="oldest_first (the log order, for catching up) or newest_first; `after` "
        "continues in the order you read.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")

    @field_validator("type")
    @classmethod
    def _known_types(cls, types: list[str] | None) -> list[str] | None:
        """Old names become their new ones (the API answers a `Deprecation` header)."""
        if types is None:
            return None
        current = list(dict.fromkeys(current_event_type_name(name) for name in types))
        unknown = sorted(set(current) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(
                f"unknown event type {', '.join(unknown)}; must be one of {', '.join(EVENT_TYPES)}"
            )
        return current


class EventRead(BaseModel):
    cursor: str = Field(description="Pass as `after` to continue after this event.")
    type: EventType = Field(description="What happened, e.g. after_sale.approved.")
    resource_type: str
    resource_id: int
    sequence: int = Field(description="The resource's change number, from 1, without gaps.")
    occurred_at: datetime
    data: dict[str, Any]


class EventPage(BaseModel):
    items: list[EventRead]
    next_cursor: str | None = Field(
        description="Where the next page starts; null when you have read everything for now "
        "(poll again with the last item's cursor)."
    )

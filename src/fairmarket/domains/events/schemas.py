from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from fairmarket.domains.events.types import EventType
from fairmarket.kernel.commands import Command
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT


class EventListQuery(Command):
    after: str | None = Field(
        None,
        description="The `cursor` of the last event you processed; omit to start at the beginning.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")


class EventRead(BaseModel):
    cursor: str = Field(description="Pass as `after` to continue after this event.")
    type: EventType = Field(description="What happened, e.g. after_sale.approve.")
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

"""Catching up: the date filters every list takes, with one naming and one meaning.

`created_from` is inclusive and `created_to` exclusive, so consecutive windows
(`[Mon, Tue)`, `[Tue, Wed)`) never repeat or miss a row. `updated_since` is inclusive: an
integrator that remembers the time of its last sync may see a boundary row twice, never miss one.
All three are RFC 3339 instants with a timezone (`2026-12-01T00:00:00Z`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, Field, ValidationInfo, field_validator
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

INSTANT = "an RFC 3339 date-time with a timezone, e.g. 2026-12-01T00:00:00Z"


class CreatedWindow(BaseModel):
    created_from: AwareDatetime | None = Field(
        None, description=f"Only items created at or after this instant ({INSTANT})."
    )
    created_to: AwareDatetime | None = Field(
        None, description=f"Only items created before this instant (exclusive; {INSTANT})."
    )

    @field_validator("created_to")
    @classmethod
    def _not_before_created_from(
        cls, created_to: datetime | None, info: ValidationInfo
    ) -> datetime | None:
        created_from = info.data.get("created_from")
        if created_to is not None and created_from is not None and created_from > created_to:
            raise ValueError(
                f"must not be before created_from ({created_from.isoformat()}); "
                f"got {created_to.isoformat()}"
            )
        return created_to


class UpdatedSince(BaseModel):
    updated_since: AwareDatetime | None = Field(
        None,
        description=f"Only items created or changed at or after this instant ({INSTANT}); "
        "pass the time of your last sync to catch up.",
    )


def created_within(
    window: CreatedWindow, column: InstrumentedAttribute[datetime]
) -> list[ColumnElement[bool]]:
    """The conditions `[created_from, created_to)` puts on a creation-time column."""
    conditions: list[ColumnElement[bool]] = []
    if window.created_from is not None:
        conditions.append(column >= window.created_from)
    if window.created_to is not None:
        conditions.append(column < window.created_to)
    return conditions


def updated_since(
    query: UpdatedSince, column: InstrumentedAttribute[datetime]
) -> list[ColumnElement[bool]]:
    """The condition `updated_since` puts on a last-change column (none without it)."""
    return [] if query.updated_since is None else [column >= query.updated_since]


MAX_EXPORT_DAYS = 31


class ExportWindow(CreatedWindow):
    """A bulk export's range: both ends required, at most MAX_EXPORT_DAYS long, so one export
    is a bounded read; a longer history is several consecutive exports."""

    created_from: AwareDatetime = Field(
        description=f"The first instant exported, inclusive ({INSTANT})."
    )
    created_to: AwareDatetime = Field(
        description=f"The end of the range, exclusive ({INSTANT}); at most {MAX_EXPORT_DAYS} "
        "days after created_from."
    )

    @field_validator("created_to")
    @classmethod
    def _within_export_limit(cls, created_to: datetime, info: ValidationInfo) -> datetime:
        created_from = info.data.get("created_from")
        if created_from is not None and created_to - created_from > timedelta(days=MAX_EXPORT_DAYS):
            raise ValueError(
                f"must be at most {MAX_EXPORT_DAYS} days after created_from "
                f"({created_from.isoformat()}); export a longer history in consecutive ranges"
            )
        return created_to

"""Commands and views of the sandbox: each seller's clock and the test orders."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Self

from pydantic import BaseModel, Field, field_validator, model_validator

from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.kernel.commands import Command

MAX_ADVANCE = timedelta(days=365)
MAX_TOTAL_OFFSET = timedelta(days=10 * 365)


class ClockQuery(Command):
    pass


class AdvanceClock(Command):
    seconds: int | None = Field(
        None,
        gt=0,
        le=int(MAX_ADVANCE.total_seconds()),
        description="Move the sandbox clock forward by this many seconds (at most 365 days).",
    )
    to: datetime | None = Field(
        None,
        description="Or move it forward to this moment (ISO 8601 with a timezone, e.g. "
        "2026-12-01T09:00:00Z), at most 365 days ahead.",
    )

    @field_validator("to")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a timezone, e.g. 2026-12-01T09:00:00Z")
        return value

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.seconds is None) == (self.to is None):
            raise ValueError("give either 'seconds' or 'to', not both and not neither")
        return self


class SandboxClockRead(BaseModel):
    now: datetime = Field(
        description="Your sandbox time: what every process uses for your orders. Each seller "
        "has their own clock; moving yours moves no one else's."
    )
    real_now: datetime = Field(description="The real time, for comparison.")
    offset_seconds: float = Field(description="How far the sandbox runs ahead of real time.")
    set_at: datetime | None = Field(description="When (real time) the clock was last moved.")
    set_by: str | None = Field(description="Who last moved it.")
    advanced_seconds: float | None = Field(
        None, description="Only on an advance: how far this call moved the clock."
    )
    fired: TimerRunResult | None = Field(
        None,
        description="Only on an advance: the timers of your orders that came due and were "
        "fired at once (warnings, platform actions, orders auto-cancelled).",
    )
    webhooks: str | None = Field(
        None, description="Only on an advance: the webhooks of those events are on their way."
    )


class TestOrderLine(Command):
    title: str = Field("Sandbox mug", min_length=1, max_length=200, description="Item title.")
    unit_price_minor: int = Field(2500, gt=0, le=100_000_000, description="Price in cents.")
    quantity: int = Field(1, gt=0, le=1000, description="How many.")


class CreateTestOrder(Command):
    lines: list[TestOrderLine] = Field(
        default_factory=lambda: [TestOrderLine(quantity=2)],
        min_length=1,
        max_length=20,
        description="The order lines; by default two 25.00 mugs.",
    )
    shipping_fee_minor: int = Field(499, ge=0, le=10_000_000, description="Shipping in cents.")

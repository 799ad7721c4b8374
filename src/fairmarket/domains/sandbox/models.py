from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base

CLOCK_ROW_ID = 1


class SandboxClock(Base):
    """The one row holding how far the sandbox clock runs ahead of real time. Every process in
    sandbox mode reads it, so API workers, queue workers and the CLI share one time."""

    __tablename__ = "sandbox_clock"
    __table_args__ = (CheckConstraint(f"id = {CLOCK_ROW_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    offset_microseconds: Mapped[int] = mapped_column(BigInteger, default=0)
    set_at: Mapped[datetime | None]
    set_by: Mapped[str | None] = mapped_column(String(120))

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base


class SellerSandboxClock(Base):
    """How far one seller's sandbox clock runs ahead of real time. Every process in sandbox
    mode reads these rows, so API workers, queue workers and the CLI share each seller's time.
    A seller without a row is at real time; the row appears on their first advance."""

    __tablename__ = "sandbox_clocks"

    seller_id: Mapped[int] = mapped_column(
        ForeignKey("sellers.id"), primary_key=True, autoincrement=False
    )
    offset_microseconds: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(120))

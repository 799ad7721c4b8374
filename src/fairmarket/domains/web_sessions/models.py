from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.domains.web_sessions.schemas import SessionArea


class WebSession(Base):
    """One browser's session in one web area. The browser holds a random token; only its
    SHA-256 is stored, so a copy of this table opens no session."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    area: Mapped[SessionArea] = mapped_column(String(8))
    # Who is signed in: at most one, the kind the area signs in (none before sign-in).
    # Removing the person removes their sessions.
    seller_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("seller_users.id", ondelete="CASCADE"), index=True
    )
    buyer_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="CASCADE"), index=True
    )
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]  # flash messages, the chat panel's share, names to show
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]

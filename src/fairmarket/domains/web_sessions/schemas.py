from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

# A session ends 12 hours after sign-in whatever happens, after 2 idle hours, or at sign-out.
SESSION_LIFETIME = timedelta(hours=12)
IDLE_TIMEOUT = timedelta(hours=2)
# last_seen_at is written at most this often, so reading a page does not write a row.
LAST_SEEN_PRECISION = timedelta(minutes=5)


class SessionArea(StrEnum):
    SELLER_CENTER = "seller"
    BUYER_PAGES = "buyer"
    OPS_CONSOLE = "ops"


@dataclass(frozen=True)
class WebSessionState:
    """What a session holds: who is signed in (at most one), the CSRF token, and data."""

    area: SessionArea
    seller_user_id: int | None = None
    buyer_key_id: int | None = None
    agent_id: int | None = None
    csrf_token: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundWebSession:
    id: int
    state: WebSessionState
    last_seen_at: datetime
    expires_at: datetime

    def seen_update_due(self, now: datetime) -> bool:
        return now - self.last_seen_at >= LAST_SEEN_PRECISION


@dataclass(frozen=True)
class StartedWebSession:
    token: str  # for the browser's cookie only; never stored
    expires_at: datetime

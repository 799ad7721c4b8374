"""Web sessions: start one (a fresh random token), find it (one indexed lookup), save what
changed, revoke it. The web channel calls these; they never see a request or a cookie.

Times are passed in: sessions run on real time even in sandbox mode, where moving the
marketplace clock must not sign everyone out."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.web_sessions.models import WebSession
from fairmarket.domains.web_sessions.schemas import (
    IDLE_TIMEOUT,
    SESSION_LIFETIME,
    FoundWebSession,
    SessionArea,
    StartedWebSession,
    WebSessionState,
)

TOKEN_BYTES = 32


def start_web_session(uow: UnitOfWork, state: WebSessionState, now: datetime) -> StartedWebSession:
    """A new session under a new random token (sign-in always starts one: no fixation)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = now + SESSION_LIFETIME
    uow.session.add(
        WebSession(
            token_hash=hash_token(token),
            area=state.area,
            seller_user_id=state.seller_user_id,
            buyer_key_id=state.buyer_key_id,
            agent_id=state.agent_id,
            csrf_token=state.csrf_token,
            data=state.data,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
            revoked_at=None,
        )
    )
    uow.session.flush()
    return StartedWebSession(token=token, expires_at=expires_at)


def find_web_session(
    uow: UnitOfWork, token: str, area: SessionArea, now: datetime
) -> FoundWebSession | None:
    """The live session of `area` behind `token`; None if unknown, of another area, revoked,
    expired or idle too long."""
    row = uow.session.scalars(
        select(WebSession).where(WebSession.token_hash == hash_token(token))
    ).one_or_none()
    if row is None or row.area != area or not _is_live(row, now):
        return None
    return FoundWebSession(
        id=row.id,
        state=WebSessionState(
            area=SessionArea(row.area),
            seller_user_id=row.seller_user_id,
            buyer_key_id=row.buyer_key_id,
            agent_id=row.agent_id,
            csrf_token=row.csrf_token,
            data=dict(row.data),
        ),
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
    )


def save_web_session(
    uow: UnitOfWork, session_id: int, state: WebSessionState, now: datetime
) -> None:
    """Store what a request changed (who is signed in never changes here: that starts anew)."""
    uow.session.execute(
        update(WebSession)
        .where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
        .values(csrf_token=state.csrf_token, data=state.data, last_seen_at=now)
    )


def note_web_session_seen(uow: UnitOfWork, found: FoundWebSession, now: datetime) -> None:
    """Keep an active session from idling out, writing at most once per LAST_SEEN_PRECISION."""
    if not found.seen_update_due(now):
        return
    uow.session.execute(
        update(WebSession)
        .where(WebSession.id == found.id, WebSession.revoked_at.is_(None))
        .values(last_seen_at=now)
    )


def revoke_web_session(uow: UnitOfWork, session_id: int, now: datetime) -> None:
    """Sign-out: the token stops working at once, even in a cookie copied before."""
    uow.session.execute(
        update(WebSession)
        .where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def delete_ended_web_sessions(uow: UnitOfWork, now: datetime) -> int:
    """Forget sessions that can no longer be used: revoked, expired or idle too long."""
    result = uow.session.execute(
        delete(WebSession).where(
            or_(
                WebSession.revoked_at.is_not(None),
                WebSession.expires_at <= now,
                WebSession.last_seen_at <= now - IDLE_TIMEOUT,
            )
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def hash_token(token: str) -> str:
    # 256 random bits: a fast hash is the right tool (as for API keys, unlike passwords).
    return hashlib.sha256(token.encode()).hexdigest()


def _is_live(row: WebSession, now: datetime) -> bool:
    return row.revoked_at is None and now < row.expires_at and now - row.last_seen_at < IDLE_TIMEOUT

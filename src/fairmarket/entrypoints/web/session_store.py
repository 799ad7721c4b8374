"""Between `request.session` (a dict) and the stored web session: read it once per request
(one indexed lookup), and write only what changed. Who is signed in and the CSRF token are
columns; everything else (flashes, the chat panel's share, names to show) is the row's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.web_sessions.schemas import FoundWebSession, SessionArea, WebSessionState
from fairmarket.domains.web_sessions.service import (
    find_web_session,
    note_web_session_seen,
    revoke_web_session,
    save_web_session,
    start_web_session,
)
from fairmarket.entrypoints.web.session import (
    AGENT_ID,
    BUYER_KEY_ID,
    CSRF_SESSION_KEY,
    USER_ID,
    ServerSession,
)
from fairmarket.kernel.clock import Clock

# Who may be signed in to each area, as the session key that names them.
IDENTITY_KEY = {
    SessionArea.SELLER_CENTER: USER_ID,
    SessionArea.BUYER_PAGES: BUYER_KEY_ID,
    SessionArea.OPS_CONSOLE: AGENT_ID,
}
COLUMN_KEYS = (USER_ID, BUYER_KEY_ID, AGENT_ID, CSRF_SESSION_KEY)


@dataclass(frozen=True)
class NewToken:
    """Give the browser this token (a session started or continued under a new token)."""

    token: str
    max_age_seconds: int


class ForgetToken:
    """Make the browser drop its token (the session ended, or the token opened nothing)."""


CookieChange = NewToken | ForgetToken | None


class SessionStore:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock  # real time: moving the sandbox clock signs nobody out

    def load(self, area: SessionArea, token: str | None) -> ServerSession:
        found = None
        if token:
            with self._uow_factory(read_only=True) as uow:
                found = find_web_session(uow, token, area, self._clock.now())
        values = session_values(found.state) if found else {}
        return ServerSession(area, found, values, token_sent=token is not None)

    def save(self, session: ServerSession) -> CookieChange:
        """Store what this request changed; say what the browser's cookie must become."""
        if session.area is None:
            return None
        now = self._clock.now()
        if session.found is not None and not _starts_anew(session, session.found):
            self._keep(session, session.found, now)
            return None
        return self._start_anew(session, session.area, now)

    def _keep(self, session: ServerSession, found: FoundWebSession, now: datetime) -> None:
        # An unchanged page view writes nothing, except now and then when it was last seen.
        if session.changed():
            with self._uow_factory() as uow:
                save_web_session(uow, found.id, session_state(found.state.area, session), now)
        elif found.seen_update_due(now):
            with self._uow_factory() as uow:
                note_web_session_seen(uow, found, now)

    def _start_anew(self, session: ServerSession, area: SessionArea, now: datetime) -> CookieChange:
        if session.found is None and not session:
            return ForgetToken() if session.token_sent else None  # nothing to keep
        with self._uow_factory() as uow:
            if session.found is not None:
                revoke_web_session(uow, session.found.id, now)
            if not session:
                return ForgetToken()
            started = start_web_session(uow, session_state(area, session), now)
        return NewToken(started.token, int((started.expires_at - now).total_seconds()))


def _starts_anew(session: ServerSession, found: FoundWebSession) -> bool:
    """Sign-in and sign-out renew the session; so would any other change of who is signed in."""
    key = IDENTITY_KEY[found.state.area]
    return session.renewed or session.get(key) != session_values(found.state).get(key)


def session_values(state: WebSessionState) -> dict[str, Any]:
    columns = {
        USER_ID: state.seller_user_id,
        BUYER_KEY_ID: state.buyer_key_id,
        AGENT_ID: state.agent_id,
        CSRF_SESSION_KEY: state.csrf_token,
    }
    return {**state.data, **{key: value for key, value in columns.items() if value is not None}}


def session_state(area: SessionArea, values: dict[str, Any]) -> WebSessionState:
    """Only the area's own kind of identity is kept: a buyer key id in a Seller Center session
    would be ignored by the pages anyway, and is not stored."""
    identity = values.get(IDENTITY_KEY[area])
    identity = identity if isinstance(identity, int) else None
    csrf = values.get(CSRF_SESSION_KEY)
    return WebSessionState(
        area=area,
        seller_user_id=identity if area is SessionArea.SELLER_CENTER else None,
        buyer_key_id=identity if area is SessionArea.BUYER_PAGES else None,
        agent_id=identity if area is SessionArea.OPS_CONSOLE else None,
        csrf_token=csrf if isinstance(csrf, str) else None,
        data={key: value for key, value in values.items() if key not in COLUMN_KEYS},
    )

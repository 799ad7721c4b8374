"""What a web area keeps in its session (stored server-side, see session_store.py): who is
signed in, the CSRF token, flash messages. (The chat panel's share lives in chat_session.py.)"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from fairmarket.domains.web_sessions.schemas import FoundWebSession, SessionArea

USER_ID = "seller_user_id"
SHOP_NAME = "shop_name"
USER_EMAIL = "user_email"
CSRF_SESSION_KEY = "csrf_token"
FLASHES = "flashes"
CSRF_FIELD = "csrf_token"
BUYER_KEY_ID = "buyer_key_id"
AGENT_ID = "agent_id"
AGENT_LABEL = "agent_label"


class ServerSession(dict[str, Any]):
    """`request.session`: a plain dict to the pages, plus what the session store needs to save
    it: the stored session it was read from and whether it must continue under a new token."""

    def __init__(
        self,
        area: SessionArea | None,
        found: FoundWebSession | None,
        values: dict[str, Any],
        *,
        token_sent: bool = False,
    ) -> None:
        super().__init__(values)
        self.area = area  # None outside the three areas: never stored
        self.found = found
        self.token_sent = token_sent  # the browser sent a token (valid or not)
        self.renewed = False
        self._as_loaded = self.fingerprint()

    def renew(self) -> None:
        """Forget everything and go on under a new token; the old token stops working."""
        self.clear()
        self.renewed = True

    def changed(self) -> bool:
        return self.fingerprint() != self._as_loaded

    def fingerprint(self) -> str:
        return json.dumps(self, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class SignedInUser:
    user_id: int
    shop_name: str
    email: str


def signed_in_user(request: Request) -> SignedInUser | None:
    user_id = request.session.get(USER_ID)
    if not isinstance(user_id, int):
        return None
    return SignedInUser(
        user_id=user_id,
        shop_name=str(request.session.get(SHOP_NAME, "")),
        email=str(request.session.get(USER_EMAIL, "")),
    )


def sign_in(request: Request, user: SignedInUser) -> None:
    # A fresh session (new token, new CSRF token) at sign-in, so nothing planted before it
    # survives: a token an attacker set in the browser is revoked, not signed in.
    _start_afresh(request)
    request.session.update(
        {USER_ID: user.user_id, SHOP_NAME: user.shop_name, USER_EMAIL: user.email}
    )
    new_csrf_token(request)


def sign_in_buyer(request: Request, key_id: int) -> None:
    _start_afresh(request)
    request.session[BUYER_KEY_ID] = key_id
    new_csrf_token(request)


def signed_in_buyer_key(request: Request) -> int | None:
    key_id = request.session.get(BUYER_KEY_ID)
    return key_id if isinstance(key_id, int) else None


def sign_in_agent(request: Request, agent_id: int, label: str) -> None:
    _start_afresh(request)
    request.session.update({AGENT_ID: agent_id, AGENT_LABEL: label})
    new_csrf_token(request)


def signed_in_agent(request: Request) -> int | None:
    agent_id = request.session.get(AGENT_ID)
    return agent_id if isinstance(agent_id, int) else None


def sign_out(request: Request) -> None:
    """Revoke the session: a copy of its cookie opens nothing any more."""
    _start_afresh(request)


def _start_afresh(request: Request) -> None:
    session = request.session
    assert isinstance(session, ServerSession), "AreaSessions must be installed"
    session.renew()


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_SESSION_KEY)
    return token if isinstance(token, str) and token else new_csrf_token(request)


def new_csrf_token(request: Request) -> str:
    token = secrets.token_urlsafe(32)
    request.session[CSRF_SESSION_KEY] = token
    return token


def csrf_matches(request: Request, submitted: str | None) -> bool:
    expected = request.session.get(CSRF_SESSION_KEY)
    if not isinstance(expected, str) or not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def flash(request: Request, text: str, kind: str = "success") -> None:
    request.session[FLASHES] = [*request.session.get(FLASHES, []), {"kind": kind, "text": text}]


def pop_flashes(request: Request) -> list[dict[str, Any]]:
    flashes = request.session.pop(FLASHES, [])
    return flashes if isinstance(flashes, list) else []

"""What a web area keeps in its session (stored server-side, see session_store.py): who is
signed in, the CSRF token, flash messages, and drafts: what was typed into a form sent after
the session had ended. (The chat panel's share lives in chat_session.py.)"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from fairmarket.domains.web_sessions.schemas import IDLE_TIMEOUT, FoundWebSession, SessionArea

USER_ID = "seller_user_id"
SHOP_NAME = "shop_name"
USER_EMAIL = "user_email"
CSRF_SESSION_KEY = "csrf_token"
FLASHES = "flashes"
CSRF_FIELD = "csrf_token"
BUYER_KEY_ID = "buyer_key_id"
AGENT_ID = "agent_id"
AGENT_LABEL = "agent_label"
SELLER_ID = "seller_id"
DRAFTS = "drafts"
DRAFT_QUERY = "draft"  # ?draft=<one-time token> on the page the draft goes back to
MAX_DRAFTS = 3
MAX_DRAFT_CHARACTERS = 20_000
# Never kept in a draft: secrets, and what the server fills in itself.
NOT_DRAFTED = frozenset({CSRF_FIELD, "password", "api_key", "next"})
IDENTITY_BY_AREA = {"seller": USER_ID, "buyer": BUYER_KEY_ID, "ops": AGENT_ID}


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
    seller_id: int | None = None  # None in sessions signed in before it was kept


def signed_in_user(request: Request) -> SignedInUser | None:
    user_id, seller_id = request.session.get(USER_ID), request.session.get(SELLER_ID)
    if not isinstance(user_id, int):
        return None
    return SignedInUser(
        user_id=user_id,
        shop_name=str(request.session.get(SHOP_NAME, "")),
        email=str(request.session.get(USER_EMAIL, "")),
        seller_id=seller_id if isinstance(seller_id, int) else None,
    )


def sign_in(request: Request, user: SignedInUser) -> None:
    # A fresh session (new token, new CSRF token) at sign-in, so nothing planted before it
    # survives: a token an attacker set in the browser is revoked, not signed in.
    _start_afresh(request, keep=(DRAFTS,))
    request.session.update(
        {
            USER_ID: user.user_id,
            SHOP_NAME: user.shop_name,
            USER_EMAIL: user.email,
            SELLER_ID: user.seller_id,
        }
    )
    new_csrf_token(request)


def sign_in_buyer(request: Request, key_id: int) -> None:
    _start_afresh(request, keep=(DRAFTS,))
    request.session[BUYER_KEY_ID] = key_id
    new_csrf_token(request)


def signed_in_buyer_key(request: Request) -> int | None:
    key_id = request.session.get(BUYER_KEY_ID)
    return key_id if isinstance(key_id, int) else None


def sign_in_agent(request: Request, agent_id: int, label: str) -> None:
    _start_afresh(request, keep=(DRAFTS,))
    request.session.update({AGENT_ID: agent_id, AGENT_LABEL: label})
    new_csrf_token(request)


def signed_in_agent(request: Request) -> int | None:
    agent_id = request.session.get(AGENT_ID)
    return agent_id if isinstance(agent_id, int) else None


def sign_out(request: Request) -> None:
    """Revoke the session: a copy of its cookie opens nothing any more."""
    _start_afresh(request)


def _start_afresh(request: Request, keep: tuple[str, ...] = ()) -> None:
    """A new session; only the drafts typed before signing in go along (never who was signed
    in, nor the CSRF token)."""
    session = request.session
    assert isinstance(session, ServerSession), "AreaSessions must be installed"
    kept = {key: session[key] for key in keep if key in session}
    session.renew()
    session.update(kept)


def signed_in_to(request: Request, area: str) -> bool:
    key = IDENTITY_BY_AREA.get(area)
    return key is not None and isinstance(request.session.get(key), int)


def session_ends_at(request: Request) -> datetime | None:
    """When this signed-in session ends unless used again: 12 hours after sign-in, or 2 idle
    hours after it was last seen (a view now counts only if `last_seen_at` is due a write)."""
    session = request.session
    if not isinstance(session, ServerSession) or session.found is None or session.renewed:
        return None
    found = session.found
    now = datetime.now(UTC)  # sessions run on real time, whatever the marketplace clock says
    seen = now if found.seen_update_due(now) else found.last_seen_at
    return min(found.expires_at, seen + IDLE_TIMEOUT)


def keep_draft(request: Request, action: str, page: str, fields: Iterable[tuple[str, str]]) -> str:
    """Keep what was typed into the form posted to `action` (from `page`) in this session,
    under a new one-time token; "" when there is nothing to keep or too much."""
    kept = [[name, value] for name, value in fields if name not in NOT_DRAFTED and value]
    if not kept or sum(len(name) + len(value) for name, value in kept) > MAX_DRAFT_CHARACTERS:
        return ""
    token = secrets.token_urlsafe(16)
    drafts = request.session.get(DRAFTS)
    drafts = dict(drafts) if isinstance(drafts, dict) else {}
    drafts[token] = {"action": action, "page": page, "fields": kept}
    request.session[DRAFTS] = dict(list(drafts.items())[-MAX_DRAFTS:])
    return token


def take_draft(request: Request) -> dict[str, Any] | None:
    """The draft named by `?draft=` for this page, once: taking it forgets it."""
    token = request.query_params.get(DRAFT_QUERY)
    drafts = request.session.get(DRAFTS)
    if not token or not isinstance(drafts, dict) or token not in drafts:
        return None
    remaining = {key: value for key, value in drafts.items() if key != token}
    if remaining:
        request.session[DRAFTS] = remaining
    else:
        del request.session[DRAFTS]
    draft = drafts[token]
    return draft if isinstance(draft, dict) and draft.get("page") == request.url.path else None


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

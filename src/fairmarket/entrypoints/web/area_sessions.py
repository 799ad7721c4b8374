"""One session per area: Seller Center (/seller), buyer pages (/buyer) and the Ops Console
(/ops). Each area's cookie is scoped to its path, so signing in to one area never signs anyone
in to another, and each area has its own CSRF token.

The cookie carries only a random token, signed with the secret key; the session itself is a
row (session_store.py), so signing out revokes it even in a copy of the cookie, and a cookie
signed by someone who knows the secret names no session."""

from __future__ import annotations

from dataclasses import dataclass

from anyio.to_thread import run_sync
from itsdangerous import BadSignature, Signer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairmarket.domains.web_sessions.schemas import SessionArea
from fairmarket.entrypoints.web.session import ServerSession
from fairmarket.entrypoints.web.session_store import (
    CookieChange,
    ForgetToken,
    NewToken,
    SessionStore,
)


@dataclass(frozen=True)
class Area:
    area: SessionArea
    prefix: str
    cookie: str


# The first match wins; "/seller" also covers the chat panel. Static files need no session.
AREAS = (
    Area(SessionArea.BUYER_PAGES, "/buyer", "fairmarket_buyer"),
    Area(SessionArea.OPS_CONSOLE, "/ops", "fairmarket_ops"),
    Area(SessionArea.SELLER_CENTER, "/seller", "fairmarket_seller"),
)
NO_SESSION_PREFIXES = ("/seller/static/",)
SIGNER_SALT = "fairmarket.web-session"


def area_for_path(path: str) -> Area | None:
    if path.startswith(NO_SESSION_PREFIXES):
        return None
    for area in AREAS:
        if path == area.prefix or path.startswith(area.prefix + "/"):
            return area
    return None


class AreaSessions:
    def __init__(
        self, app: ASGIApp, *, store: SessionStore, secret_key: str, https_only: bool
    ) -> None:
        self._app = app
        self._store = store
        self._signer = Signer(secret_key, salt=SIGNER_SALT)
        self._https_only = https_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        area = area_for_path(scope["path"])
        if area is None:  # outside the areas: a session that is never stored
            scope["session"] = ServerSession(None, None, {})
            await self._app(scope, receive, send)
            return
        token = self._token(HTTPConnection(scope).cookies.get(area.cookie))
        session = await run_sync(self._store.load, area.area, token)
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                change = await run_sync(self._store.save, session)
                header = self._set_cookie(area, change)
                if header is not None:
                    MutableHeaders(scope=message).append("set-cookie", header)
            await send(message)

        await self._app(scope, receive, send_with_cookie)

    def _token(self, cookie: str | None) -> str | None:
        """The token in a cookie we signed; "" for any other cookie (it is then dropped)."""
        if cookie is None:
            return None
        try:
            return self._signer.unsign(cookie).decode()
        except BadSignature:
            return ""

    def _set_cookie(self, area: Area, change: CookieChange) -> str | None:
        if isinstance(change, NewToken):
            value = self._signer.sign(change.token).decode()
            lifetime = f"Max-Age={change.max_age_seconds}"
        elif isinstance(change, ForgetToken):
            value, lifetime = "null", "expires=Thu, 01 Jan 1970 00:00:00 GMT"
        else:
            return None
        secure = "; secure" if self._https_only else ""
        attributes = f"path={area.prefix}; {lifetime}; httponly; samesite=lax{secure}"
        return f"{area.cookie}={value}; {attributes}"

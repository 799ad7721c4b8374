"""One signed session cookie per area: Seller Center (/seller), buyer pages (/buyer) and the
Ops Console (/ops). Each cookie is scoped to its path, so signing in to one area never signs
anyone in to another, and each area has its own CSRF token."""

from __future__ import annotations

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

SESSION_HOURS = 12
# path prefix -> cookie name; the first match wins, "/seller" also covers "/" (it redirects).
AREAS = (("/buyer", "fairmarket_buyer"), ("/ops", "fairmarket_ops"), ("", "fairmarket_seller"))


class AreaSessions:
    def __init__(self, app: ASGIApp, *, secret_key: str, https_only: bool) -> None:
        self._areas = [
            (
                prefix,
                SessionMiddleware(
                    app,
                    secret_key=secret_key,
                    session_cookie=cookie,
                    max_age=SESSION_HOURS * 3600,
                    path=prefix or "/seller",
                    same_site="lax",
                    https_only=https_only,
                ),
            )
            for prefix, cookie in AREAS
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] in ("http", "websocket") else ""
        for prefix, middleware in self._areas:
            if not prefix or path == prefix or path.startswith(prefix + "/"):
                await middleware(scope, receive, send)
                return

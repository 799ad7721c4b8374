"""The API's own version on every API response, and notice of deprecated operations.

`Fairmarket-Version` names the dated version that answered (the path carries the major, `/v1`).
An operation whose capability declares `deprecated_on` answers `Deprecation` (RFC 9745) and,
with `sunset_on`, `Sunset` (RFC 8594); OpenAPI flags it `deprecated: true` (routes.py). A request
that uses a deprecated input value (an event type's old name) gets the same notice.
The policy is docs/API-VERSIONING.md; what changed in each version, docs/CHANGELOG-API.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from email.utils import format_datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairmarket.capabilities.catalogue import Capability

API_VERSION = "2026-12-05"
API_PATH_PREFIX = "/v1"
DEPRECATED_INPUT_NOTICE = "fairmarket.deprecated_input_notice"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def deprecation_headers(capability: Capability) -> list[tuple[bytes, bytes]]:
    """The notice of a deprecated operation."""
    return notice_headers(capability.deprecated_on, capability.sunset_on)


def notice_headers(deprecated_on: date | None, sunset_on: date | None) -> list[tuple[bytes, bytes]]:
    """RFC 9745 `Deprecation: @<unix seconds>` and RFC 8594 `Sunset: <HTTP-date>`."""
    headers: list[tuple[bytes, bytes]] = []
    if deprecated_on is not None:
        seconds = int(_midnight(deprecated_on).timestamp())
        headers.append((b"deprecation", f"@{seconds}".encode()))
    if sunset_on is not None:
        sunset = format_datetime(_midnight(sunset_on), usegmt=True)
        headers.append((b"sunset", sunset.encode()))
    return headers


def note_deprecated_input(scope: Scope, headers: list[tuple[bytes, bytes]]) -> None:
    """A request that used a deprecated input value (an old event type name) is answered with
    its notice, whatever the operation; the endpoint notes it here for the middleware."""
    scope[DEPRECATED_INPUT_NOTICE] = headers


class ApiVersionMiddleware:
    """Pure ASGI: stamp API responses with the version, and deprecated routes with notices.

    The router records the matched route in the scope before the response starts; generated
    routes are named after their capability, which is how a notice finds its operation.
    """

    def __init__(self, app: ASGIApp, capabilities: Iterable[Capability] = ()) -> None:
        self.app = app
        self.notices = {
            capability.name: deprecation_headers(capability)
            for capability in capabilities
            if capability.deprecated_on is not None
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PATH_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers.append((b"fairmarket-version", API_VERSION.encode()))
                route_name = getattr(scope.get("route"), "name", None)
                headers.extend(self.notices.get(route_name or "", ()))
                headers.extend(scope.get(DEPRECATED_INPUT_NOTICE, ()))
            await send(message)

        await self.app(scope, receive, send_with_version)

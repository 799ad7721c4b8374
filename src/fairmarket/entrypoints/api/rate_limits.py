"""Rate limits on the API (`/v1`): a quota per API key, and per IP for calls without a valid key.

Every response carries the IETF draft headers (`RateLimit-Policy: "default";q=100;w=10` and
`RateLimit: "default";r=50;t=30`); over the limit the answer is 429 problem+json with
`Retry-After`, before the endpoint runs. Unknown, revoked or missing keys count against the
caller's IP (each 401 is one failure), so guessing keys from one address ends in 429s. A key
is still looked up (one indexed query, cached 10 s) from an address over its limit, so that a
valid key there keeps its own quota whatever its neighbours behind the same NAT do.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairmarket.adapters.rate_limits import RateLimits, Throttle, Verdict
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator, key_digest, token_of
from fairmarket.entrypoints.api.problems import domain_error_response
from fairmarket.kernel.errors import DomainError, ErrorKind

API_PREFIX = "/v1"


def client_address(scope: Scope) -> str:
    """The peer's IP (behind a proxy, uvicorn's --forwarded-allow-ips makes it the client's)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def rate_limit_headers(verdict: Verdict) -> list[tuple[bytes, bytes]]:
    quota = verdict.quota
    return [
        (b"ratelimit-policy", f'"{quota.name}";q={quota.amount};w={quota.window_seconds}'.encode()),
        (b"ratelimit", f'"{quota.name}";r={verdict.remaining};t={verdict.reset_seconds}'.encode()),
    ]


def over_quota(verdict: Verdict, *, authenticated: bool) -> DomainError:
    quota, wait = verdict.quota, verdict.reset_seconds
    if authenticated:
        return DomainError(
            code="rate_limited",
            kind=ErrorKind.RATE_LIMITED,
            message=f"This API key has used its quota of {quota.amount} requests per "
            f"{quota.window_seconds} seconds. Retry after {wait} seconds (see Retry-After); "
            "spread requests out or use another key for another integration.",
        )
    return DomainError(
        code="too_many_failed_authentications",
        kind=ErrorKind.RATE_LIMITED,
        message=f"Too many requests from your address without a valid API key ({quota.amount} "
        f"per {quota.window_seconds} seconds). Retry after {wait} seconds with a valid key "
        "in 'Authorization: Bearer <key>'.",
    )


class RateLimitMiddleware:
    """Pure ASGI: counts each `/v1` request before the app runs, and writes the headers."""

    def __init__(
        self, app: ASGIApp, rate_limits: RateLimits, authenticator: ApiKeyAuthenticator
    ) -> None:
        self.app = app
        self.rate_limits = rate_limits
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        token = token_of(dict(scope["headers"]).get(b"authorization", b"").decode("latin-1"))
        if token and self.authenticator.known_actor(token) is not None:
            verdict = self.rate_limits.api_keys.hit(key_digest(token))
            failures = None
        else:
            failures = self.rate_limits.failed_authentications
            verdict = failures.peek(client_address(scope))
        if not verdict.allowed:
            await self._refuse(scope, receive, send, verdict, authenticated=failures is None)
            return
        await self.app(scope, receive, self._sending_headers(scope, send, verdict, failures))

    def _sending_headers(
        self, scope: Scope, send: Send, verdict: Verdict, failures: Throttle | None
    ) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                final = verdict
                if failures is not None and message["status"] == 401:
                    final = failures.hit(client_address(scope))
                message.setdefault("headers", []).extend(rate_limit_headers(final))
            await send(message)

        return send_with_headers

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, verdict: Verdict, *, authenticated: bool
    ) -> None:
        response = domain_error_response(
            Request(scope), over_quota(verdict, authenticated=authenticated)
        )
        response.raw_headers.extend(rate_limit_headers(verdict))
        response.raw_headers.append((b"retry-after", str(verdict.reset_seconds).encode()))
        await response(scope, receive, send)

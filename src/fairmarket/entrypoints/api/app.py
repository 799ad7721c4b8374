"""The FastAPI application: Seller API, buyer API, Seller Center and the chat endpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from fairmarket import __version__
from fairmarket.bootstrap import Container
from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.capabilities.exports import EXPORT_CAPABILITIES
from fairmarket.capabilities.registry import CAPABILITIES
from fairmarket.capabilities.sandbox import SANDBOX_CAPABILITIES
from fairmarket.entrypoints.api.app_usage import AppUsageCounter
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator, key_refusal
from fairmarket.entrypoints.api.exports import mount_exports
from fairmarket.entrypoints.api.middleware import RequestIdMiddleware
from fairmarket.entrypoints.api.openapi import build_openapi
from fairmarket.entrypoints.api.problems import (
    handle_domain_error,
    handle_http_exception,
    handle_request_validation,
    handle_unexpected_error,
)
from fairmarket.entrypoints.api.rate_limits import RateLimitMiddleware
from fairmarket.entrypoints.api.routes import capability_router
from fairmarket.entrypoints.api.sandbox import mount_sandbox
from fairmarket.entrypoints.api.versioning import ApiVersionMiddleware
from fairmarket.entrypoints.chatbot.api import mount_chat
from fairmarket.entrypoints.oauth.routes import router as oauth_router
from fairmarket.entrypoints.web.app import mount_seller_center
from fairmarket.kernel.errors import DomainError

# Platform agents reach the rules engine and its exception queue with agent keys (fm_ak_...);
# ruling on disputes stays in the Ops Console (password sign-in, /ops), so it is not published.
OPS_FAMILIES_IN_API = frozenset({"rules", "exceptions"})


def published() -> list[Capability]:
    """The capabilities the API serves; auth.refusal_for keeps each to its kind of key."""
    return [
        c
        for c in CAPABILITIES
        if c.audience is not Audience.OPS or c.name.split(".")[0] in OPS_FAMILIES_IN_API
    ]


def create_app(container: Container) -> FastAPI:
    app = FastAPIOffline(
        title="Fairmarket Seller API",
        version=__version__,
        description="One catalogue of seller capabilities, reachable with identical behaviour "
        "from the Seller API, Seller Center and the Seller Chatbot. Authenticate "
        "with `Authorization: Bearer <API key>`. Idempotency keys are kept "
        f"{container.settings.idempotency_key_ttl_hours} hours. Each key's quota is "
        f"`{container.settings.api_rate_limit}`: the RateLimit-Policy and RateLimit headers "
        "say what is left, and past it the answer is 429 with Retry-After.",
    )
    app.state.container = container
    app.state.app_usage = AppUsageCounter(
        container.uow_factory, container.settings.app_usage_flush_seconds
    )
    authenticator = ApiKeyAuthenticator(container.uow_factory, app.state.app_usage)
    app.state.authenticator = authenticator  # Connected apps clears it on revoke
    app.state.key_check = lambda request: key_refusal(request, authenticator)
    # Seller Center revokes and rotates keys in this process too: it tells the same cache.
    app.state.forget_changed_keys = authenticator.forget_keys_changed_by
    ttl = timedelta(hours=container.settings.idempotency_key_ttl_hours)
    app.include_router(capability_router(container.uow_factory, authenticator, published(), ttl))
    mount_exports(app, container.uow_factory, authenticator)
    mount_sandbox(app, container, authenticator, ttl)  # sandbox mode only
    mount_chat(app, container, authenticator)
    app.include_router(oauth_router)
    mount_seller_center(app, container)
    app.add_exception_handler(DomainError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_request_validation)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(Exception, handle_unexpected_error)
    # Added first, so it runs inside RequestIdMiddleware: a 429 carries the request id too.
    app.add_middleware(
        RateLimitMiddleware, rate_limits=container.rate_limits, authenticator=authenticator
    )
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ApiVersionMiddleware, capabilities=[*published(), *EXPORT_CAPABILITIES])
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    return build_openapi(app, [*published(), *SANDBOX_CAPABILITIES])

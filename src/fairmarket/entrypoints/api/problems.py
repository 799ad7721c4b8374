"""The one mapping from DomainError to RFC 9457 problem+json."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from fairmarket.capabilities.catalogue import validation_failed_from_errors
from fairmarket.entrypoints.web.error_pages import error_page, wants_page
from fairmarket.kernel.errors import DomainError, ErrorKind, invalid

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://fairmarket.dev/problems/"

STATUS_BY_KIND = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.INVALID: 422,
    ErrorKind.RATE_LIMITED: 429,
}
# Codes whose HTTP status differs from their kind's (a stale If-Match is a failed precondition).
STATUS_BY_CODE = {
    "after_sale_version_mismatch": 412,
    "idempotency_key_missing": 400,
    "invalid_json": 400,
    "dry_run_not_supported": 400,
}
TITLES = {
    404: "Not found",
    409: "Conflict",
    403: "Forbidden",
    401: "Unauthenticated",
    422: "Unprocessable content",
    429: "Too many requests",
    412: "Precondition failed",
    400: "Bad request",
    405: "Method not allowed",
    500: "Internal error",
}
# What the framework itself answers (no route, wrong method, a body it cannot read), in words.
FRAMEWORK_PROBLEMS = {
    404: ("route_not_found", "There is no such path in this API; see /docs for the paths."),
    405: (
        "method_not_allowed",
        "This path does not take that method; the Allow header lists the ones it takes.",
    ),
    400: (
        "invalid_json",
        "The request body could not be read: send UTF-8 JSON, nested at most "
        "a few levels, with Content-Type: application/json.",
    ),
}


def request_id_of(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


def problem_response(
    status: int, code: str, detail: str, request: Request, **extra: Any
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": f"urn:request:{request_id_of(request)}",
        "code": code,
    }
    body.update({key: value for key, value in extra.items() if value is not None})
    headers = {"WWW-Authenticate": 'Bearer realm="fairmarket"'} if status == 401 else None
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def domain_error_response(request: Request, error: DomainError) -> Response:
    status = STATUS_BY_CODE.get(error.code, STATUS_BY_KIND[error.kind])
    errors = [
        {"field": p.field, "message": p.message, "code": p.code} for p in error.field_problems
    ] or None
    return problem_response(
        status, error.code, error.message, request, errors=errors, current_state=error.current_state
    )


async def handle_domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    return domain_error_response(request, error)


async def handle_request_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    refusal = credentials_refusal(request)
    if refusal is not None:  # who is asking comes before what they asked: 401 before 422
        return domain_error_response(request, refusal)
    broken = next((item for item in error.errors() if item["type"] == "json_invalid"), None)
    if broken is not None:
        position = broken["loc"][-1]
        return domain_error_response(
            request,
            invalid(
                "invalid_json",
                f"The request body is not valid JSON (error at character {position}); "
                "send a JSON object with Content-Type: application/json.",
            ),
        )
    # Strip FastAPI's location prefix ("body", "query", "path") so that the field names and
    # messages are exactly the ones every other channel shows for the same input.
    errors = [
        {
            **item,
            "loc": tuple(item["loc"][1:])
            if item["loc"][0] in ("body", "query", "path")
            else tuple(item["loc"]),
        }
        for item in error.errors()
    ]
    return domain_error_response(request, validation_failed_from_errors(errors))


def credentials_refusal(request: Request) -> DomainError | None:
    """Why the request's API key is refused (missing, unknown or revoked), if the app checks
    keys (`app.state.key_check`); None when it passes or the path is not the API's."""
    key_check: Callable[[Request], DomainError | None] | None = getattr(
        request.app.state, "key_check", None
    )
    if key_check is None or not request.url.path.startswith("/v1/"):
        return None
    return key_check(request)


async def handle_http_exception(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    # A browser gets a page in the area's look; an API client problem+json.
    response = error_page(request, error.status_code) if wants_page(request) else None
    if response is None:
        code, detail = FRAMEWORK_PROBLEMS.get(error.status_code, ("http_error", str(error.detail)))
        response = problem_response(error.status_code, code, detail, request)
    response.headers.update(error.headers or {})
    if error.status_code == 405:
        response.headers["allow"] = allowed_methods(request)
    return response


def allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (the router names only the first route's,
    and GET and POST on one path are two routes)."""
    return ", ".join(
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    )


async def handle_unexpected_error(request: Request, error: Exception) -> Response:
    """A bug answers a problem with the request id to quote, never the exception's text."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    page = error_page(request, 500, request_id_of(request)) if wants_page(request) else None
    response = page or problem_response(
        500,
        "internal_error",
        "Something went wrong on our side. Retrying with the same Idempotency-Key is safe (a "
        "change happens at most once); if it keeps failing, contact support quoting the "
        "instance (the request id).",
        request,
    )
    # This answer is made outside the request-id middleware, so it carries the id itself.
    response.headers["x-request-id"] = request_id_of(request)
    return response

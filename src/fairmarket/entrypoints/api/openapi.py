"""The OpenAPI document, complete enough for a generated client: the headers every operation
takes and answers, each operation's own error statuses, the Problem schema, servers, licence,
tag descriptions and the webhooks an integrator receives."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from fairmarket.capabilities.catalogue import Capability
from fairmarket.entrypoints.api.openapi_webhooks import webhook_schemas, webhooks_section
from fairmarket.entrypoints.api.problems import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, with a stable `code`.",
    "required": ["type", "title", "status", "detail", "instance", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong and what to do next."},
        "instance": {"type": "string", "description": "urn:request:<X-Request-Id>."},
        "code": {"type": "string", "description": "Stable machine-readable error code."},
        "errors": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/FieldProblem"},
        },
        "current_state": {"type": "object", "description": "The resource as it is now."},
    },
}
FIELD_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["field", "message", "code"],
    "properties": {
        "field": {"type": "string"},
        "message": {"type": "string"},
        "code": {"type": "string"},
    },
}

HEADER_SCHEMAS: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "description": "The request id (yours if you sent a sane one); quote it to support.",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "The resource's version; send it back in If-Match on a decision.",
        "schema": {"type": "string"},
    },
    "RateLimit-Policy": {
        "description": 'The quota that applies (IETF draft): `"default";q=100;w=10` is 100 '
        "requests per 10 seconds for this key; calls without a valid key are counted per "
        'address under `"unauthenticated"`.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of it: `"default";r=50;t=30` is 50 requests, with room '
        "again in at most 30 seconds.",
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds to wait before the next request is accepted.",
        "schema": {"type": "integer", "minimum": 1},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the "
        "same Idempotency-Key.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Fairmarket-Version": {
        "description": "The dated API version that answered (docs/API-VERSIONING.md).",
        "schema": {"type": "string", "example": "2026-12-05"},
    },
    "Deprecation": {
        "description": "RFC 9745: when this operation was deprecated (`@<unix seconds>`).",
        "schema": {"type": "string"},
    },
    "Sunset": {
        "description": "RFC 8594: the HTTP-date after which this operation may stop answering.",
        "schema": {"type": "string"},
    },
}
REQUEST_ID_PARAMETER: dict[str, Any] = {
    "name": "X-Request-Id",
    "in": "header",
    "required": False,
    "description": "Your id for this request (letters, digits, `._-`, at most 128); echoed back.",
    "schema": {"type": "string", "maxLength": 128, "pattern": "^[A-Za-z0-9._\\-]{1,128}$"},
}
IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "description": "A unique value per change (a UUID); reuse it when you retry. The same key "
    "with the same request returns the first answer; with another body, 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
IF_MATCH_PARAMETER: dict[str, Any] = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'The ETag you last read (e.g. `"3"`): the action is refused with 412 if the '
    "request changed since.",
    "schema": {"type": "string", "pattern": '^(W/)?"?[0-9]{1,18}"?$'},
}

TAG_DESCRIPTIONS = {
    "API keys": "Your API keys: list them with their last use, create, rotate with a grace "
    "period, revoke (scopes api_keys:read and api_keys:write).",
    "Orders": "A seller's orders: list, read, ship, cancel, timeline.",
    "After-sales": "Every post-purchase journey (cancellation, interception, return, refund, "
    "dispute) on one model; the state machines are published as data.",
    "Events": "The ordered event log: the source of truth to catch up from.",
    "Webhooks": "Endpoints that are notified of events, signed per Standard Webhooks.",
    "Buyer API": "For buyers' apps, with a buyer key.",
    "Rules": "Platform agents: rule sets that decide routine exceptions (agent keys).",
    "Exceptions": "Platform agents: the exception queue (agent keys).",
    "Chat": "The Seller Chatbot over HTTP: one message in, one turn out.",
    "Sandbox": "Sandbox deployments only: move time, simulate buyers and carriers.",
    "Exports": "Every order or after-sale request of a date range, streamed as JSON lines.",
}


def build_openapi(app: FastAPI, capabilities: list[Capability]) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        servers=[{"url": "/", "description": "This deployment"}],
        license_info={"name": "Apache-2.0", "identifier": "Apache-2.0"},
    )
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(
        {"Problem": PROBLEM_SCHEMA, "FieldProblem": FIELD_PROBLEM_SCHEMA, **webhook_schemas()}
    )
    components["securitySchemes"] = {"apiKey": {"type": "http", "scheme": "bearer"}}
    schema["security"] = [{"apiKey": []}]
    by_name = {capability.name: capability for capability in capabilities}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            describe_headers(operation, by_name.get(operation.get("operationId", "")))
    used_tags = {
        tag for ops in schema["paths"].values() for op in ops.values() for tag in op["tags"]
    }
    schema["tags"] = [
        {"name": tag, "description": TAG_DESCRIPTIONS.get(tag, tag)} for tag in sorted(used_tags)
    ]
    schema["webhooks"] = webhooks_section()
    app.openapi_schema = schema
    return schema


def describe_headers(operation: dict[str, Any], capability: Capability | None) -> None:
    """Request headers an operation takes and response headers it answers."""
    parameters = operation.setdefault("parameters", [])
    parameters.append(REQUEST_ID_PARAMETER)
    if capability is not None and capability.writes:
        dry_run = any(p.get("name") == "dry_run" for p in parameters)
        parameters.append({**IDEMPOTENCY_KEY_PARAMETER, "required": not dry_run})
    if capability is not None and "expected_version" in capability.command.model_fields:
        parameters.append(IF_MATCH_PARAMETER)
    for status, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        headers["X-Request-Id"] = HEADER_SCHEMAS["X-Request-Id"]
        headers["Fairmarket-Version"] = HEADER_SCHEMAS["Fairmarket-Version"]
        if operation.get("deprecated"):
            headers["Deprecation"] = HEADER_SCHEMAS["Deprecation"]
            headers["Sunset"] = HEADER_SCHEMAS["Sunset"]
        headers["RateLimit-Policy"] = HEADER_SCHEMAS["RateLimit-Policy"]
        headers["RateLimit"] = HEADER_SCHEMAS["RateLimit"]
        if status == "429":
            headers["Retry-After"] = HEADER_SCHEMAS["Retry-After"]
        if status.startswith("2") and capability is not None:
            if "version" in capability.result.model_fields:
                headers["ETag"] = HEADER_SCHEMAS["ETag"]
            if capability.writes:
                headers["Idempotent-Replayed"] = HEADER_SCHEMAS["Idempotent-Replayed"]


def error_statuses(capability: Capability) -> dict[int, str]:
    """The problem statuses this operation can answer, and why."""
    statuses = {
        401: "Missing, unknown or revoked API key",
        403: "The key is of another kind or lacks the required scope",
        422: "Invalid input (errors lists each field)",
        429: "The key's quota is spent, or this address sent too many requests without a "
        "valid key: retry after Retry-After seconds",
    }
    if capability.http_method == "POST":
        statuses[400] = "Unreadable body, a missing Idempotency-Key, or an unsupported dry run"
    if capability.path_params or capability.writes or _names_something(capability):
        statuses[404] = "Not found, or not yours"
    if capability.writes:
        statuses[409] = (
            "Conflicts with the current state (carries current_state), or the same "
            "Idempotency-Key is still in progress"
        )
    if "expected_version" in capability.command.model_fields:
        statuses[412] = "If-Match does not match the current version"
    return dict(sorted(statuses.items()))


def _names_something(capability: Capability) -> bool:
    return any(
        name.endswith("_id") or name == "order_number" for name in capability.command.model_fields
    )


def problem_responses(capability: Capability) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": text,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status, text in error_statuses(capability).items()
    }

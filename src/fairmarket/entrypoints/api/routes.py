"""Routes generated from the capability catalogue: one generic endpoint per capability."""

from __future__ import annotations

import inspect
from datetime import timedelta
from typing import Annotated, Any

import annotated_types
from fastapi import APIRouter, Body, Path, Query, Request, Response
from pydantic import BaseModel, create_model
from pydantic.fields import FieldInfo

from fairmarket.capabilities.catalogue import (
    Audience,
    Capability,
    parse_command,
    run_capability,
    validation_failed_from_errors,
)
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.events.types import (
    OLD_NAMES_DEPRECATED_ON,
    OLD_NAMES_SUNSET_ON,
    old_event_type_names,
)
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator, authenticate
from fairmarket.entrypoints.api.idempotency import etag_of, run_idempotently
from fairmarket.entrypoints.api.openapi import problem_responses
from fairmarket.entrypoints.api.problems import PROBLEM_JSON
from fairmarket.entrypoints.api.versioning import note_deprecated_input, notice_headers
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.commands import MAX_ROW_ID, Command
from fairmarket.kernel.errors import invalid

# In the API a request or an order is named by its path; then the other reference fields are not
# inputs. (A command about something else, such as a rule simulation, takes request_id as input.)
REFERENCE_FIELDS = frozenset({"request_id", "order_number"})
# Inputs of a POST that come from elsewhere: If-Match, and `?dry_run=true` on money-moving actions.
HEADER_OR_QUERY_FIELDS = frozenset({"expected_version", "dry_run"})
# Inputs naming event types (`GET /v1/events?type=`, a webhook's `event_types`): their old names
# are accepted until the sunset, with a Deprecation notice (docs/API-VERSIONING.md).
EVENT_TYPE_FIELDS = ("type", "event_types")

# For routes outside the catalogue (the chat turn), which can answer any capability's problem.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": text,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for status, text in {
        400: "Malformed request or missing Idempotency-Key",
        401: "Missing or invalid API key",
        403: "The key lacks the required scope",
        404: "Not found or not yours",
        409: "Conflicts with the current state (carries current_state)",
        412: "If-Match does not match the current version",
        422: "Invalid input (errors lists each field)",
        429: "Over the key's quota, or too many calls without a valid key (see Retry-After)",
    }.items()
}


def body_model(capability: Capability, suffix: str = "Body") -> type[BaseModel] | None:
    named_by_path = bool(REFERENCE_FIELDS & set(capability.path_params))
    fields = {
        name: (info.annotation, info)
        for name, info in capability.command.model_fields.items()
        if not (name in REFERENCE_FIELDS and named_by_path)
        and name not in capability.path_params
        and name not in HEADER_OR_QUERY_FIELDS
    }
    if not fields:
        return None
    name = "".join(part.capitalize() for part in capability.name.replace(".", "_").split("_"))
    # On Command, so the body is checked as the command is (NUL, true for 1, sizes).
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{name}{suffix}", __base__=Command, **fields
    )
    return model


def expected_version_from(request: Request) -> int | None:
    value = request.headers.get("if-match")
    if value is None:
        return None
    cleaned = value.strip().removeprefix("W/").strip('"')
    if not cleaned.isdigit():
        raise invalid(
            "invalid_if_match", 'If-Match must be the ETag you received, e.g. "3".', "If-Match"
        )
    return int(cleaned)


def make_endpoint(
    capability: Capability,
    uow_factory: UnitOfWorkFactory,
    authenticator: ApiKeyAuthenticator,
    idempotency_ttl: timedelta,
) -> Any:
    body = body_model(capability) if capability.http_method == "POST" else None
    takes_version = "expected_version" in capability.command.model_fields
    takes_dry_run = "dry_run" in capability.command.model_fields

    # Runs on the event loop, not in a thread: one request at a time per process (the prefork
    # model; scale with `serve --workers`). Measured on 2 cores, handing each request to
    # Starlette's thread pool halved throughput through GIL contention between 40 threads.
    async def endpoint(request: Request, **arguments: Any) -> Any:
        actor: Actor = authenticate(request, authenticator, capability.audience, capability.scope)
        if capability.http_method == "POST":
            refuse_unknown_query_parameters(request, takes_dry_run=takes_dry_run)
        raw: dict[str, Any] = {name: arguments[name] for name in capability.path_params}
        for part in ("query", "body"):
            if arguments.get(part) is not None:
                raw.update(arguments[part].model_dump(exclude_unset=True))
        if takes_version:
            raw["expected_version"] = expected_version_from(request)
        if takes_dry_run and arguments.get("dry_run") is not None:
            raw["dry_run"] = arguments["dry_run"]
        if old_event_type_names(event_type_inputs(request, raw)):
            note_deprecated_input(
                request.scope, notice_headers(OLD_NAMES_DEPRECATED_ON, OLD_NAMES_SUNSET_ON)
            )
        command = parse_command(capability, raw)
        if capability.writes and not getattr(command, "dry_run", False):
            return run_idempotently(
                capability,
                uow_factory,
                actor,
                command,
                request,
                ttl=idempotency_ttl,
                after_commit=authenticator.forget_keys_changed_by,
            )
        result = run_capability(capability, uow_factory, actor, command)
        # The service already returns the declared result model: serialise it once instead of
        # letting FastAPI validate it again against response_model (which stays for the docs).
        return Response(
            result.model_dump_json(), media_type="application/json", headers=etag_of(result)
        )

    endpoint.__signature__ = endpoint_signature(capability, body, takes_dry_run=takes_dry_run)  # type: ignore[attr-defined]
    endpoint.__name__ = capability.name.replace(".", "_")
    return endpoint


def event_type_inputs(request: Request, raw: dict[str, Any]) -> list[str]:
    """The names given where event types are named, as sent: in the query string (a query
    model has already mapped old names to new ones) or in the body (other values are left to
    parsing)."""
    names = [name for field in EVENT_TYPE_FIELDS for name in request.query_params.getlist(field)]
    for field in EVENT_TYPE_FIELDS:
        value = raw.get(field)
        if isinstance(value, list):
            names.extend(name for name in value if isinstance(name, str))
    return names


def refuse_unknown_query_parameters(request: Request, *, takes_dry_run: bool) -> None:
    """A POST's inputs are its path, body and headers (and `dry_run` where an action has one):
    anything else in the query is refused, never ignored, so `?dry_run=true` on an action
    without a dry run cannot quietly act for real."""
    unknown = sorted(set(request.query_params) - ({"dry_run"} if takes_dry_run else set()))
    if not unknown:
        return
    if "dry_run" in unknown:
        raise invalid(
            "dry_run_not_supported",
            "This action has no dry run, so nothing was done: remove ?dry_run=true and send "
            "the request again to carry it out.",
            "dry_run",
        )
    raise validation_failed_from_errors(
        [
            {
                "loc": (name,),
                "msg": "Extra inputs are not permitted",
                "type": "extra_forbidden",
            }
            for name in unknown
        ]
    )


def upper_bound(info: FieldInfo) -> int:
    """A path id's largest value: the command field's own `le`, else an INTEGER column's."""
    bounds = [item.le for item in info.metadata if isinstance(item, annotated_types.Le)]
    return int(str(bounds[0])) if bounds else MAX_ROW_ID


def endpoint_signature(
    capability: Capability, body: type[BaseModel] | None, *, takes_dry_run: bool
) -> inspect.Signature:
    """What FastAPI reads to parse path, query and body (and to write the OpenAPI document)."""
    parameters = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
    ]
    for name in capability.path_params:
        info = capability.command.model_fields[name]
        parameters.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    int, Path(gt=0, le=upper_bound(info), description=info.description)
                ],
            )
        )
    query: type[BaseModel] | None = None
    if capability.http_method == "GET":  # inputs besides the path are query parameters
        query = body_model(capability, "Query") if capability.path_params else capability.command
    if query is not None:
        parameters.append(
            inspect.Parameter(
                "query",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[query, Query()],
            )
        )
    if takes_dry_run and capability.http_method == "POST":
        parameters.append(
            inspect.Parameter(
                "dry_run",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    bool | None,
                    Query(
                        description="Check the action and return its refund breakdown; "
                        "nothing changes and no Idempotency-Key is needed."
                    ),
                ],
                default=None,
            )
        )
    if body is not None:
        parameters.append(
            inspect.Parameter(
                "body",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[body, Body()],
            )
        )
    return inspect.Signature(parameters)


def tag_of(capability: Capability) -> str:
    """The OpenAPI tag: "Buyer API", or the capability's family ("Rules", "Exceptions", ...)."""
    if capability.audience is Audience.BUYER:
        return "Buyer API"
    family = capability.name.split(".")[0].replace("_", "-")
    return capability.tags[0] if capability.tags else family.capitalize()


def capability_router(
    uow_factory: UnitOfWorkFactory,
    authenticator: ApiKeyAuthenticator,
    capabilities: list[Capability],
    idempotency_ttl: timedelta,
) -> APIRouter:
    router = APIRouter()
    for capability in capabilities:
        headers = " Requires an `Idempotency-Key` header." if capability.writes else ""
        router.add_api_route(
            capability.http_path,
            make_endpoint(capability, uow_factory, authenticator, idempotency_ttl),
            methods=[capability.http_method],
            status_code=capability.success_status,
            response_model=capability.result,
            name=capability.name,
            operation_id=capability.name,
            summary=capability.summary,
            description=f"{capability.summary}{headers}\n\nRequired scope: `{capability.scope}`.",
            tags=[tag_of(capability)],
            responses=problem_responses(capability),
            deprecated=capability.deprecated_on is not None,
            openapi_extra={
                "x-fairmarket-capability": capability.name,
                "x-required-scope": capability.scope,
            },
        )
    return router

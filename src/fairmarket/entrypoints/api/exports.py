"""Streamed JSON-lines exports: the export capabilities behind the same authentication and
problem+json as every route, answering `application/x-ndjson` one line per item.

The unit of work opens before the answer starts (a refusal or invalid range is still a
problem+json) and closes when the last line is sent or the client goes away.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from fairmarket.capabilities.catalogue import Capability, parse_command
from fairmarket.capabilities.exports import EXPORT_CAPABILITIES
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator, authenticate
from fairmarket.entrypoints.api.openapi import problem_responses
from fairmarket.entrypoints.api.routes import tag_of

NDJSON = "application/x-ndjson"


def mount_exports(
    app: FastAPI,
    uow_factory: UnitOfWorkFactory,
    authenticator: ApiKeyAuthenticator,
    capabilities: tuple[Capability, ...] = EXPORT_CAPABILITIES,
) -> None:
    for capability in capabilities:
        app.add_api_route(
            capability.http_path,
            export_endpoint(capability, uow_factory, authenticator),
            methods=["GET"],
            name=capability.name,
            operation_id=capability.name,
            summary=capability.summary,
            description=f"{capability.summary} One JSON object per line, each as the list "
            f"shows it.\n\nRequired scope: `{capability.scope}`.",
            tags=[tag_of(capability)],
            response_class=StreamingResponse,
            responses={
                **problem_responses(capability),
                200: {
                    "description": f"One {capability.result.__name__} per line.",
                    "content": {NDJSON: {"schema": {"$ref": schema_ref(capability.result)}}},
                },
            },
            deprecated=capability.deprecated_on is not None,
            openapi_extra={
                "x-fairmarket-capability": capability.name,
                "x-required-scope": capability.scope,
            },
        )


def schema_ref(model: type[BaseModel]) -> str:
    """The line's schema, which the capability routes already publish as a component."""
    return f"#/components/schemas/{model.__name__}"


def export_endpoint(
    capability: Capability, uow_factory: UnitOfWorkFactory, authenticator: ApiKeyAuthenticator
) -> Any:
    def endpoint(request: Request, query: BaseModel) -> StreamingResponse:
        actor = authenticate(request, authenticator, capability.audience, capability.scope)
        command = parse_command(capability, query.model_dump(exclude_unset=True))
        with ExitStack() as opened:
            uow = opened.enter_context(uow_factory(read_only=True))
            items = capability.handler(uow, actor, command)  # refusals raise here, before 200
            stream = json_lines(items, opened.pop_all())
        return StreamingResponse(stream, media_type=NDJSON)

    # What FastAPI reads: the command's fields are the query parameters.
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
            inspect.Parameter(
                "query",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[capability.command, Query()],
            ),
        ],
        return_annotation=StreamingResponse,
    )
    endpoint.__name__ = capability.name.replace(".", "_")
    return endpoint


def json_lines(items: Iterator[BaseModel], unit_of_work: ExitStack) -> Iterator[str]:
    """Each item as one line of JSON; the unit of work ends with the stream, however it ends."""
    with unit_of_work:
        for item in items:
            yield item.model_dump_json() + "\n"

"""Idempotency-Key on every state-changing POST, in the same transaction as the action.

- first use: the action runs and its response is stored with the key, in one commit;
- a replay (same key, same request) gets the stored response again, marked Idempotent-Replayed;
- the same key with another request: 422; while the first is still running: 409;
- a refused action (any error) stores nothing: the retry is evaluated afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi import Request
from pydantic import BaseModel
from starlette.responses import Response

from fairmarket.capabilities.catalogue import Capability
from fairmarket.db.idempotency import (
    StoredResponse,
    check_key,
    record_response,
    request_fingerprint,
    try_lock_key,
)
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError, ErrorKind, conflict

MAX_KEY_LENGTH = 255


def idempotency_key_of(request: Request) -> str:
    key = request.headers.get("idempotency-key", "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise DomainError(
            code="idempotency_key_missing",
            kind=ErrorKind.INVALID,
            message="Send an Idempotency-Key header (a unique value such as a UUID, at most 255 "
            "characters) with every POST, and reuse it when you retry.",
        )
    return key


def run_idempotently(
    capability: Capability,
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    command: BaseModel,
    request: Request,
    *,
    ttl: timedelta,
    after_commit: Callable[[BaseModel], None] | None = None,
) -> Response:
    """`after_commit` is told the result of an action that ran (not of a replay), once it is
    committed: what this process must update besides the database (its key cache)."""
    key = idempotency_key_of(request)
    owner = f"api:{actor.identity}"
    fingerprint = request_fingerprint("POST", request.url.path, command.model_dump_json().encode())
    with uow_factory() as uow:
        if not try_lock_key(uow, owner, key):
            raise _in_progress()
        claim = check_key(uow, owner, key, fingerprint, ttl)
        if claim.outcome == "new":
            result = capability.handler(uow, actor, command)
            if after_commit is not None:
                uow.on_commit(lambda: after_commit(result))
            stored = StoredResponse(
                capability.success_status, result.model_dump_json(), etag_of(result)
            )
            record_response(uow, owner, key, fingerprint, stored)
            return Response(
                stored.body,
                status_code=stored.status_code,
                media_type="application/json",
                headers=stored.headers,
            )
    if claim.outcome == "replay" and claim.stored is not None:
        headers = {**claim.stored.headers, "Idempotent-Replayed": "true"}
        return Response(
            claim.stored.body,
            status_code=claim.stored.status_code,
            media_type="application/json",
            headers=headers,
        )
    if claim.outcome == "mismatch":
        raise DomainError(
            code="idempotency_key_reused",
            kind=ErrorKind.INVALID,
            message="This Idempotency-Key was already used with a different request; "
            "use a new key for a new request.",
        )
    raise _in_progress()


def _in_progress() -> DomainError:
    return conflict(
        "idempotency_key_in_progress",
        "A request with this Idempotency-Key is still being processed; retry shortly with the "
        "same key to get its response.",
    )


def etag_of(result: BaseModel) -> dict[str, str]:
    version = getattr(result, "version", None)
    return {"ETag": f'"{version}"'} if version is not None else {}

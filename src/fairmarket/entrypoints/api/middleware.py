"""Pure ASGI middleware: request ids on every response, and Idempotency-Key on every POST."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from anyio import to_thread
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairmarket.db.idempotency import (
    Claim,
    StoredResponse,
    claim_key,
    complete_key,
    release_key,
    request_fingerprint,
)
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.entrypoints.api.problems import problem_response

REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")
MAX_KEY_LENGTH = 255


class RequestIdMiddleware:
    """Accept a sane X-Request-Id or make one; echo it; expose it to handlers and problems."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


class IdempotencyMiddleware:
    """Every state-changing POST under /v1 needs an Idempotency-Key (IETF draft semantics)."""

    def __init__(self, app: ASGIApp, uow_factory: UnitOfWorkFactory, ttl: timedelta) -> None:
        self.app = app
        self.uow_factory = uow_factory
        self.ttl = ttl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not scope["path"].startswith("/v1/")
            or scope["path"] == "/v1/chat"
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        key = request.headers.get("idempotency-key", "").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            response = problem_response(
                400,
                "idempotency_key_missing",
                "Send an Idempotency-Key header (a unique value such as a UUID, at most 255 "
                "characters) with every POST, and reuse it when you retry.",
                request,
            )
            await response(scope, receive, send)
            return
        body = await request.body()
        owner = request_fingerprint("owner", "", request.headers.get("authorization", "").encode())
        fingerprint = request_fingerprint("POST", scope["path"], body)
        claim = await to_thread.run_sync(
            claim_key, self.uow_factory, owner, key, fingerprint, self.ttl
        )
        if claim.outcome != "new":
            await self._answer_claim(claim, request, send)
            return
        await self._run_and_store(scope, body, send, owner, key)

    async def _answer_claim(self, claim: Claim, request: Request, send: Send) -> None:
        outcome, stored = claim.outcome, claim.stored
        if outcome == "replay" and stored is not None:
            headers = [(k.encode(), v.encode()) for k, v in stored.headers.items()]
            headers.append((b"idempotent-replayed", b"true"))
            await send(
                {"type": "http.response.start", "status": stored.status_code, "headers": headers}
            )
            await send({"type": "http.response.body", "body": stored.body.encode()})
            return
        if outcome == "mismatch":
            response = problem_response(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was already used with a different request body; "
                "use a new key for a new request.",
                request,
            )
        else:
            response = problem_response(
                409,
                "idempotency_key_in_progress",
                "A request with this Idempotency-Key is still being processed; retry shortly "
                "with the same key to get its response.",
                request,
            )
        await response(request.scope, request.receive, send)

    async def _run_and_store(
        self, scope: Scope, body: bytes, send: Send, owner: str, key: str
    ) -> None:
        sent_body = False

        async def replay_body() -> Message:
            nonlocal sent_body
            if sent_body:
                return {"type": "http.disconnect"}
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}

        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        except BaseException:
            await to_thread.run_sync(release_key, self.uow_factory, owner, key)
            raise
        if captured["status"] >= 500:
            await to_thread.run_sync(release_key, self.uow_factory, owner, key)
            return
        kept = {"content-type", "etag", "location"}
        headers = {
            k.decode(): v.decode() for k, v in captured["headers"] if k.decode().lower() in kept
        }
        stored = StoredResponse(captured["status"], captured["body"].decode(), headers)
        await to_thread.run_sync(complete_key, self.uow_factory, owner, key, stored)

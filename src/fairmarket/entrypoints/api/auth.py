"""Bearer API keys → Actor. Seller keys reach the Seller API; buyer keys reach the buyer API."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from threading import Lock

from fastapi import Request

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.service import actor_for_api_key
from fairmarket.kernel.actors import Actor, ActorKind, Channel
from fairmarket.kernel.errors import DomainError, ErrorKind, forbidden

CACHE_SECONDS = 10.0
CACHE_SIZE = 4096


class ApiKeyAuthenticator:
    """Looks keys up once and caches the Actor briefly (a revoked key stops within 10 s)."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory
        self._cache: OrderedDict[str, tuple[float, Actor | None]] = OrderedDict()
        self._lock = Lock()

    def actor(self, token: str) -> Actor | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(digest)
            if hit is not None and hit[0] > now:
                return hit[1]
        with self._uow_factory(read_only=True) as uow:
            actor = actor_for_api_key(uow, token, Channel.API)
        with self._lock:
            self._cache[digest] = (now + CACHE_SECONDS, actor)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return actor


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError(
            code="missing_credentials",
            kind=ErrorKind.UNAUTHENTICATED,
            message="Send your API key as 'Authorization: Bearer <key>'; "
            "create one with `fairmarket apikeys create`.",
        )
    return token.strip()


def authenticate(request: Request, authenticator: ApiKeyAuthenticator, *, buyer: bool) -> Actor:
    actor = authenticator.actor(bearer_token(request))
    if actor is None:
        raise DomainError(
            code="invalid_credentials",
            kind=ErrorKind.UNAUTHENTICATED,
            message="This API key is unknown or revoked; check it or create a new one.",
        )
    if buyer and actor.kind is not ActorKind.BUYER:
        raise forbidden(
            "buyer_key_required",
            "The buyer API takes a buyer key (fm_bk_...); "
            "seller keys use the /v1 seller endpoints.",
        )
    if not buyer and actor.kind is ActorKind.BUYER:
        raise forbidden(
            "seller_key_required",
            "This endpoint takes a seller key (fm_sk_...); buyers use /v1/buyer/... endpoints.",
        )
    return actor

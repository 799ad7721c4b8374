"""Bearer API keys → Actor. Seller keys reach the Seller API, buyer keys the buyer API, agent
keys (`fm_ak_...`) the platform agents' endpoints (rules, exception queue, disputes), and apps'
OAuth access tokens (`fm_at_...`) the Seller API with the scopes the seller granted."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from fastapi import Request
from sqlalchemy.exc import SQLAlchemyError

from fairmarket.capabilities.catalogue import Audience
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.credentials import credential_for_api_key, record_key_use
from fairmarket.domains.accounts.schemas import ApiKeyRead, ApiKeyRotated
from fairmarket.domains.apps.credentials import is_app_token
from fairmarket.domains.apps.tokens import actor_for_app_token
from fairmarket.domains.ops.service import actor_for_agent_key, is_agent_key
from fairmarket.entrypoints.api.app_usage import AppUsageCounter
from fairmarket.kernel.actors import Actor, ActorKind, Channel
from fairmarket.kernel.errors import DomainError, ErrorKind, forbidden

logger = logging.getLogger(__name__)

CACHE_SECONDS = 10.0
CACHE_SIZE = 4096


@dataclass(frozen=True)
class CachedKey:
    """What a cache hit may still refuse without the database: an expiry that has passed."""

    actor: Actor | None
    key_id: int | None = None
    expires_at: datetime | None = None


class ApiKeyAuthenticator:
    """Looks keys up once and caches the Actor briefly. An expiry is checked on every request;
    a revocation through this process clears its entry (`forget_keys_changed_by`), one made
    elsewhere (CLI, another server process) takes effect here within CACHE_SECONDS; `clear`
    forgets every entry (an app's grant revoked in this process). Counts apps' requests in
    `usage`."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, usage: AppUsageCounter | None = None
    ) -> None:
        self._uow_factory = uow_factory
        self._usage = usage
        self._cache: OrderedDict[str, tuple[float, CachedKey]] = OrderedDict()
        self._lock = Lock()

    def actor(self, token: str) -> Actor | None:
        actor = self._cached_actor(token)
        if actor is not None and actor.app_id is not None and self._usage is not None:
            self._usage.count(actor)
        return actor

    def known_actor(self, token: str) -> Actor | None:
        """As `actor`, without counting an app's request (the rate limiter asks first)."""
        return self._cached_actor(token)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def _cached_actor(self, token: str) -> Actor | None:
        digest = key_digest(token)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and hit[0] > now:
            cached = hit[1]
        else:
            cached = self._look_up(token)
            with self._lock:
                self._cache[digest] = (now + CACHE_SECONDS, cached)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        # Only a key with an expiry pays for reading the clock.
        if cached.expires_at is not None and self._uow_factory.clock.now() >= cached.expires_at:
            return None
        return cached.actor

    def _look_up(self, token: str) -> CachedKey:
        if is_agent_key(token) or is_app_token(token):
            lookup = actor_for_app_token if is_app_token(token) else actor_for_agent_key
            with self._uow_factory(read_only=True) as uow:
                return CachedKey(lookup(uow, token, Channel.API))
        with self._uow_factory(read_only=True) as uow:
            credential = credential_for_api_key(uow, token, Channel.API)
        if credential is None:
            return CachedKey(None)
        if credential.use_worth_recording(self._uow_factory.clock.now()):
            self._record_use(credential.key_id)
        return CachedKey(credential.actor, credential.key_id, credential.expires_at)

    def _record_use(self, key_id: int) -> None:
        """Best effort: a busy database delays the "last used" time, never the request."""
        try:
            with self._uow_factory() as uow:
                record_key_use(uow, key_id)
        except SQLAlchemyError:
            logger.warning("could not record the use of API key %s", key_id, exc_info=True)

    def forget_key(self, key_id: int) -> None:
        with self._lock:
            stale = [
                digest for digest, (_, cached) in self._cache.items() if cached.key_id == key_id
            ]
            for digest in stale:
                del self._cache[digest]

    def forget_keys_changed_by(self, result: object) -> None:
        """After a key was revoked or rotated in this process, look it up afresh next time."""
        if isinstance(result, ApiKeyRead):
            self.forget_key(result.id)
        elif isinstance(result, ApiKeyRotated):
            self.forget_key(result.old_key.id)


def key_digest(token: str) -> str:
    """Names a key without keeping it (cache entries, rate-limit counters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_of(authorization: str) -> str:
    """The key in an `Authorization: Bearer <key>` header, or "" if there is none."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def bearer_token(request: Request) -> str:
    token = token_of(request.headers.get("authorization", ""))
    if not token:
        raise DomainError(
            code="missing_credentials",
            kind=ErrorKind.UNAUTHENTICATED,
            message="Send your API key as 'Authorization: Bearer <key>'; "
            "create one with `fairmarket apikeys create`.",
        )
    return token


def authenticate(
    request: Request, authenticator: ApiKeyAuthenticator, audience: Audience, scope: str = ""
) -> Actor:
    """The actor behind the bearer key, if its kind may use this capability at all (scopes are
    checked by the service)."""
    actor = authenticator.actor(bearer_token(request))
    if actor is None:
        raise UNKNOWN_KEY
    refusal = refusal_for(actor.kind, audience, scope)
    if refusal is not None:
        raise refusal
    return actor


def key_refusal(request: Request, authenticator: ApiKeyAuthenticator) -> DomainError | None:
    """Why the request's key is refused (missing, unknown or revoked); None if it is known."""
    try:
        token = bearer_token(request)
    except DomainError as missing:
        return missing
    return UNKNOWN_KEY if authenticator.actor(token) is None else None


UNKNOWN_KEY = DomainError(
    code="invalid_credentials",
    kind=ErrorKind.UNAUTHENTICATED,
    message="This API key is unknown, revoked or expired; check it or create a new one.",
)


SELLER_SIDE = frozenset({ActorKind.INTEGRATION, ActorKind.SELLER_USER})
ALLOWED_KINDS = {
    Audience.BUYER: frozenset({ActorKind.BUYER}),
    Audience.OPS: frozenset({ActorKind.AGENT}),
    Audience.SELLER: SELLER_SIDE,
    Audience.INTEGRATOR: SELLER_SIDE,
}


def refusal_for(kind: ActorKind, audience: Audience, scope: str) -> DomainError | None:
    """Why a key of this kind may not reach endpoints for this audience (None: it may)."""
    if kind in ALLOWED_KINDS[audience]:
        return None
    if audience is Audience.BUYER:
        return forbidden(
            "buyer_key_required",
            "The buyer API takes a buyer key (fm_bk_...); "
            "seller keys use the /v1 seller endpoints.",
        )
    if audience is Audience.OPS:
        return forbidden(
            "agent_key_required",
            "This endpoint is for platform agents: it takes an agent key (fm_ak_...) with the "
            f"'{scope}' scope, created with `fairmarket agents key create --email E`.",
        )
    elsewhere = (
        "agent keys reach the /v1/rules and /v1/ops endpoints"
        if kind is ActorKind.AGENT
        else "buyers use /v1/buyer/... endpoints"
    )
    return forbidden(
        "seller_key_required", f"This endpoint takes a seller key (fm_sk_...); {elsewhere}."
    )

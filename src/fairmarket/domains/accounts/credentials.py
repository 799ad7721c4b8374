"""Turning a seller or buyer API key into an Actor, and recording when a key was last used.

A key works until it is revoked or its `expires_at` passes. Its last use is written at most once
a minute (`USE_RECORDING_INTERVAL`), and only when the API looks the key up (once per cache
period): a write per request would cost the API its speed, and on SQLite would queue every
request behind the database's one writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.domains.accounts.schemas import ApiKeyStatus
from fairmarket.domains.accounts.security import hash_api_key, same_hash, split_api_key
from fairmarket.kernel.actors import Actor, ActorKind, Channel

USE_RECORDING_INTERVAL = timedelta(minutes=1)
EXPIRING_WITHIN = timedelta(days=7)


def key_status(record: ApiKey, now: datetime) -> ApiKeyStatus:
    if record.revoked_at is not None:
        return ApiKeyStatus.REVOKED
    if record.expires_at is None:
        return ApiKeyStatus.ACTIVE
    if record.expires_at <= now:
        return ApiKeyStatus.EXPIRED
    return (
        ApiKeyStatus.EXPIRING if record.expires_at - now <= EXPIRING_WITHIN else ApiKeyStatus.ACTIVE
    )


def is_usable(record: ApiKey, now: datetime) -> bool:
    return key_status(record, now) in (ApiKeyStatus.ACTIVE, ApiKeyStatus.EXPIRING)


@dataclass(frozen=True)
class KeyCredential:
    """Who a key acts as, and what a cache of it must still check: when it expires."""

    actor: Actor
    key_id: int
    expires_at: datetime | None
    last_used_at: datetime | None

    def usable_at(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at

    def use_worth_recording(self, now: datetime) -> bool:
        return self.last_used_at is None or now - self.last_used_at >= USE_RECORDING_INTERVAL


def credential_for_api_key(uow: UnitOfWork, key: str, channel: Channel) -> KeyCredential | None:
    prefix = split_api_key(key)
    if prefix is None:
        return None
    record = uow.session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    if record is None or not is_usable(record, uow.clock.now()):
        return None
    if not same_hash(record.secret_hash, hash_api_key(key)):
        return None
    return KeyCredential(
        actor=_actor_of(record, channel),
        key_id=record.id,
        expires_at=record.expires_at,
        last_used_at=record.last_used_at,
    )


def actor_for_api_key(uow: UnitOfWork, key: str, channel: Channel) -> Actor | None:
    credential = credential_for_api_key(uow, key, channel)
    return None if credential is None else credential.actor


def _actor_of(record: ApiKey, channel: Channel) -> Actor:
    scopes = frozenset(record.scopes.split())
    if record.buyer_id is not None:
        return Actor(
            kind=ActorKind.BUYER,
            channel=Channel.BUYER_API,
            id=record.buyer_id,
            buyer_id=record.buyer_id,
            label=f"buyer:{record.buyer_id}",
            scopes=scopes,
        )
    return Actor(
        kind=ActorKind.INTEGRATION,
        channel=channel,
        id=record.id,
        seller_id=record.seller_id,
        label=f"api_key:{record.prefix}",
        scopes=scopes,
    )


def record_key_use(uow: UnitOfWork, key_id: int) -> None:
    """Note that the key was used now, unless that was noted less than a minute ago (by any
    process: the condition is in the UPDATE, so racing processes write once)."""
    now = uow.clock.now()
    uow.session.execute(
        update(ApiKey)
        .where(
            ApiKey.id == key_id,
            or_(
                ApiKey.last_used_at.is_(None),
                ApiKey.last_used_at <= now - USE_RECORDING_INTERVAL,
            ),
        )
        .values(last_used_at=now)
    )


def authenticate_buyer_key(uow: UnitOfWork, key: str) -> int | None:
    """The id of this buyer API key if it is valid and usable (the buyer pages' sign-in)."""
    prefix = split_api_key(key.strip())
    if prefix is None:
        return None
    record = uow.session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    if record is None or record.buyer_id is None or not is_usable(record, uow.clock.now()):
        return None
    return record.id if same_hash(record.secret_hash, hash_api_key(key.strip())) else None


def actor_for_buyer_key(uow: UnitOfWork, key_id: int, channel: Channel) -> Actor | None:
    """The buyer signed in with this key, checked on every request: revoking it, or its
    expiry, signs out."""
    record = uow.session.get(ApiKey, key_id)
    if record is None or record.buyer_id is None or not is_usable(record, uow.clock.now()):
        return None
    return Actor(
        kind=ActorKind.BUYER,
        channel=channel,
        id=record.buyer_id,
        buyer_id=record.buyer_id,
        label=f"buyer:{record.buyer_id}",
        scopes=frozenset(record.scopes.split()),
    )

"""API keys of seller integrations and buyers: create, list, revoke, rotate.

Who reaches which keys: a shop's users and keys the shop's, a buyer their own, the platform (the
CLI, a system actor) every key. Acting on keys takes `api_keys:read` / `api_keys:write`, and a
key never hands out, nor rotates into, scopes it does not have itself. Secrets are shown once,
on creation; reads show the prefix, never the secret or its hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts import errors
from fairmarket.domains.accounts.credentials import key_status
from fairmarket.domains.accounts.models import ApiKey, Buyer, Seller
from fairmarket.domains.accounts.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyListQuery,
    ApiKeyPage,
    ApiKeyRead,
    ApiKeyRef,
    ApiKeyRotate,
    ApiKeyRotated,
    ApiKeyStatus,
)
from fairmarket.domains.accounts.security import new_api_key
from fairmarket.domains.audit.service import record_change
from fairmarket.kernel.actors import (
    ALL_SCOPES,
    KEY_MANAGEMENT_SCOPES,
    Actor,
    ActorKind,
    require_scope,
)
from fairmarket.kernel.pagination import decode_id_cursor, encode_cursor

# What a buyer's key does by default; a buyer key may also be given the key-management scopes.
BUYER_SCOPES = frozenset({"orders:read", "after_sales:read", "after_sales:write"})
BUYER_KEY_SCOPES = BUYER_SCOPES | KEY_MANAGEMENT_SCOPES
# Actors that hold a key: what they grant is bounded by what they have.
KEY_HOLDERS = frozenset({ActorKind.INTEGRATION, ActorKind.BUYER})


@dataclass(frozen=True)
class Owner:
    seller_id: int | None
    buyer_id: int | None

    @property
    def allowed_scopes(self) -> frozenset[str]:
        return ALL_SCOPES if self.seller_id is not None else BUYER_KEY_SCOPES

    @property
    def default_scopes(self) -> frozenset[str]:
        return self.allowed_scopes - KEY_MANAGEMENT_SCOPES


def create_api_key(uow: UnitOfWork, actor: Actor, cmd: ApiKeyCreate) -> ApiKeyCreated:
    require_scope(actor, "api_keys:write")
    owner = _owner_of_new_key(actor, cmd)
    scopes = _granted_scopes(actor, owner, cmd.scopes)
    _check_owner_exists(uow, owner)
    expires_at = None
    if cmd.expires_in_days is not None:
        expires_at = uow.clock.now() + timedelta(days=cmd.expires_in_days)
    record, key = _issue(
        uow, actor, owner, name=cmd.name, scopes=scopes, expires_at=expires_at, rotated_from_id=None
    )
    return _created(record, key)


def list_api_keys(uow: UnitOfWork, actor: Actor, query: ApiKeyListQuery) -> ApiKeyPage:
    """The keys the actor may see, oldest first, a page at a time (revoked ones included)."""
    require_scope(actor, "api_keys:read")
    statement = _visible_keys(actor)
    if query.seller_id is not None:
        statement = statement.where(ApiKey.seller_id == query.seller_id)
    if query.buyer_id is not None:
        statement = statement.where(ApiKey.buyer_id == query.buyer_id)
    after = decode_id_cursor(query.cursor)
    if after is not None:
        statement = statement.where(ApiKey.id > after)
    keys = list(uow.session.scalars(statement.order_by(ApiKey.id).limit(query.limit + 1)))
    page, more = keys[: query.limit], len(keys) > query.limit
    successors = _successor_ids(uow, [key.id for key in page])
    now = uow.clock.now()
    return ApiKeyPage(
        items=[_read(key, now, successors.get(key.id)) for key in page],
        next_cursor=encode_cursor([page[-1].id]) if more else None,
    )


def revoke_api_key(uow: UnitOfWork, actor: Actor, ref: ApiKeyRef) -> ApiKeyRead:
    """Revoke a key at once. The API of this process refuses it from the next request; other
    processes within their 10-second key cache."""
    require_scope(actor, "api_keys:write")
    record = _locked_key(uow, actor, ref.key_id)
    now = uow.clock.now()
    successor_id = _successor_ids(uow, [record.id]).get(record.id)
    if record.revoked_at is not None:
        raise errors.already_revoked(record.prefix, _state(record, now, successor_id))
    before = _audit_view(record)
    record.revoked_at = now
    _audit(uow, actor, "api_key.revoked", record, before)
    return _read(record, now, successor_id)


def rotate_api_key(uow: UnitOfWork, actor: Actor, cmd: ApiKeyRotate) -> ApiKeyRotated:
    """A new key with the same owner, name and scopes (and lifetime); the old one keeps working
    for `grace_hours`, then expires (0: it is revoked at once)."""
    require_scope(actor, "api_keys:write")
    old = _locked_key(uow, actor, cmd.key_id)
    now = uow.clock.now()
    successors = _successor_ids(uow, [old.id])
    if old.id in successors:
        successor = uow.session.get_one(ApiKey, successors[old.id])
        raise errors.already_rotated(old.prefix, successor.prefix, _state(old, now, successor.id))
    status = key_status(old, now)
    if status in (ApiKeyStatus.REVOKED, ApiKeyStatus.EXPIRED):
        raise errors.not_rotatable(old.prefix, status.value, _state(old, now, None))
    scopes = frozenset(old.scopes.split())
    _check_grantable(actor, scopes)
    owner = Owner(old.seller_id, old.buyer_id)
    lifetime = None if old.expires_at is None else old.expires_at - old.created_at
    expires_at = None if lifetime is None else now + lifetime
    new, key = _issue(
        uow,
        actor,
        owner,
        name=old.name,
        scopes=scopes,
        expires_at=expires_at,
        rotated_from_id=old.id,
    )
    before = _audit_view(old)
    _end_after_grace(old, now, timedelta(hours=cmd.grace_hours))
    _audit(uow, actor, "api_key.rotated", old, before)
    return ApiKeyRotated(new_key=_created(new, key), old_key=_read(old, now, new.id))


def _end_after_grace(record: ApiKey, now: datetime, grace: timedelta) -> None:
    if not grace:
        record.revoked_at = now
        return
    end = now + grace
    record.expires_at = end if record.expires_at is None else min(record.expires_at, end)


def _visible_keys(actor: Actor) -> Select[ApiKey]:
    statement = select(ApiKey)
    if actor.is_seller_side and actor.seller_id is not None:
        return statement.where(ApiKey.seller_id == actor.seller_id)
    if actor.kind is ActorKind.BUYER and actor.buyer_id is not None:
        return statement.where(ApiKey.buyer_id == actor.buyer_id)
    if actor.kind is ActorKind.SYSTEM:
        return statement
    raise errors.keys_not_managed_by(actor.kind.value)


def _locked_key(uow: UnitOfWork, actor: Actor, key_id: int) -> ApiKey:
    record = uow.session.scalar(_visible_keys(actor).where(ApiKey.id == key_id).with_for_update())
    if record is None:
        raise errors.key_not_found(key_id)
    return record


def _successor_ids(uow: UnitOfWork, key_ids: list[int]) -> dict[int, int]:
    """key id -> the id of the key that replaced it, for those of `key_ids` that were rotated."""
    if not key_ids:
        return {}
    rows = uow.session.execute(
        select(ApiKey.rotated_from_id, ApiKey.id).where(ApiKey.rotated_from_id.in_(key_ids))
    )
    return {old_id: new_id for old_id, new_id in rows if old_id is not None}


def _owner_of_new_key(actor: Actor, cmd: ApiKeyCreate) -> Owner:
    named = Owner(cmd.seller_id, cmd.buyer_id)
    if actor.kind is ActorKind.SYSTEM:
        if (cmd.seller_id is None) == (cmd.buyer_id is None):
            raise errors.owner_required()
        return named
    if actor.is_seller_side and actor.seller_id is not None:
        own = Owner(actor.seller_id, None)
    elif actor.kind is ActorKind.BUYER and actor.buyer_id is not None:
        own = Owner(None, actor.buyer_id)
    else:
        raise errors.keys_not_managed_by(actor.kind.value)
    if named not in (Owner(None, None), own):
        # Naming someone else is answered as naming no one: nobody learns who exists.
        if cmd.seller_id is not None:
            raise errors.seller_not_found(cmd.seller_id)
        if cmd.buyer_id is not None:
            raise errors.buyer_not_found(cmd.buyer_id)
    return own


def _check_owner_exists(uow: UnitOfWork, owner: Owner) -> None:
    if owner.seller_id is not None and uow.session.get(Seller, owner.seller_id) is None:
        raise errors.seller_not_found(owner.seller_id)
    if owner.buyer_id is not None and uow.session.get(Buyer, owner.buyer_id) is None:
        raise errors.buyer_not_found(owner.buyer_id)


def _granted_scopes(actor: Actor, owner: Owner, requested: list[str] | None) -> frozenset[str]:
    if requested is None:
        scopes = owner.default_scopes
        if actor.kind in KEY_HOLDERS:
            scopes = scopes & actor.scopes
    else:
        scopes = frozenset(requested)
    unknown = sorted(scopes - owner.allowed_scopes)
    if unknown:
        raise errors.unknown_scopes(unknown, owner.allowed_scopes)
    if not scopes:
        raise errors.no_scopes()
    _check_grantable(actor, scopes)
    return scopes


def _check_grantable(actor: Actor, scopes: frozenset[str]) -> None:
    beyond = sorted(scopes - actor.scopes) if actor.kind in KEY_HOLDERS else []
    if beyond:
        raise errors.scope_escalation(beyond)


def _issue(
    uow: UnitOfWork,
    actor: Actor,
    owner: Owner,
    *,
    name: str,
    scopes: frozenset[str],
    expires_at: datetime | None,
    rotated_from_id: int | None,
) -> tuple[ApiKey, str]:
    key, prefix, secret_hash = new_api_key("sk" if owner.seller_id is not None else "bk")
    record = ApiKey(
        prefix=prefix,
        secret_hash=secret_hash,
        name=name,
        seller_id=owner.seller_id,
        buyer_id=owner.buyer_id,
        scopes=" ".join(sorted(scopes)),
        created_at=uow.clock.now(),
        revoked_at=None,
        expires_at=expires_at,
        last_used_at=None,
        rotated_from_id=rotated_from_id,
    )
    uow.session.add(record)
    uow.session.flush()
    _audit(uow, actor, "api_key.created", record, None)
    return record, key


def _audit_view(record: ApiKey) -> dict[str, Any]:
    return {
        "prefix": record.prefix,
        "name": record.name,
        "scopes": record.scopes,
        "expires_at": record.expires_at.isoformat() if record.expires_at else None,
        "revoked_at": record.revoked_at.isoformat() if record.revoked_at else None,
        "rotated_from_id": record.rotated_from_id,
    }


def _audit(
    uow: UnitOfWork, actor: Actor, action: str, record: ApiKey, before: dict[str, Any] | None
) -> None:
    record_change(
        uow,
        actor,
        action=action,
        subject_type="api_key",
        subject_id=record.id,
        seller_id=record.seller_id,
        order_id=None,
        before=before,
        after=_audit_view(record),
    )


def _read(record: ApiKey, now: datetime, replaced_by_id: int | None) -> ApiKeyRead:
    return ApiKeyRead(
        id=record.id,
        prefix=record.prefix,
        name=record.name,
        seller_id=record.seller_id,
        buyer_id=record.buyer_id,
        scopes=record.scopes.split(),
        status=key_status(record, now),
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        expires_at=record.expires_at,
        revoked_at=record.revoked_at,
        rotated_from_id=record.rotated_from_id,
        replaced_by_id=replaced_by_id,
    )


def _state(record: ApiKey, now: datetime, replaced_by_id: int | None) -> dict[str, Any]:
    return _read(record, now, replaced_by_id).model_dump(mode="json")


def _created(record: ApiKey, key: str) -> ApiKeyCreated:
    return ApiKeyCreated(
        id=record.id,
        key=key,
        prefix=record.prefix,
        name=record.name,
        seller_id=record.seller_id,
        buyer_id=record.buyer_id,
        scopes=record.scopes.split(),
        created_at=record.created_at,
        expires_at=record.expires_at,
        rotated_from_id=record.rotated_from_id,
    )

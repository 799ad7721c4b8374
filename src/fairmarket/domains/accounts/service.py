"""Accounts: sellers and their users, buyers, API keys; turning credentials into an Actor."""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import ApiKey, Buyer, Seller, SellerUser
from fairmarket.domains.accounts.schemas import ApiKeyCreate, ApiKeyCreated, SellerRead
from fairmarket.domains.accounts.security import (
    hash_api_key,
    new_api_key,
    same_hash,
    split_api_key,
    verify_password,
)
from fairmarket.domains.audit.service import record_change
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.kernel.errors import invalid, not_found

BUYER_SCOPES = frozenset(
    {
        "orders:read",
        "after_sales:read",
        "after_sales:write",
    }
)


def list_sellers(uow: UnitOfWork) -> list[SellerRead]:
    owners = {
        user.seller_id: user.email
        for user in uow.session.scalars(select(SellerUser).where(SellerUser.role == "owner"))
    }
    return [
        SellerRead(
            id=s.id,
            name=s.name,
            region=s.region,
            currency=s.currency,
            timezone=s.timezone,
            owner_email=owners.get(s.id),
        )
        for s in uow.session.scalars(select(Seller).order_by(Seller.id))
    ]


def create_api_key(uow: UnitOfWork, actor: Actor, cmd: ApiKeyCreate) -> ApiKeyCreated:
    if (cmd.seller_id is None) == (cmd.buyer_id is None):
        raise invalid(
            "api_key_owner_required", "Give exactly one of --seller or --buyer.", "seller_id"
        )
    allowed = ALL_SCOPES if cmd.seller_id is not None else BUYER_SCOPES
    unknown = sorted(set(cmd.scopes) - allowed)
    if unknown:
        raise invalid(
            "unknown_scope",
            f"Unknown scope(s) {', '.join(unknown)}; choose from {', '.join(sorted(allowed))}.",
            "scopes",
        )
    if cmd.seller_id is not None and uow.session.get(Seller, cmd.seller_id) is None:
        raise not_found(
            "seller_not_found",
            f"Seller {cmd.seller_id} does not exist; `fairmarket sellers list` shows the sellers.",
        )
    if cmd.buyer_id is not None and uow.session.get(Buyer, cmd.buyer_id) is None:
        raise not_found("buyer_not_found", f"Buyer {cmd.buyer_id} does not exist.")
    key, prefix, secret_hash = new_api_key("sk" if cmd.seller_id is not None else "bk")
    record = ApiKey(
        prefix=prefix,
        secret_hash=secret_hash,
        name=cmd.name,
        seller_id=cmd.seller_id,
        buyer_id=cmd.buyer_id,
        scopes=" ".join(sorted(set(cmd.scopes))),
        created_at=uow.clock.now(),
        revoked_at=None,
    )
    uow.session.add(record)
    uow.session.flush()
    record_change(
        uow,
        actor,
        action="api_key.created",
        subject_type="api_key",
        subject_id=record.id,
        seller_id=cmd.seller_id,
        order_id=None,
        before=None,
        after={"prefix": prefix, "scopes": record.scopes, "name": cmd.name},
    )
    return ApiKeyCreated(
        id=record.id,
        key=key,
        prefix=prefix,
        name=record.name,
        seller_id=record.seller_id,
        buyer_id=record.buyer_id,
        scopes=record.scopes.split(),
        created_at=record.created_at,
    )


def actor_for_api_key(uow: UnitOfWork, key: str, channel: Channel) -> Actor | None:
    prefix = split_api_key(key)
    if prefix is None:
        return None
    record = uow.session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    if record is None or record.revoked_at is not None:
        return None
    if not same_hash(record.secret_hash, hash_api_key(key)):
        return None
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


def authenticate_seller_user(uow: UnitOfWork, email: str, password: str) -> SellerUser | None:
    user = uow.session.scalars(
        select(SellerUser).where(SellerUser.email == email.strip().lower())
    ).one_or_none()
    if not verify_password(user.password_hash if user else None, password):
        return None
    return user


def actor_for_seller_user(uow: UnitOfWork, user_id: int, channel: Channel) -> Actor | None:
    user = uow.session.get(SellerUser, user_id)
    if user is None:
        return None
    return Actor(
        kind=ActorKind.SELLER_USER,
        channel=channel,
        id=user.id,
        seller_id=user.seller_id,
        label=user.email,
        scopes=ALL_SCOPES,
    )


def actor_for_seller_email(uow: UnitOfWork, email: str, channel: Channel) -> Actor | None:
    """The seller user with this login, for trusted local tools (`fairmarket chat`)."""
    user_id = uow.session.scalar(
        select(SellerUser.id).where(SellerUser.email == email.strip().lower())
    )
    return None if user_id is None else actor_for_seller_user(uow, user_id, channel)


def authenticate_buyer_key(uow: UnitOfWork, key: str) -> int | None:
    """The id of this buyer API key if it is valid and not revoked (the buyer pages' sign-in)."""
    prefix = split_api_key(key.strip())
    if prefix is None:
        return None
    record = uow.session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    if record is None or record.revoked_at is not None or record.buyer_id is None:
        return None
    return record.id if same_hash(record.secret_hash, hash_api_key(key.strip())) else None


def actor_for_buyer_key(uow: UnitOfWork, key_id: int, channel: Channel) -> Actor | None:
    """The buyer signed in with this key, checked on every request: revoking it signs out."""
    record = uow.session.get(ApiKey, key_id)
    if record is None or record.revoked_at is not None or record.buyer_id is None:
        return None
    return Actor(
        kind=ActorKind.BUYER,
        channel=channel,
        id=record.buyer_id,
        buyer_id=record.buyer_id,
        label=f"buyer:{record.buyer_id}",
        scopes=frozenset(record.scopes.split()),
    )

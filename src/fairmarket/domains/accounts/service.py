"""Accounts: sellers and their users; turning a seller user's sign-in into an Actor.

API keys live in `api_keys.py` (their lifecycle) and `credentials.py` (key -> Actor)."""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.models import Seller, SellerRole, SellerUser
from fairmarket.domains.accounts.schemas import SellerRead
from fairmarket.domains.accounts.security import verify_password
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel


def list_sellers(uow: UnitOfWork) -> list[SellerRead]:
    owners = {
        user.seller_id: user.email
        for user in uow.session.scalars(
            select(SellerUser).where(SellerUser.role == SellerRole.OWNER)
        )
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

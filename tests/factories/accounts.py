"""Typed factories for sellers, seller users, buyers and keys."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.api_keys import BUYER_SCOPES, create_api_key
from fairmarket.domains.accounts.models import Buyer, Seller, SellerUser
from fairmarket.domains.accounts.schemas import ApiKeyCreate
from fairmarket.domains.accounts.security import hash_password
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel, system_actor

_sequence = count(1)
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class SellerPersona:
    seller_id: int
    user_id: int
    email: str
    password: str

    def actor(self, channel: Channel = Channel.SELLER_CENTER) -> Actor:
        return Actor(
            kind=ActorKind.SELLER_USER,
            channel=channel,
            id=self.user_id,
            seller_id=self.seller_id,
            label=self.email,
            scopes=ALL_SCOPES,
        )


@dataclass(frozen=True)
class BuyerPersona:
    buyer_id: int

    def actor(self) -> Actor:
        return Actor(
            kind=ActorKind.BUYER,
            channel=Channel.BUYER_API,
            id=self.buyer_id,
            buyer_id=self.buyer_id,
            label=f"buyer:{self.buyer_id}",
            scopes=BUYER_SCOPES,
        )


def make_seller(
    factory: UnitOfWorkFactory,
    *,
    region: str = "US",
    currency: str = "USD",
    name: str | None = None,
) -> SellerPersona:
    n = next(_sequence)
    email = f"owner{n}@shop{n}.example"
    with factory() as uow:
        seller = Seller(
            name=name or f"Shop {n}",
            region=region,
            currency=currency,
            timezone="America/New_York",
            created_at=uow.clock.now(),
        )
        uow.session.add(seller)
        uow.session.flush()
        user = SellerUser(
            seller_id=seller.id,
            email=email,
            name=f"Owner {n}",
            password_hash=hash_password(PASSWORD),
            role="owner",
            created_at=uow.clock.now(),
        )
        uow.session.add(user)
        uow.session.flush()
        return SellerPersona(seller.id, user.id, email, PASSWORD)


def make_buyer(factory: UnitOfWorkFactory, *, region: str = "US") -> BuyerPersona:
    n = next(_sequence)
    with factory() as uow:
        buyer = Buyer(
            name=f"Buyer {n}",
            email=f"buyer{n}@mail.example",
            region=region,
            created_at=uow.clock.now(),
        )
        uow.session.add(buyer)
        uow.session.flush()
        return BuyerPersona(buyer.id)


def make_api_key(
    factory: UnitOfWorkFactory,
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    scopes: list[str] | None = None,
) -> str:
    fields: dict[str, object] = {"seller_id": seller_id, "buyer_id": buyer_id}
    if scopes is not None:
        fields["scopes"] = scopes
    elif buyer_id is not None:
        fields["scopes"] = sorted(BUYER_SCOPES)
    with factory() as uow:
        return create_api_key(uow, system_actor(), ApiKeyCreate.model_validate(fields)).key

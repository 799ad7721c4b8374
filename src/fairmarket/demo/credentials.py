"""API keys for the demo seller's integration and for one buyer, created through the service."""

from __future__ import annotations

from dataclasses import dataclass

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.schemas import ApiKeyCreate
from fairmarket.domains.accounts.service import BUYER_SCOPES, create_api_key
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel

DEMO_ACTOR = Actor(kind=ActorKind.SYSTEM, channel=Channel.CLI, label="cli:demo", scopes=ALL_SCOPES)


@dataclass(frozen=True)
class DemoCredentials:
    seller_api_key: str
    buyer_api_key: str


def create_demo_credentials(
    factory: UnitOfWorkFactory, *, seller_id: int, buyer_id: int
) -> DemoCredentials:
    with factory() as uow:
        seller_key = create_api_key(
            uow, DEMO_ACTOR, ApiKeyCreate(seller_id=seller_id, name="demo integration")
        )
        buyer_key = create_api_key(
            uow,
            DEMO_ACTOR,
            ApiKeyCreate(buyer_id=buyer_id, name="demo buyer", scopes=sorted(BUYER_SCOPES)),
        )
    return DemoCredentials(seller_api_key=seller_key.key, buyer_api_key=buyer_key.key)

"""API keys for the demo seller's integration and for one buyer, and the platform agent who
decides disputes in the Ops Console, created through their services."""

from __future__ import annotations

from dataclasses import dataclass

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.api_keys import BUYER_SCOPES, create_api_key
from fairmarket.domains.accounts.schemas import ApiKeyCreate
from fairmarket.domains.ops.schemas import AgentCreate, AgentKeyCreate
from fairmarket.domains.ops.service import create_agent, create_agent_key
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel

DEMO_ACTOR = Actor(kind=ActorKind.SYSTEM, channel=Channel.CLI, label="cli:demo", scopes=ALL_SCOPES)


# The agent the demo history's dispute rulings name (demo/journeys.py: AGENT); created first,
# so it gets id 1 in the emptied database.
DEMO_AGENT_EMAIL = "disputes@fairmarket.example"
DEMO_AGENT_PASSWORD = "fairmarket-demo-agent"  # noqa: S105 - a documented demo password


@dataclass(frozen=True)
class DemoCredentials:
    seller_api_key: str
    buyer_api_key: str
    agent_email: str = DEMO_AGENT_EMAIL
    agent_password: str = DEMO_AGENT_PASSWORD
    agent_api_key: str = ""  # for /v1/rules and /v1/ops/exceptions


def create_demo_credentials(
    factory: UnitOfWorkFactory, *, seller_id: int, buyer_id: int
) -> DemoCredentials:
    with factory() as uow:
        create_agent(
            uow,
            DEMO_ACTOR,
            AgentCreate(
                email=DEMO_AGENT_EMAIL, display_name="Demo agent", password=DEMO_AGENT_PASSWORD
            ),
        )
        agent_key = create_agent_key(
            uow, DEMO_ACTOR, AgentKeyCreate(email=DEMO_AGENT_EMAIL, name="demo rules tools")
        )
        seller_key = create_api_key(
            uow, DEMO_ACTOR, ApiKeyCreate(seller_id=seller_id, name="demo integration")
        )
        buyer_key = create_api_key(
            uow,
            DEMO_ACTOR,
            ApiKeyCreate(buyer_id=buyer_id, name="demo buyer", scopes=sorted(BUYER_SCOPES)),
        )
    return DemoCredentials(
        seller_api_key=seller_key.key, buyer_api_key=buyer_key.key, agent_api_key=agent_key.key
    )

"""Platform agents, created as the CLI creates them and signed in as the Ops Console does."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.ops.schemas import AgentCreate
from fairmarket.domains.ops.service import authenticate_agent, create_agent
from fairmarket.kernel.actors import Actor, system_actor


def make_agent(factory: UnitOfWorkFactory, email: str, password: str, name: str = "Ruth") -> Actor:
    with factory() as uow:
        create_agent(
            uow, system_actor("cli"), AgentCreate(email=email, display_name=name, password=password)
        )
    with factory(read_only=True) as uow:
        actor = authenticate_agent(uow, email, password)
    assert actor is not None
    return actor

"""Platform agents: created from the command line, signed in to the Ops Console by password.

An agent is not a seller or a buyer: it reads every after-sale request and decides disputes,
nothing else (its scopes say so, and every service checks them).
"""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.security import hash_password, verify_password
from fairmarket.domains.ops.models import Agent
from fairmarket.domains.ops.schemas import AgentCreate, AgentRead
from fairmarket.kernel.actors import Actor, ActorKind, Channel
from fairmarket.kernel.errors import conflict, forbidden

AGENT_SCOPES = frozenset({"after_sales:read", "disputes:write"})


def create_agent(uow: UnitOfWork, actor: Actor, cmd: AgentCreate) -> AgentRead:
    if actor.kind is not ActorKind.SYSTEM:
        # No seller, buyer or agent role may mint agents; the platform's CLI does.
        raise forbidden("platform_only", "Agents are created by the platform with the CLI.")
    email = cmd.email.strip().lower()
    taken = uow.session.scalar(select(Agent.id).where(Agent.email == email))
    if taken is not None:
        raise conflict(
            "agent_email_taken",
            f"An agent with the e-mail {email} already exists; sign in with it or pick "
            "another e-mail.",
            current_state={"agent_id": taken},
        )
    agent = Agent(
        email=email,
        display_name=cmd.display_name,
        password_hash=hash_password(cmd.password),
        created_at=uow.clock.now(),
    )
    uow.session.add(agent)
    uow.session.flush()
    return AgentRead(
        id=agent.id, email=agent.email, display_name=agent.display_name, created_at=agent.created_at
    )


def authenticate_agent(uow: UnitOfWork, email: str, password: str) -> Actor | None:
    """The agent with this e-mail and password, as an Ops Console actor; None otherwise (the
    same work either way, so timing does not tell which e-mails exist)."""
    agent = uow.session.scalars(
        select(Agent).where(Agent.email == email.strip().lower())
    ).one_or_none()
    if not verify_password(agent.password_hash if agent else None, password) or agent is None:
        return None
    return _actor(agent)


def actor_for_agent(uow: UnitOfWork, agent_id: int) -> Actor | None:
    """A signed-in agent, looked up again on every request (a removed agent stops at once)."""
    agent = uow.session.get(Agent, agent_id)
    return None if agent is None else _actor(agent)


def _actor(agent: Agent) -> Actor:
    return Actor(
        kind=ActorKind.AGENT,
        channel=Channel.OPS_CONSOLE,
        id=agent.id,
        label=f"agent:{agent.email}",
        scopes=AGENT_SCOPES,
    )

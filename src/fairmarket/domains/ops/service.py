"""Platform agents: created from the command line, signed in to the Ops Console by password,
and reaching the API with agent keys (`fm_ak_...`) for their tools.

An agent is not a seller or a buyer: it reads every after-sale request, decides disputes and
exception-queue items, and manages rule sets, nothing else (its scopes say so, and every service
checks them).
"""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.accounts.security import (
    hash_api_key,
    hash_password,
    new_api_key,
    same_hash,
    split_api_key,
    verify_password,
)
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.ops.models import Agent, AgentApiKey
from fairmarket.domains.ops.schemas import (
    AgentCreate,
    AgentKeyCreate,
    AgentKeyCreated,
    AgentKeyRead,
    AgentKeyRevoke,
    AgentRead,
)
from fairmarket.kernel.actors import Actor, ActorKind, Channel
from fairmarket.kernel.errors import conflict, forbidden, invalid, not_found

AGENT_SCOPES = frozenset(
    {"after_sales:read", "disputes:write", "rules:read", "rules:write", "exceptions:write"}
)
AGENT_KEY_KIND = "ak"


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


def create_agent_key(uow: UnitOfWork, actor: Actor, cmd: AgentKeyCreate) -> AgentKeyCreated:
    """A new API key for an agent's tools; the key is in the result once, only its hash is kept."""
    _platform_only(actor)
    email = cmd.email.strip().lower()
    agent = uow.session.scalars(select(Agent).where(Agent.email == email)).one_or_none()
    if agent is None:
        raise not_found(
            "agent_not_found",
            f"No agent has the e-mail {email}; create one with `fairmarket agents create`.",
        )
    scopes = set(AGENT_SCOPES if cmd.scopes is None else cmd.scopes)
    unknown = sorted(scopes - AGENT_SCOPES)
    if unknown or not scopes:
        raise invalid(
            "unknown_scope",
            f"Agent keys take the scopes {', '.join(sorted(AGENT_SCOPES))}; "
            f"{', '.join(unknown) or 'none'} given.",
            "scopes",
        )
    key, prefix, secret_hash = new_api_key(AGENT_KEY_KIND)
    record = AgentApiKey(
        agent_id=agent.id,
        prefix=prefix,
        secret_hash=secret_hash,
        name=cmd.name,
        scopes=" ".join(sorted(scopes)),
        created_at=uow.clock.now(),
        revoked_at=None,
    )
    uow.session.add(record)
    uow.session.flush()
    _audit(uow, actor, "agent_api_key.created", record)
    return AgentKeyCreated(**_read(record, agent).model_dump(), key=key)


def revoke_agent_key(uow: UnitOfWork, actor: Actor, cmd: AgentKeyRevoke) -> AgentKeyRead:
    """Stop a key at once (the API's key cache forgets it within seconds)."""
    _platform_only(actor)
    prefix = cmd.prefix.strip().removeprefix(f"fm_{AGENT_KEY_KIND}_").split("_")[0]
    record = uow.session.scalars(
        select(AgentApiKey).where(AgentApiKey.prefix == prefix)
    ).one_or_none()
    if record is None:
        raise not_found(
            "agent_key_not_found",
            f"No agent key has the prefix {prefix}; the prefix is the part after fm_ak_.",
        )
    if record.revoked_at is None:
        record.revoked_at = uow.clock.now()
        uow.session.flush()
        _audit(uow, actor, "agent_api_key.revoked", record)
    agent = uow.session.get(Agent, record.agent_id)
    assert agent is not None  # a key always belongs to an agent (foreign key)
    return _read(record, agent)


def actor_for_agent_key(uow: UnitOfWork, key: str, channel: Channel) -> Actor | None:
    """The agent behind a valid, unrevoked `fm_ak_...` key; None for anything else."""
    prefix = split_api_key(key, (AGENT_KEY_KIND,))
    if prefix is None:
        return None
    record = uow.session.scalars(
        select(AgentApiKey).where(AgentApiKey.prefix == prefix)
    ).one_or_none()
    if record is None or record.revoked_at is not None:
        return None
    if not same_hash(record.secret_hash, hash_api_key(key)):
        return None
    agent = uow.session.get(Agent, record.agent_id)
    if agent is None:
        return None
    return Actor(
        kind=ActorKind.AGENT,
        channel=channel,
        id=agent.id,
        label=f"agent:{agent.email}",
        scopes=frozenset(record.scopes.split()),
    )


def is_agent_key(key: str) -> bool:
    return split_api_key(key, (AGENT_KEY_KIND,)) is not None


def _platform_only(actor: Actor) -> None:
    if actor.kind is not ActorKind.SYSTEM:
        raise forbidden(
            "platform_only", "Agent keys are created and revoked by the platform with the CLI."
        )


def _read(record: AgentApiKey, agent: Agent) -> AgentKeyRead:
    return AgentKeyRead(
        id=record.id,
        agent_id=agent.id,
        agent_email=agent.email,
        prefix=record.prefix,
        name=record.name,
        scopes=record.scopes.split(),
        created_at=record.created_at,
        revoked_at=record.revoked_at,
    )


def _audit(uow: UnitOfWork, actor: Actor, action: str, record: AgentApiKey) -> None:
    record_change(
        uow,
        actor,
        action=action,
        subject_type="agent_api_key",
        subject_id=record.id,
        seller_id=None,
        order_id=None,
        before=None,
        after={"prefix": record.prefix, "scopes": record.scopes, "agent_id": record.agent_id},
    )

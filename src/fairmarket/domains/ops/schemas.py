"""Creating and showing platform agents."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from fairmarket.kernel.commands import Command

MIN_PASSWORD_LENGTH = 12


class AgentCreate(Command):
    email: str = Field(
        min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", description="Login e-mail."
    )
    display_name: str = Field(min_length=1, max_length=120, description="Shown on decisions.")
    password: str = Field(
        min_length=MIN_PASSWORD_LENGTH, max_length=200, description="At least 12 characters."
    )


class AgentRead(BaseModel):
    id: int
    email: str
    display_name: str
    created_at: datetime


class AgentKeyCreate(Command):
    email: str = Field(min_length=3, max_length=254, description="The agent's login e-mail.")
    name: str = Field("agent tools", min_length=1, max_length=120, description="A label.")
    scopes: list[str] | None = Field(
        None, description="Scopes of the key; by default every agent scope."
    )


class AgentKeyRevoke(Command):
    prefix: str = Field(min_length=1, max_length=24, description="The key's prefix.")


class AgentKeyRead(BaseModel):
    id: int
    agent_id: int
    agent_email: str
    prefix: str
    name: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None


class AgentKeyCreated(AgentKeyRead):
    key: str = Field(description="Shown once; only its hash is stored.")

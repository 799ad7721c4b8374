from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from fairmarket.kernel.actors import ALL_SCOPES
from fairmarket.kernel.commands import Command, RowId


class SellerRead(BaseModel):
    id: int
    name: str
    region: str
    currency: str
    timezone: str
    owner_email: str | None


class ApiKeyCreate(Command):
    seller_id: RowId | None = None
    buyer_id: RowId | None = None
    name: str = Field("integration", min_length=1, max_length=120)
    scopes: list[str] = Field(default_factory=lambda: sorted(ALL_SCOPES))


class ApiKeyCreated(BaseModel):
    id: int
    key: str = Field(description="Shown once; only its hash is stored.")
    prefix: str
    name: str
    seller_id: int | None
    buyer_id: int | None
    scopes: list[str]
    created_at: datetime

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from fairmarket.kernel.commands import Command, RowId
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT

OPERATOR_ONLY = (
    "For the platform's operators (the CLI): whose keys. A seller's or buyer's own call leaves "
    "it out; it always means their own keys."
)


class SellerRead(BaseModel):
    id: int
    name: str
    region: str
    currency: str
    timezone: str
    owner_email: str | None


class ApiKeyStatus(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"  # still works, but expires within a week (a rotated key's grace)
    EXPIRED = "expired"
    REVOKED = "revoked"


class ApiKeyCreate(Command):
    seller_id: RowId | None = Field(None, description=OPERATOR_ONLY)
    buyer_id: RowId | None = Field(None, description=OPERATOR_ONLY)
    name: str = Field("integration", min_length=1, max_length=120)
    scopes: list[str] | None = Field(
        None,
        description="Default: every scope of the owner's kind except api_keys:read and "
        "api_keys:write. A key creating a key may only grant scopes it has itself.",
    )
    expires_in_days: int | None = Field(
        None, ge=1, le=3650, description="The key stops working this many days from now."
    )


class ApiKeyCreated(BaseModel):
    id: int
    key: str = Field(description="Shown once; only its hash is stored.")
    prefix: str
    name: str
    seller_id: int | None
    buyer_id: int | None
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    rotated_from_id: int | None


class ApiKeyListQuery(Command):
    seller_id: RowId | None = Field(None, description=OPERATOR_ONLY)
    buyer_id: RowId | None = Field(None, description=OPERATOR_ONLY)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")


class ApiKeyRef(Command):
    key_id: RowId = Field(description="The API key's id (from the list of keys).")


class ApiKeyRotate(ApiKeyRef):
    grace_hours: int = Field(
        24,
        ge=0,
        le=720,
        description="How long the old key keeps working; 0 revokes it at once.",
    )


class ApiKeyRead(BaseModel):
    """A key as lists show it: never its secret nor its hash."""

    id: int
    prefix: str = Field(description="Identifies the key: the part after fm_sk_ or fm_bk_.")
    name: str
    seller_id: int | None
    buyer_id: int | None
    scopes: list[str]
    status: ApiKeyStatus
    created_at: datetime
    last_used_at: datetime | None = Field(description="Recorded to within about a minute.")
    expires_at: datetime | None
    revoked_at: datetime | None
    rotated_from_id: int | None = Field(description="The key this one replaced.")
    replaced_by_id: int | None = Field(description="The key that replaced this one.")


class ApiKeyPage(BaseModel):
    items: list[ApiKeyRead]
    next_cursor: str | None


class ApiKeyRotated(BaseModel):
    new_key: ApiKeyCreated = Field(description="The replacement; its secret is shown once.")
    old_key: ApiKeyRead = Field(description="The replaced key, working until its expires_at.")

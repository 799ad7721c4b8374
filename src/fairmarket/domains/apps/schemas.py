from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from fairmarket.kernel.commands import Command, RowId


class AppRegister(Command):
    name: str = Field(min_length=1, max_length=120)
    redirect_uris: list[str] = Field(min_length=1, max_length=10)
    scopes: list[str] = Field(min_length=1)


class AppRead(BaseModel):
    id: int
    name: str
    client_id: str
    redirect_uris: list[str]
    scopes: list[str]
    created_at: datetime


class AppRegistered(AppRead):
    client_secret: str = Field(description="Shown once; only its hash is stored.")


class AuthorizationRequest(Command):
    """The query of GET /oauth/authorize (RFC 6749 4.1.1 with RFC 7636 4.3). Everything is
    optional here so that the service answers with the RFC error code for what is missing."""

    response_type: str = Field("", max_length=40)
    client_id: str = Field("", max_length=40)
    redirect_uri: str = Field("", max_length=2000)
    scope: str = Field("", max_length=500)
    state: str = Field("", max_length=500)
    code_challenge: str = Field("", max_length=128)
    code_challenge_method: str = Field("", max_length=10)


class ScopeRead(BaseModel):
    name: str
    words: str


class AuthorizationCheck(BaseModel):
    """A valid authorization request, as the consent page shows it."""

    app_name: str
    client_id: str
    redirect_uri: str
    state: str
    scopes: list[ScopeRead]


class AuthorizationGranted(BaseModel):
    redirect_uri: str
    code: str
    state: str


class CodeExchange(Command):
    client_id: str = Field("", max_length=40)
    client_secret: str = Field("", max_length=200)
    code: str = Field("", max_length=200)
    redirect_uri: str = Field("", max_length=2000)
    code_verifier: str = Field("", max_length=200)


class RefreshExchange(Command):
    client_id: str = Field("", max_length=40)
    client_secret: str = Field("", max_length=200)
    refresh_token: str = Field("", max_length=200)


class TokensIssued(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the RFC 6750 token type, not a secret
    expires_in: int
    refresh_token: str
    scope: str


class GrantRevokedForReuse(BaseModel):
    """A refresh token was presented again after rotation: the grant is now revoked."""

    grant_id: int


class ConnectedAppRead(BaseModel):
    grant_id: int
    app_name: str
    scopes: list[ScopeRead]
    installed_at: datetime
    last_used_at: datetime | None


class GrantRevoke(Command):
    grant_id: RowId

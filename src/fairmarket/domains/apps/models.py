from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.db.enum_columns import enum_column


class TokenKind(StrEnum):
    ACCESS = "access"
    REFRESH = "refresh"


class App(Base):
    """A third-party app registered by the platform operator. Only the secret's hash is stored."""

    __tablename__ = "apps"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    client_id: Mapped[str] = mapped_column(String(40), unique=True)
    client_secret_hash: Mapped[str] = mapped_column(String(64))
    redirect_uris: Mapped[str] = mapped_column(Text)  # one per line, compared exactly
    scopes: Mapped[str] = mapped_column(String(500))  # space-separated
    created_at: Mapped[datetime]


class AppGrant(Base):
    """A seller's installation of an app: the scopes the seller allowed. Revoking it ends every
    token issued under it at once (tokens read the grant on every lookup)."""

    __tablename__ = "app_grants"
    __table_args__ = (Index("ix_app_grants_app_id_seller_id", "app_id", "seller_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    scopes: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class AppAuthorizationCode(Base):
    """A single-use, short-lived authorization code for a grant, bound to its client (through
    the grant), the redirect URI it was asked with and the PKCE S256 challenge."""

    __tablename__ = "app_authorization_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("app_grants.id"), index=True)
    redirect_uri: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class AppToken(Base):
    """An access token (fm_at_) or refresh token (fm_rt_) of a grant, found by its sha256 hash.
    A refresh token is used once: rotating it sets `used_at`; presenting it again revokes the
    grant (refresh-token reuse detection)."""

    __tablename__ = "app_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TokenKind] = enum_column(TokenKind, 8)
    grant_id: Mapped[int] = mapped_column(ForeignKey("app_grants.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class AppUsage(Base):
    """API requests an app made for a seller in a day (UTC), flushed in batches."""

    __tablename__ = "app_usage"

    app_id: Mapped[int] = mapped_column(ForeignKey("apps.id"), primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    requests: Mapped[int]

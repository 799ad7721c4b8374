from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairmarket.db.base import Base
from fairmarket.db.enum_columns import enum_column


class Seller(Base):
    """A shop: the unit of ownership for orders, products and credentials."""

    __tablename__ = "sellers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(8), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]

    users: Mapped[list[SellerUser]] = relationship(back_populates="seller")


class SellerRole(StrEnum):
    OWNER = "owner"
    STAFF = "staff"


class SellerUser(Base):
    __tablename__ = "seller_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[SellerRole] = enum_column(SellerRole, 16)
    created_at: Mapped[datetime]

    seller: Mapped[Seller] = relationship(back_populates="users")


class Buyer(Base):
    __tablename__ = "buyers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    region: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]


class ApiKey(Base):
    """A bearer credential for a seller integration or a buyer. Only a hash is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(24), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"), index=True)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("buyers.id"), index=True)
    scopes: Mapped[str] = mapped_column(String(500))  # space-separated
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # None: never expires. A rotated key gets its grace period's end here.
    expires_at: Mapped[datetime | None]
    # Written at most once a minute per key (see `record_key_use`), not on every request.
    last_used_at: Mapped[datetime | None]
    # The key this one replaced when it was rotated (its successor names it here).
    rotated_from_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), index=True)

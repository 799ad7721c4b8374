"""The one Settings class. Only bootstrap and entrypoints read it; domains get plain values."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fairmarket.kernel.encryption import derive_key
from fairmarket.kernel.policies import Policies

DEVELOPMENT_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused in production mode


class Mode(StrEnum):
    DEVELOPMENT = "development"
    SANDBOX = "sandbox"
    PRODUCTION = "production"


class QueueKind(StrEnum):
    EMBEDDED = "embedded"  # a thread in the server process; SQLite, no services
    REDIS = "redis"  # huey on Redis: `fairmarket worker` processes fire deadlines and webhooks


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FAIRMARKET_", env_file=".env", extra="ignore")

    mode: Mode = Mode.DEVELOPMENT
    database_url: str = "sqlite:///./var/fairmarket.sqlite3"
    secret_key: str = DEVELOPMENT_SECRET
    seller_response_window_hours: float = Field(48, gt=0)
    seller_response_window_hours_by_region: dict[str, float] = Field(default_factory=dict)
    return_window_days: float = Field(30, gt=0)
    return_window_days_by_region: dict[str, float] = Field(default_factory=dict)
    return_shipping_window_days: float = Field(7, gt=0)
    refund_after_return_days: float = Field(3, gt=0)
    handling_window_days: float = Field(5, gt=0)
    embedded_worker: bool = True
    # A parcel under an open after-sale request with no carrier scan for this long is a
    # shipment exception (rules on the shipment.exception trigger then decide).
    shipment_exception_hours: float = Field(72, gt=0)
    worker_interval_seconds: float = Field(5.0, gt=0)
    worker_batch_size: int = Field(200, gt=0)
    queue: QueueKind = QueueKind.EMBEDDED
    redis_url: str = "redis://127.0.0.1:6379/0"
    queue_name: str = "fairmarket"
    # A dispatched id is not enqueued again before this; a lost or crashed job is retried after.
    queue_lease_seconds: float = Field(60.0, gt=0)
    queue_chunk_size: int = Field(50, gt=0)  # ids fired per transaction by a queue worker
    # Crash-safety tests only: sleep this long inside each firing's transaction.
    worker_fire_delay_seconds: float = Field(0.0, ge=0)
    db_pool_size: int = Field(10, gt=0)
    session_cookie_secure: bool = False
    idempotency_key_ttl_hours: int = Field(24, gt=0)
    # Let webhook endpoints point at loopback and private addresses: only for a receiver on
    # this machine or network in tests and local development; refused in production mode.
    webhook_allow_private_targets: bool = False

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        if self.mode is Mode.PRODUCTION and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("FAIRMARKET_SECRET_KEY must be set in production mode")
        return self

    @model_validator(mode="after")
    def _production_sends_webhooks_to_public_addresses_only(self) -> Settings:
        if self.mode is Mode.PRODUCTION and self.webhook_allow_private_targets:
            raise ValueError(
                "FAIRMARKET_WEBHOOK_ALLOW_PRIVATE_TARGETS is for tests and local development; "
                "unset it in production mode"
            )
        return self

    def policies(self) -> Policies:
        return Policies(
            seller_response_window=timedelta(hours=self.seller_response_window_hours),
            seller_response_window_by_region={
                region.upper(): timedelta(hours=hours)
                for region, hours in self.seller_response_window_hours_by_region.items()
            },
            return_window=timedelta(days=self.return_window_days),
            return_window_by_region={
                region.upper(): timedelta(days=days)
                for region, days in self.return_window_days_by_region.items()
            },
            return_shipping_window=timedelta(days=self.return_shipping_window_days),
            refund_after_return_window=timedelta(days=self.refund_after_return_days),
            handling_window=timedelta(days=self.handling_window_days),
            webhook_http_allowed=self.mode is not Mode.PRODUCTION,
            webhook_private_targets_allowed=self.webhook_allow_private_targets,
            # Derived, not a second secret to manage: rotating FAIRMARKET_SECRET_KEY makes the
            # stored webhook secrets unreadable (rotate them after).
            webhook_secret_key=derive_key(self.secret_key, "webhook-secrets/v1"),
        )

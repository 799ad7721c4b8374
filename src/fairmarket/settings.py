"""The one Settings class. Only bootstrap and entrypoints read it; domains get plain values."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from limits import parse_many
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fairmarket.kernel.encryption import derive_key
from fairmarket.kernel.policies import Policies

DEVELOPMENT_SECRET = "dev-only-secret-change-me"  # noqa: S105 - development mode only
# Where sandbox and production read the secret when FAIRMARKET_SECRET_KEY is not set;
# `fairmarket demo` writes one there (relative to the working directory, like the database).
SECRET_KEY_FILE = Path("var/secret_key")
MIN_SECRET_LENGTH = 32
MIN_SECRET_VARIETY = 10  # different characters: "changemechangeme..." is long but guessable
# The command that prints a fresh secret (quoted in the refusal), not a secret itself.
SECRET_GENERATOR_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'  # noqa: S105


class Mode(StrEnum):
    DEVELOPMENT = "development"
    SANDBOX = "sandbox"
    PRODUCTION = "production"


class QueueKind(StrEnum):
    EMBEDDED = "embedded"  # a thread in the server process; SQLite, no services
    REDIS = "redis"  # huey on Redis: `fairmarket worker` processes fire deadlines and webhooks


class RateLimitStorage(StrEnum):
    MEMORY = "memory"  # counters in this process: the embedded default (one process)
    REDIS = "redis"  # counters shared by every worker process, at FAIRMARKET_REDIS_URL


class Settings(BaseSettings):
    # Errors never echo the input: it holds the secret key.
    model_config = SettingsConfigDict(
        env_prefix="FAIRMARKET_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    mode: Mode = Mode.DEVELOPMENT
    database_url: str = "sqlite:///./var/fairmarket.sqlite3"
    secret_key: str = DEVELOPMENT_SECRET
    secret_key_file: Path = SECRET_KEY_FILE
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
    # `serve --workers N`: how long a server worker may take to start or answer a health check
    # before uvicorn's supervisor replaces it (a cold start is about 1 s idle, 6 s under load).
    server_worker_healthcheck_seconds: int = Field(30, gt=0)
    session_cookie_secure: bool = False
    idempotency_key_ttl_hours: int = Field(24, gt=0)
    # Apps' API requests are counted in memory and written to app_usage this often (and at stop).
    app_usage_flush_seconds: float = Field(10.0, ge=0)
    # Let webhook endpoints point at loopback and private addresses: only for a receiver on
    # this machine or network in tests and local development; refused in production mode.
    webhook_allow_private_targets: bool = False
    # Rate limits, in the `limits` notation ("100/10 seconds"; tiers separated by ";").
    # Unset storage: Redis when the queue is Redis (several processes), else this process.
    rate_limit_storage: RateLimitStorage | None = None
    api_rate_limit: str = "100/10 seconds"  # per API key; published as RateLimit-Policy
    failed_authentication_rate_limit: str = "30/minute"  # API calls without a valid key, per IP
    # Sign-in attempts per account, then per IP: each tier further on refuses for longer.
    login_rate_limit_per_account: str = "5/minute;10/15 minutes;20/hour"
    login_rate_limit_per_ip: str = "30/minute;300/hour"
    # Argon2 needs 64 MiB and a core for ~0.1-0.3 s: at most this many checks run at once per
    # process; an attempt that cannot start within the wait is refused ("try again shortly").
    password_check_concurrency: int = Field(2, gt=0)
    password_check_wait_seconds: float = Field(2.0, ge=0)
    # The chat intent classifier fitted on the capabilities' declarations, cached under a hash of
    # its training data (relative to the working directory, like the database).
    chatbot_cache_dir: Path = Path("var/cache/chatbot")

    @field_validator(
        "api_rate_limit",
        "failed_authentication_rate_limit",
        "login_rate_limit_per_account",
        "login_rate_limit_per_ip",
    )
    @classmethod
    def _rate_limit_notation(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError as error:
            raise ValueError(
                f"{value!r} is not a rate limit: write e.g. '100/10 seconds' or '5/minute;20/hour'"
            ) from error
        return value

    @field_validator("api_rate_limit", "failed_authentication_rate_limit")
    @classmethod
    def _one_published_quota(cls, value: str) -> str:
        if len(parse_many(value)) != 1:
            raise ValueError(
                f"{value!r}: the published quotas take one limit, e.g. '100/10 seconds'"
            )
        return value

    @property
    def rate_limit_storage_kind(self) -> RateLimitStorage:
        if self.rate_limit_storage is not None:
            return self.rate_limit_storage
        return RateLimitStorage.REDIS if self.queue is QueueKind.REDIS else RateLimitStorage.MEMORY

    @model_validator(mode="after")
    def _a_strong_secret_outside_development(self) -> Settings:
        """Sandbox and production refuse to start on a secret anyone could know: the secret
        signs the web session cookies. Development keeps its published default."""
        if self.mode is Mode.DEVELOPMENT:
            return self
        problem = self._secret_key_problem()
        if problem is not None:
            raise ValueError(f"{problem} {self._how_to_set_a_secret()}")
        return self

    def _secret_key_problem(self) -> str | None:
        if "secret_key" in self.model_fields_set:  # given: FAIRMARKET_SECRET_KEY or .env
            return secret_key_problem(self.secret_key, "FAIRMARKET_SECRET_KEY")
        from_file = read_secret_key_file(self.secret_key_file)
        if from_file is None:
            return f"FAIRMARKET_SECRET_KEY is not set and there is no {self.secret_key_file}."
        self.secret_key = from_file
        return secret_key_problem(from_file, f"The secret key in {self.secret_key_file}")

    def _how_to_set_a_secret(self) -> str:
        demo = " (`fairmarket demo` writes one there)" if self.mode is Mode.SANDBOX else ""
        return (
            f"{self.mode.value.capitalize()} mode signs web sessions with it and needs a random "
            f"secret of at least {MIN_SECRET_LENGTH} characters: generate one with "
            f"`{SECRET_GENERATOR_COMMAND}` and set FAIRMARKET_SECRET_KEY to it, or write it to "
            f"{self.secret_key_file}, readable by the server's user only{demo}."
        )

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


def read_secret_key_file(path: Path) -> str | None:
    """The secret kept in `path`, or None when there is no such file."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def secret_key_problem(secret: str, source: str) -> str | None:
    """What makes `secret` unfit to sign sessions outside development, or None."""
    if not secret:
        return f"{source} is empty."
    if secret == DEVELOPMENT_SECRET:
        return f"{source} is the development secret, which is published with the source code."
    if len(secret) < MIN_SECRET_LENGTH:
        return f"{source} is only {len(secret)} characters long."
    if len(set(secret)) < MIN_SECRET_VARIETY:
        return f"{source} uses only {len(set(secret))} different characters."
    return None

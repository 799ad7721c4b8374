"""The one place that wires settings, engine, clock, policies, unit-of-work factory and adapters."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from fairmarket.adapters.rate_limits import (
    RateLimits,
    RateLimitSettings,
    memory_rate_limits,
    redis_rate_limits,
)
from fairmarket.adapters.webhook_sender import HttpWebhookSender
from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import pending_migrations
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.security import limit_password_checks
from fairmarket.domains.all_models import metadata
from fairmarket.domains.sandbox.service import offsets_reader
from fairmarket.domains.webhooks.jobs import WebhookSender
from fairmarket.kernel.clock import Clock, SandboxClocks, SystemClock
from fairmarket.kernel.network import Resolver, SystemResolver
from fairmarket.settings import Mode, RateLimitStorage, Settings


class DatabaseNotMigratedError(RuntimeError):
    pass


@dataclass
class Container:
    settings: Settings
    engine: Engine
    clock: Clock
    uow_factory: UnitOfWorkFactory
    webhook_sender: WebhookSender
    rate_limits: RateLimits
    # Set to have this process's embedded worker run its round now instead of after its sleep.
    due_work_waiting: threading.Event = field(default_factory=threading.Event)


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    resolver: Resolver | None = None,
) -> Container:
    settings = settings or Settings()
    resolver = resolver or SystemResolver()
    engine = create_database_engine(settings.database_url, pool_size=settings.db_pool_size)
    if clock is None:
        clock = sandbox_clocks(engine) if settings.mode is Mode.SANDBOX else SystemClock()
    limit_password_checks(settings.password_check_concurrency, settings.password_check_wait_seconds)
    return Container(
        settings=settings,
        engine=engine,
        clock=clock,
        uow_factory=UnitOfWorkFactory(engine, clock, settings.policies(), resolver=resolver),
        webhook_sender=HttpWebhookSender(
            resolver=resolver, private_targets_allowed=settings.webhook_allow_private_targets
        ),
        rate_limits=rate_limits(settings),
    )


def rate_limits(settings: Settings) -> RateLimits:
    """The throttles, counting in this process's memory or in the Redis all processes share."""
    limits = RateLimitSettings(
        api_key=settings.api_rate_limit,
        failed_authentication=settings.failed_authentication_rate_limit,
        login_account=settings.login_rate_limit_per_account,
        login_ip=settings.login_rate_limit_per_ip,
    )
    if settings.rate_limit_storage_kind is RateLimitStorage.REDIS:
        return redis_rate_limits(settings.redis_url, limits, f"{settings.queue_name}:limits")
    return memory_rate_limits(limits)


def sandbox_clocks(engine: Engine) -> SandboxClocks:
    """Each seller's sandbox clock, the same in every process (API workers, queue workers, the
    CLI): real time plus the seller's offset in the database. Only the first read waits for a
    connection; later refreshes are made by one thread while the others keep the offsets they
    have, so a unit of work holding a connection never waits on another for the time."""
    return SandboxClocks(offsets_reader(engine))


def require_migrated(container: Container) -> None:
    """Refuse to serve an un-migrated database, saying what to run."""
    pending = pending_migrations(container.engine, container.settings.database_url)
    if pending:
        raise DatabaseNotMigratedError(
            f"The database at {container.engine.url.render_as_string(hide_password=True)} "
            f"is missing {len(pending)} migration(s) ({', '.join(pending)}). "
            "Run `fairmarket db upgrade` first."
        )


def schema_drift(database_url: str) -> list[str]:
    """Differences between the models' metadata and a database built by the migrations."""
    engine = create_database_engine(database_url, pool_size=1)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return [str(diff) for diff in compare_metadata(context, metadata)]
    finally:
        engine.dispose()

"""The sandbox API: mounted only in sandbox mode, so a production deployment answers 404.

The routes are the generic capability routes (auth, scopes, Idempotency-Key, problem+json,
OpenAPI); the clock advance additionally runs the due work right after its commit, so that
timers fire and webhooks go out before the response returns.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta

from fastapi import FastAPI

from fairmarket.bootstrap import Container
from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.sandbox import CLOCK_ADVANCE, SANDBOX_CAPABILITIES
from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.sandbox.schemas import AdvanceClock, SandboxClockRead
from fairmarket.domains.sandbox.service import advance_clock
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator
from fairmarket.entrypoints.api.routes import capability_router
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers, run_due_webhooks
from fairmarket.kernel.actors import Actor
from fairmarket.settings import Mode

log = logging.getLogger(__name__)


def mount_sandbox(
    app: FastAPI,
    container: Container,
    authenticator: ApiKeyAuthenticator,
    idempotency_ttl: timedelta,
) -> None:
    if container.settings.mode is not Mode.SANDBOX:
        return
    capabilities = [
        _with_due_work(capability, container) if capability.name == CLOCK_ADVANCE else capability
        for capability in SANDBOX_CAPABILITIES
    ]
    app.include_router(
        capability_router(container.uow_factory, authenticator, capabilities, idempotency_ttl)
    )


def _with_due_work(capability: Capability, container: Container) -> Capability:
    def advance_then_run_due_work(
        uow: UnitOfWork, actor: Actor, cmd: AdvanceClock
    ) -> SandboxClockRead:
        result = advance_clock(uow, actor, cmd)
        uow.on_commit(lambda: run_due_work(container))  # after the clock adopts the new time
        return result

    return dataclasses.replace(capability, handler=advance_then_run_due_work)


def run_due_work(container: Container) -> None:
    """Fire due timers, then send due webhooks, in this process and at once."""
    batch = container.settings.worker_batch_size
    try:
        timers = run_after_sale_timers(container.uow_factory, batch_size=batch)
        webhooks = run_due_webhooks(
            container.uow_factory, container.webhook_sender, batch_size=batch
        )
    except Exception:  # the clock has moved and stays moved; the worker catches up on its tick
        log.exception("due work after a sandbox clock advance failed; the worker will retry it")
        return
    log.info("sandbox advance: timers %s, webhooks %s", timers.model_dump(), webhooks)

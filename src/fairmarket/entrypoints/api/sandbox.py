"""The sandbox API: mounted only in sandbox mode, so a production deployment answers 404.

The routes are the generic capability routes (auth, scopes, Idempotency-Key, problem+json,
OpenAPI). The clock advance fires the caller's due timers in its own transaction (database
work, bounded); after its commit it only wakes this process's embedded worker, which sends the
webhooks off the event loop: a slow endpoint never holds up the API.
"""

from __future__ import annotations

import dataclasses
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
from fairmarket.kernel.actors import Actor
from fairmarket.settings import Mode


def mount_sandbox(
    app: FastAPI,
    container: Container,
    authenticator: ApiKeyAuthenticator,
    idempotency_ttl: timedelta,
) -> None:
    if container.settings.mode is not Mode.SANDBOX:
        return
    capabilities = [
        _waking_the_worker(capability, container)
        if capability.name == CLOCK_ADVANCE
        else capability
        for capability in SANDBOX_CAPABILITIES
    ]
    app.include_router(
        capability_router(container.uow_factory, authenticator, capabilities, idempotency_ttl)
    )


def _waking_the_worker(capability: Capability, container: Container) -> Capability:
    def advance_then_wake_the_worker(
        uow: UnitOfWork, actor: Actor, cmd: AdvanceClock
    ) -> SandboxClockRead:
        result = advance_clock(uow, actor, cmd)
        uow.on_commit(container.due_work_waiting.set)
        return result

    return dataclasses.replace(capability, handler=advance_then_wake_the_worker)

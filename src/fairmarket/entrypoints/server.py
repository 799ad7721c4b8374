"""Build the ASGI application for uvicorn: migrated database check, embedded worker lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import uvicorn
from fastapi import FastAPI

from fairmarket.bootstrap import bootstrap, require_migrated
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.worker.due_jobs import EmbeddedWorker
from fairmarket.settings import QueueKind, Settings


def build_application() -> FastAPI:
    """Uvicorn factory: `uvicorn --factory fairmarket.entrypoints.server:build_application`."""
    container = bootstrap(Settings())
    require_migrated(container)
    app = create_app(container)
    settings = container.settings

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.embedded_worker and settings.queue is QueueKind.EMBEDDED:
            worker = EmbeddedWorker(
                container.uow_factory,
                settings.worker_interval_seconds,
                settings.worker_batch_size,
                timedelta(hours=settings.idempotency_key_ttl_hours),
                container.webhook_sender,
                shipment_exception_hours=settings.shipment_exception_hours,
                wake=container.due_work_waiting,
            )
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            app.state.app_usage.flush()
            container.engine.dispose()

    app.router.lifespan_context = lifespan
    return app


def run_server(*, host: str, port: int, workers: int = 1) -> None:
    uvicorn.run(**server_options(Settings(), host=host, port=port, workers=workers))


def server_options(settings: Settings, *, host: str, port: int, workers: int) -> dict[str, Any]:
    """Uvicorn's options. With several workers its supervisor pings each worker and replaces
    one that does not answer within `timeout_worker_healthcheck` (uvicorn's default: 5 s), also
    while a new worker is still starting: a cold start slower than that under load (measured
    5.8 s) had every replacement killed in turn and the port closed. Give it the time a cold
    start takes on a busy machine."""
    return {
        "app": "fairmarket.entrypoints.server:build_application",
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "timeout_worker_healthcheck": settings.server_worker_healthcheck_seconds,
        "log_level": "info",
        "access_log": False,
    }

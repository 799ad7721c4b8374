"""`fairmarket worker`: the background worker process(es) for either queue setting.

- FAIRMARKET_QUEUE=embedded: one loop in the foreground (what the server's thread does), for
  running it apart from the server (FAIRMARKET_EMBEDDED_WORKER=false there).
- FAIRMARKET_QUEUE=redis: a huey consumer with N worker processes, plus the dispatcher in the
  consumer's main process (unless --no-dispatch). Run one dispatcher per deployment and as many
  consumers as needed; a second dispatcher only enqueues some ids twice, which fire once.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta

from huey.consumer import ConsumerStopped

from fairmarket.adapters.queue import open_redis_queue
from fairmarket.bootstrap import Container, bootstrap, require_migrated
from fairmarket.entrypoints.worker.due_jobs import EmbeddedWorker
from fairmarket.entrypoints.worker.queue_jobs import Dispatcher, WorkerQueue
from fairmarket.settings import QueueKind, Settings

log = logging.getLogger(__name__)
BUSY_TICK_SECONDS = 0.2  # while the dispatcher finds work, it looks again this soon


class ProcessContainer:
    """One container per process: a forked worker must not use its parent's connections."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._built: Container | None = None
        self._pid = 0

    def __call__(self) -> Container:
        if self._built is None or self._pid != os.getpid():
            if self._built is not None:
                self._built.engine.dispose(close=False)  # the parent's; leave its sockets be
            self._built = bootstrap(self._settings)
            self._pid = os.getpid()
        return self._built


def build_worker_queue(settings: Settings, container: ProcessContainer) -> WorkerQueue:
    huey = open_redis_queue(settings.queue_name, settings.redis_url)
    return WorkerQueue(huey, container, fire_delay_seconds=settings.worker_fire_delay_seconds)


def run_worker(settings: Settings, *, workers: int, dispatch: bool, consume: bool) -> None:
    container = ProcessContainer(settings)
    require_migrated(container())
    if settings.queue is QueueKind.EMBEDDED:
        built = container()
        EmbeddedWorker(
            built.uow_factory,
            settings.worker_interval_seconds,
            settings.worker_batch_size,
            timedelta(hours=settings.idempotency_key_ttl_hours),
            built.webhook_sender,
            shipment_exception_hours=settings.shipment_exception_hours,
        ).run()
        return
    queue = build_worker_queue(settings, container)
    dispatcher = (
        Dispatcher(
            container(),
            queue,
            lease_seconds=settings.queue_lease_seconds,
            chunk_size=settings.queue_chunk_size,
            webhook_batch_size=settings.worker_batch_size,
            shipment_exception_hours=settings.shipment_exception_hours,
        )
        if dispatch
        else None
    )
    if not consume:
        _dispatch_forever(dispatcher, settings.worker_interval_seconds)
        return
    consumer = queue.huey.create_consumer(
        workers=workers, worker_type="process", periodic=False, health_check_interval=1
    )
    consumer.start()
    health_check = 0.0
    next_round = 0.0
    while True:
        try:
            health_check = consumer.loop(health_check)
        except ConsumerStopped:
            break
        next_round = _maybe_dispatch(dispatcher, next_round, settings.worker_interval_seconds)
    queue.huey.notify_interrupted_tasks()


def _dispatch_forever(dispatcher: Dispatcher | None, interval: float) -> None:
    if dispatcher is None:
        raise SystemExit("Nothing to do: --no-dispatch and --no-consume together.")
    next_round = 0.0
    while True:
        next_round = _maybe_dispatch(dispatcher, next_round, interval)
        time.sleep(BUSY_TICK_SECONDS / 2)


def _maybe_dispatch(dispatcher: Dispatcher | None, next_round: float, interval: float) -> float:
    if dispatcher is None or dispatcher.monotonic() < next_round:
        return next_round
    try:
        result = dispatcher.dispatch()
    except Exception:  # the database or Redis is away: say so, try again next round
        log.exception("dispatching due work failed; retrying")
        return dispatcher.monotonic() + interval
    if any(result.enqueued.values()):
        log.info("dispatched %s in %d chunk(s)", result.enqueued, result.chunks)
    busy = result.busy or any(result.enqueued.values())
    return dispatcher.monotonic() + (BUSY_TICK_SECONDS if busy else interval)

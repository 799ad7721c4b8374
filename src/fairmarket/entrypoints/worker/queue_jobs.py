"""Deadlines and webhooks on a job queue (huey): a dispatcher finds due work in the database and
enqueues chunks of ids; worker processes fire each chunk in its own transaction.

The database stays the source of truth. The dispatcher remembers what it enqueued for a lease,
so it does not enqueue the same id twice while a worker is on it; after the lease an id that is
still due (its job was lost with a killed worker, or failed) is enqueued again. Firing is
idempotent under the order lock, so an id that runs twice has its effect once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from huey.api import Huey, TaskWrapper

from fairmarket.bootstrap import Container
from fairmarket.db.idempotency import purge_expired_keys
from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.domains.apps.jobs import purge_ended_app_credentials
from fairmarket.domains.web_sessions.jobs import purge_ended_web_sessions
from fairmarket.domains.webhooks.schemas import WebhookRunResult
from fairmarket.entrypoints.worker.due_jobs import run_due_webhooks, run_rules_round
from fairmarket.entrypoints.worker.firing import STAGES, Stage, fire_chunk

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 60.0


class WorkerQueue:
    """The queue's two tasks, bound to a huey instance. `container` gives the worker process's
    own container (engine, clock, sender), built on first use in that process."""

    def __init__(
        self,
        huey: Huey,
        container: Callable[[], Container],
        *,
        fire_delay_seconds: float = 0.0,
    ) -> None:
        self.huey = huey
        self._container = container
        self._fire_delay = fire_delay_seconds
        self.fire: TaskWrapper = huey.task(name="fairmarket.fire")(self._fire)
        self.deliver_webhooks: TaskWrapper = huey.task(name="fairmarket.webhooks")(
            self._deliver_webhooks
        )
        self.run_rules: TaskWrapper = huey.task(name="fairmarket.rules")(self._run_rules)

    def _fire(self, stage: str, ids: list[int]) -> TimerRunResult:
        built = self._container()
        result = fire_chunk(built.uow_factory, Stage(stage), ids, delay_seconds=self._fire_delay)
        log.info("%s: %s", stage, result.model_dump())
        return result

    def _deliver_webhooks(self, batch_size: int) -> WebhookRunResult:
        built = self._container()
        return run_due_webhooks(built.uow_factory, built.webhook_sender, batch_size=batch_size)

    def _run_rules(self, batch_size: int, after_hours: float) -> None:
        built = self._container()
        run_rules_round(built.uow_factory, batch_size=batch_size, after_hours=after_hours)

    def pending(self) -> int:
        return int(self.huey.pending_count())


@dataclass
class DispatchRound:
    enqueued: dict[str, int] = field(default_factory=dict)
    chunks: int = 0
    busy: bool = False  # the queue already held enough work: nothing was looked up


@dataclass
class Dispatcher:
    """Finds due work and enqueues it. `window` ids per stage are looked at per round, in
    `chunk_size` chunks; the round is skipped while the queue still holds half a window."""

    container: Container
    queue: WorkerQueue
    lease_seconds: float
    chunk_size: int = 50
    window: int = 2000
    webhook_batch_size: int = 200
    shipment_exception_hours: float = 72.0
    monotonic: Callable[[], float] = time.monotonic
    _leased: dict[tuple[str, int], float] = field(default_factory=dict)
    _next_purge: float = 0.0

    def dispatch(self) -> DispatchRound:
        now = self.monotonic()
        self._leased = {key: until for key, until in self._leased.items() if until > now}
        result = DispatchRound()
        # Look again only once half the window has been fired: each look reads `window` due
        # rows, and most of them are still leased until then.
        if self.queue.pending() * self.chunk_size >= self.window // 2:
            result.busy = True
            return result
        uow_factory = self.container.uow_factory
        for stage, spec in STAGES.items():
            with uow_factory(read_only=True) as uow:
                due = spec.find_due(uow, uow_factory.clock.now(), self.window)
            fresh = [i for i in due if (stage.value, i) not in self._leased]
            for start in range(0, len(fresh), self.chunk_size):
                self.queue.fire(stage.value, fresh[start : start + self.chunk_size])
                result.chunks += 1
            for subject_id in fresh:
                self._leased[stage.value, subject_id] = now + self.lease_seconds
            result.enqueued[stage.value] = len(fresh)
        if ("webhooks", 0) not in self._leased:
            self.queue.deliver_webhooks(self.webhook_batch_size)
            self._leased["webhooks", 0] = now + min(self.lease_seconds, 1.0)
        if ("rules", 0) not in self._leased:
            # One rules round at a time is enough: the consumer's cursor row serialises them.
            self.queue.run_rules(self.webhook_batch_size, self.shipment_exception_hours)
            self._leased["rules", 0] = now + min(self.lease_seconds, 1.0)
        self._purge_expired(now)
        return result

    def _purge_expired(self, now: float) -> None:
        if now < self._next_purge:
            return
        self._next_purge = now + PURGE_EVERY_SECONDS
        ttl = timedelta(hours=self.container.settings.idempotency_key_ttl_hours)
        purge_expired_keys(self.container.uow_factory, ttl)
        purge_ended_web_sessions(self.container.uow_factory)
        purge_ended_app_credentials(self.container.uow_factory)

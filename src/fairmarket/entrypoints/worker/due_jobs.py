"""Fire every due timer, each in its own unit of work, so one failure never blocks the rest;
then notify webhook endpoints of new events."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import asdict
from datetime import timedelta

from fairmarket.db.idempotency import purge_expired_keys
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales import timers
from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.domains.cancellations.schemas import JobRunResult
from fairmarket.domains.cancellations.service import decide_on_deadline, due_cancellation_ids
from fairmarket.domains.webhooks.jobs import WebhookSender, run_webhooks
from fairmarket.domains.webhooks.schemas import WebhookRunResult
from fairmarket.kernel.actors import system_actor

log = logging.getLogger(__name__)
DEADLINE_ACTOR = system_actor("system:response_window")
TIMER_ACTOR = system_actor("system:after_sale_timer")
HANDLING_ACTOR = system_actor("system:handling_deadline")


def run_due_jobs(uow_factory: UnitOfWorkFactory, *, batch_size: int = 200) -> JobRunResult:
    approved = rejected = processed = 0
    while True:
        with uow_factory(read_only=True) as uow:
            due = due_cancellation_ids(uow, uow_factory.clock.now(), batch_size)
        if not due:
            break
        for request_id in due:
            with uow_factory() as uow:
                outcome = decide_on_deadline(uow, DEADLINE_ACTOR, request_id)
            processed += 1
            approved += outcome == "auto_approved"
            rejected += outcome == "auto_rejected"
        if len(due) < batch_size:
            break
    return JobRunResult(processed=processed, auto_approved=approved, auto_rejected=rejected)


def run_after_sale_timers(
    uow_factory: UnitOfWorkFactory, *, batch_size: int = 200
) -> TimerRunResult:
    """Warnings first (so one goes out before its action even when a worker was down), then
    due journey timers, then unshipped orders past their handling deadline."""
    result = TimerRunResult()
    outcomes: Counter[str] = Counter()
    stages = (
        (timers.due_warning_ids, timers.send_warning, "warned"),
        (timers.due_request_ids, lambda uow, i: timers.fire_timer(uow, TIMER_ACTOR, i), "fired"),
        (
            timers.due_unshipped_order_ids,
            lambda uow, i: timers.auto_cancel_unshipped(uow, HANDLING_ACTOR, i),
            "orders_auto_cancelled",
        ),
    )
    for find_due, fire, counter in stages:
        while True:
            with uow_factory(read_only=True) as uow:
                due = find_due(uow, uow_factory.clock.now(), batch_size)
            for subject_id in due:
                with uow_factory() as uow:
                    outcome = fire(uow, subject_id)
                if outcome:
                    setattr(result, counter, getattr(result, counter) + 1)
                    if isinstance(outcome, str):
                        outcomes[outcome] += 1
                else:
                    result.skipped += 1
            if len(due) < batch_size:
                break
    result.outcomes = dict(outcomes)
    return result


def run_due_webhooks(
    uow_factory: UnitOfWorkFactory, sender: WebhookSender, *, batch_size: int = 200
) -> WebhookRunResult:
    """Turn new events into deliveries and send a bounded batch of those due."""
    return run_webhooks(uow_factory, sender, batch_size=batch_size)


class EmbeddedWorker:
    """A daemon thread in the server process that runs due jobs every few seconds."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        interval_seconds: float,
        batch_size: int,
        idempotency_ttl: timedelta,
        webhook_sender: WebhookSender,
    ) -> None:
        self._uow_factory = uow_factory
        self._webhook_sender = webhook_sender
        self._idempotency_ttl = idempotency_ttl
        self._interval = interval_seconds
        self._batch_size = batch_size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="fairmarket-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                result = run_due_jobs(self._uow_factory, batch_size=self._batch_size)
                if result.processed:
                    log.info("deadlines fired: %s", result.model_dump())
                fired = run_after_sale_timers(self._uow_factory, batch_size=self._batch_size)
                if fired.fired or fired.warned or fired.orders_auto_cancelled:
                    log.info("after-sale timers: %s", fired.model_dump())
                webhooks = run_due_webhooks(
                    self._uow_factory, self._webhook_sender, batch_size=self._batch_size
                )
                if webhooks.deliveries_created or webhooks.attempts:
                    log.info("webhooks: %s", asdict(webhooks))
                purge_expired_keys(self._uow_factory, self._idempotency_ttl)
            except Exception:  # keep the worker alive; the next tick retries
                log.exception("due-job run failed; retrying next tick")
            self._stop.wait(self._interval)

"""Fire every due timer, journey timers a chunk per unit of work and the rest one each, so one
failure never blocks the rest; then notify webhook endpoints of new events. This is the
embedded worker (a thread in the server process, SQLite, no services); `fairmarket worker`
runs the same stages on a queue."""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict
from datetime import timedelta

from fairmarket.db.idempotency import purge_expired_keys
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.domains.after_sales.timers import count_outcome
from fairmarket.domains.apps.jobs import purge_ended_app_credentials
from fairmarket.domains.rules.jobs import run_rules_on_new_events, run_shipment_exception_check
from fairmarket.domains.web_sessions.jobs import purge_ended_web_sessions
from fairmarket.domains.webhooks.jobs import WebhookSender, run_webhooks
from fairmarket.domains.webhooks.schemas import WebhookRunResult
from fairmarket.entrypoints.worker.firing import STAGES, fire_chunk, merge

log = logging.getLogger(__name__)
EMBEDDED_CHUNK = 50  # journey timers fired per transaction


def run_after_sale_timers(
    uow_factory: UnitOfWorkFactory, *, batch_size: int = 200
) -> TimerRunResult:
    """Warnings first (so one goes out before its action even when a worker was down), then
    due journey timers, then unshipped orders past their handling deadline."""
    result = TimerRunResult()
    for stage, spec in STAGES.items():
        while True:
            with uow_factory(read_only=True) as uow:
                due = spec.find_due(uow, uow_factory.clock.now(), batch_size)
            if spec.fire_many is not None:
                # A chunk per transaction, as a queue worker fires it (a failing chunk is fired
                # again one id per transaction, so one failure never blocks the rest).
                for start in range(0, len(due), EMBEDDED_CHUNK):
                    merge(
                        result, fire_chunk(uow_factory, stage, due[start : start + EMBEDDED_CHUNK])
                    )
            else:
                for subject_id in due:
                    with uow_factory() as uow:
                        outcome = spec.fire(uow, subject_id)
                    count_outcome(result, spec.counter, outcome)
            if len(due) < batch_size:
                break
    return result


def run_due_webhooks(
    uow_factory: UnitOfWorkFactory, sender: WebhookSender, *, batch_size: int = 200
) -> WebhookRunResult:
    """Turn new events into deliveries and send a bounded batch of those due."""
    return run_webhooks(uow_factory, sender, batch_size=batch_size)


def run_rules_round(uow_factory: UnitOfWorkFactory, *, batch_size: int, after_hours: float) -> None:
    """Notice stalled parcels, then let the rules decide on new trigger events. A failure is
    logged and never keeps the webhooks of the same round from going out."""
    try:
        exceptions = run_shipment_exception_check(uow_factory, after_hours=after_hours)
        evaluated = run_rules_on_new_events(uow_factory, limit=batch_size)
    except Exception:  # the next round retries
        log.exception("rules round failed; retrying next tick")
        return
    if exceptions or evaluated:
        log.info("rules: %s shipment exception(s), %s evaluation(s)", exceptions, evaluated)


def run_background_round(
    uow_factory: UnitOfWorkFactory,
    sender: WebhookSender,
    *,
    batch_size: int,
    idempotency_ttl: timedelta,
    shipment_exception_hours: float = 72.0,
) -> None:
    """One round of everything the embedded worker does, logged."""
    fired = run_after_sale_timers(uow_factory, batch_size=batch_size)
    if fired.fired or fired.warned or fired.orders_auto_cancelled:
        log.info("after-sale timers: %s", fired.model_dump())
    run_rules_round(uow_factory, batch_size=batch_size, after_hours=shipment_exception_hours)
    webhooks = run_due_webhooks(uow_factory, sender, batch_size=batch_size)
    if webhooks.deliveries_created or webhooks.attempts:
        log.info("webhooks: %s", asdict(webhooks))
    purge_expired_keys(uow_factory, idempotency_ttl)
    purge_ended_web_sessions(uow_factory)
    purge_ended_app_credentials(uow_factory)


class EmbeddedWorker:
    """A daemon thread in the server process that runs due jobs every few seconds, or at once
    when `wake` is set (a sandbox clock advance has made webhooks due)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        interval_seconds: float,
        batch_size: int,
        idempotency_ttl: timedelta,
        webhook_sender: WebhookSender,
        *,
        shipment_exception_hours: float = 72.0,
        wake: threading.Event | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._wake = wake or threading.Event()
        self._shipment_exception_hours = shipment_exception_hours
        self._webhook_sender = webhook_sender
        self._idempotency_ttl = idempotency_ttl
        self._interval = interval_seconds
        self._batch_size = batch_size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.run, name="fairmarket-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def run(self) -> None:
        """The loop itself: in the thread, or in the foreground for `fairmarket worker`."""
        while not self._stop.is_set():
            self._wake.clear()  # a wake during the round runs the next one at once
            try:
                run_background_round(
                    self._uow_factory,
                    self._webhook_sender,
                    batch_size=self._batch_size,
                    idempotency_ttl=self._idempotency_ttl,
                    shipment_exception_hours=self._shipment_exception_hours,
                )
            except Exception:  # keep the worker alive; the next tick retries
                log.exception("due-job run failed; retrying next tick")
            self._wake.wait(self._interval)

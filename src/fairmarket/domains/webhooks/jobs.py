"""The webhook job: fan new events out into deliveries, then send what is due.

Every step is its own short unit of work and no transaction is open during an HTTP call:
claim (lease) -> send -> record. Sends run on a bounded thread pool, one endpoint's deliveries
in order on one thread, so a slow or failing endpoint holds one thread and never the others.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.delivery import (
    CLAIM_LEASE,
    GONE,
    Outcome,
    claim_due,
    endpoint_ids_with_new_events,
    fan_out,
    record_attempts,
)
from fairmarket.domains.webhooks.schemas import OutgoingWebhook, SendOutcome, WebhookRunResult

# Deliveries leased per claim, and attempts recorded per transaction.
CLAIM_CHUNK = 100
RECORD_BATCH = 100
# Endpoints sent to at once (one thread each).
SEND_CONCURRENCY = 16
# Sent attempts wait at most this long to be recorded in a batch.
RECORD_DELAY_SECONDS = 0.2
# A thread stops sending a claimed group after this, well inside the claim lease, and hands the
# rest back unsent (due again at once), so a slow endpoint never outlives its lease.
SEND_WINDOW_SECONDS = CLAIM_LEASE.total_seconds() / 2


class WebhookSender(Protocol):
    """Signs and POSTs one notification; reports the answer, never raises for network errors.
    Called from several threads at once."""

    def send(self, webhook: OutgoingWebhook) -> SendOutcome: ...


def run_webhooks(
    uow_factory: UnitOfWorkFactory,
    sender: WebhookSender,
    *,
    batch_size: int,
    concurrency: int = SEND_CONCURRENCY,
) -> WebhookRunResult:
    """One bounded round: up to `batch_size` new events per endpoint, then up to `batch_size`
    claimed deliveries."""
    result = WebhookRunResult(deliveries_created=fan_out_new_events(uow_factory, batch_size))
    deliver_due(uow_factory, sender, batch_size, result, concurrency=concurrency)
    return result


def fan_out_new_events(uow_factory: UnitOfWorkFactory, limit: int) -> int:
    with uow_factory(read_only=True) as uow:
        endpoint_ids = endpoint_ids_with_new_events(uow)
    created = 0
    for endpoint_id in endpoint_ids:
        with uow_factory() as uow:
            created += fan_out(uow, endpoint_id, limit)
    return created


def deliver_due(
    uow_factory: UnitOfWorkFactory,
    sender: WebhookSender,
    limit: int,
    result: WebhookRunResult,
    *,
    concurrency: int = SEND_CONCURRENCY,
) -> None:
    """Claim, send and record up to `limit` due deliveries (first attempts before retries)."""
    with _thread_pool(concurrency) as pool:
        _Round(
            uow_factory=uow_factory,
            sender=sender,
            pool=pool,
            concurrency=concurrency,
            limit=limit,
            result=result,
        ).run()


@contextmanager
def _thread_pool(size: int) -> Iterator[ThreadPoolExecutor]:
    pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="webhook-send")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True)


@dataclass
class _Sent:
    """What one endpoint's thread did with its claimed group."""

    endpoint_id: int
    answers: list[tuple[int, SendOutcome]] = field(default_factory=list)
    unsent: list[int] = field(default_factory=list)
    gone: bool = False


def _send_group(sender: WebhookSender, group: list[OutgoingWebhook]) -> _Sent:
    """Send one endpoint's deliveries in order; stop at a 410 (the endpoint is being disabled)
    or when the send window closes, and hand back what was not sent."""
    done = _Sent(endpoint_id=group[0].endpoint_id)
    started = time.monotonic()
    for index, webhook in enumerate(group):
        if done.gone or (index and time.monotonic() - started > SEND_WINDOW_SECONDS):
            done.unsent = [w.delivery_id for w in group[index:]]
            break
        answer = sender.send(webhook)
        done.answers.append((webhook.delivery_id, answer))
        done.gone = answer.status_code == GONE
    return done


class _Round:
    """Keeps the pool fed with claimed groups and records answers in batches."""

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        sender: WebhookSender,
        pool: ThreadPoolExecutor,
        concurrency: int,
        limit: int,
        result: WebhookRunResult,
    ) -> None:
        self.uow_factory, self.sender, self.pool = uow_factory, sender, pool
        self.concurrency, self.limit, self.result = concurrency, limit, result
        self.in_flight: dict[Future[_Sent], int] = {}  # -> how many deliveries it carries
        self.busy: set[int] = set()  # endpoints being sent to: claims leave them alone
        self.gone: set[int] = set()  # endpoints that answered 410 in this round
        self.answers: list[tuple[int, SendOutcome]] = []
        self.unsent: list[int] = []
        self.oldest_answer_at = 0.0
        self.claimed = 0
        self.drained = False  # the last claim found fewer than it asked for
        self.skipped_busy = False  # ... while it left endpoints being sent to alone

    def run(self) -> None:
        while self._claim_if_low():
            done, _ = wait(
                self.in_flight, timeout=RECORD_DELAY_SECONDS, return_when=FIRST_COMPLETED
            )
            for future in done:
                self._collect(future)
            if self._should_record():
                self._record()
        self._record()

    def _claim_if_low(self) -> bool:
        """Claim more when fewer than a chunk is queued; False once the round is over. After a
        claim came back short, claim again only when nothing is in flight and it had left busy
        endpoints alone (they may have more due)."""
        low = self.claimed < self.limit and sum(self.in_flight.values()) < CLAIM_CHUNK
        if low and (not self.drained or (not self.in_flight and self.skipped_busy)):
            self._claim()
        return bool(self.in_flight)

    def _claim(self) -> None:
        wanted = min(CLAIM_CHUNK, self.limit - self.claimed)
        self.skipped_busy = bool(self.busy)
        with self.uow_factory() as uow:
            claimed = claim_due(uow, wanted, skip_endpoint_ids=self.busy | self.gone)
        self.claimed += len(claimed)
        self.drained = len(claimed) < wanted
        groups: dict[int, list[OutgoingWebhook]] = {}
        for webhook in claimed:
            groups.setdefault(webhook.endpoint_id, []).append(webhook)
        for endpoint_id, group in groups.items():
            self.busy.add(endpoint_id)
            self.in_flight[self.pool.submit(_send_group, self.sender, group)] = len(group)

    def _collect(self, future: Future[_Sent]) -> None:
        del self.in_flight[future]
        sent = future.result()
        self.busy.discard(sent.endpoint_id)
        if sent.gone:
            self.gone.add(sent.endpoint_id)
        if not self.answers:
            self.oldest_answer_at = time.monotonic()
        self.answers.extend(sent.answers)
        self.unsent.extend(sent.unsent)

    def _should_record(self) -> bool:
        return (
            len(self.answers) >= RECORD_BATCH
            or not self.in_flight
            or (
                bool(self.answers)
                and time.monotonic() - self.oldest_answer_at > RECORD_DELAY_SECONDS
            )
        )

    def _record(self) -> None:
        if not self.answers and not self.unsent:
            return
        with self.uow_factory() as uow:
            outcomes = record_attempts(uow, self.answers, unsent=self.unsent)
        self.answers, self.unsent = [], []
        result = self.result
        for outcome in outcomes:
            result.attempts += 1
            result.succeeded += outcome is Outcome.SUCCEEDED
            result.retries_scheduled += outcome is Outcome.RETRY_SCHEDULED
            result.given_up += outcome is Outcome.GIVEN_UP
            result.endpoints_disabled += outcome is Outcome.ENDPOINT_DISABLED

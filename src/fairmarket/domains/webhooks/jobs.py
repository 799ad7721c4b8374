"""The webhook job: fan new events out into deliveries, then send what is due.

Every step is its own short unit of work and no transaction is open during an HTTP call:
claim (lease) -> send -> record.
"""

from __future__ import annotations

from typing import Protocol

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.delivery import (
    Outcome,
    active_endpoint_ids,
    claim_due,
    fan_out,
    record_attempt,
)
from fairmarket.domains.webhooks.schemas import OutgoingWebhook, SendOutcome, WebhookRunResult

# Claimed together; with a 5 s send timeout a chunk is sent well within the 60 s claim lease.
CLAIM_CHUNK = 10


class WebhookSender(Protocol):
    """Signs and POSTs one notification; reports the answer, never raises for network errors."""

    def send(self, webhook: OutgoingWebhook) -> SendOutcome: ...


def run_webhooks(
    uow_factory: UnitOfWorkFactory, sender: WebhookSender, *, batch_size: int
) -> WebhookRunResult:
    """One bounded round: up to `batch_size` new events per endpoint, then up to `batch_size`
    attempts."""
    result = WebhookRunResult(deliveries_created=fan_out_new_events(uow_factory, batch_size))
    deliver_due(uow_factory, sender, batch_size, result)
    return result


def fan_out_new_events(uow_factory: UnitOfWorkFactory, limit: int) -> int:
    with uow_factory(read_only=True) as uow:
        endpoint_ids = active_endpoint_ids(uow)
    created = 0
    for endpoint_id in endpoint_ids:
        with uow_factory() as uow:
            created += fan_out(uow, endpoint_id, limit)
    return created


def deliver_due(
    uow_factory: UnitOfWorkFactory, sender: WebhookSender, limit: int, result: WebhookRunResult
) -> None:
    gone: set[int] = set()  # endpoints that answered 410 in this round: send them nothing more
    while result.attempts < limit:
        with uow_factory() as uow:
            claimed = claim_due(uow, min(CLAIM_CHUNK, limit - result.attempts))
        if not claimed:
            return
        for webhook in claimed:
            if webhook.endpoint_id in gone:
                continue  # its delivery was given up when the endpoint was disabled
            sent = sender.send(webhook)
            with uow_factory() as uow:
                outcome = record_attempt(uow, webhook.delivery_id, sent)
            result.attempts += 1
            result.succeeded += outcome is Outcome.SUCCEEDED
            result.retries_scheduled += outcome is Outcome.RETRY_SCHEDULED
            result.given_up += outcome is Outcome.GIVEN_UP
            if outcome is Outcome.ENDPOINT_DISABLED:
                result.endpoints_disabled += 1
                gone.add(webhook.endpoint_id)

"""The delivery job's transactional steps, each a short unit of work of its own:

fan out new events into deliveries; claim due deliveries under a lease; record an attempt's
outcome. The HTTP call happens between a claim and its record, outside any transaction.
"""

from __future__ import annotations

import json
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.service import event_cursor, settled_events
from fairmarket.domains.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from fairmarket.domains.webhooks.schemas import (
    DeliveryStatus,
    EndpointStatus,
    OutgoingWebhook,
    SendOutcome,
)
from fairmarket.domains.webhooks.service import disable_endpoint, webhook_id_of

# After the n-th failed attempt, the next one waits RETRY_DELAYS[n-1]; after the last, give up.
# 12 attempts over about 40 hours: a receiver down for a day still gets every notification.
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
    timedelta(hours=8),
    timedelta(hours=12),
    timedelta(hours=12),
)
# A claimed delivery is not due again before this, so another worker leaves it alone while it
# is being sent; it must exceed a claim chunk's worst-case sending time.
CLAIM_LEASE = timedelta(seconds=60)
GONE = 410


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    RETRY_SCHEDULED = "retry_scheduled"
    GIVEN_UP = "given_up"
    ENDPOINT_DISABLED = "endpoint_disabled"
    STALE = "stale"  # disabled or redelivered while it was being sent: the attempt is only logged


def active_endpoint_ids(uow: UnitOfWork) -> list[int]:
    return list(
        uow.session.scalars(
            select(WebhookEndpoint.id)
            .where(WebhookEndpoint.status == EndpointStatus.ACTIVE.value)
            .order_by(WebhookEndpoint.id)
        )
    )


def fan_out(uow: UnitOfWork, endpoint_id: int, limit: int) -> int:
    """Turn up to `limit` new events of the endpoint's seller into deliveries; returns how many
    matched its filter. The endpoint row is locked (skipped if another worker holds it), and
    events are read like `GET /v1/events` reads them, so none is passed over before it commits."""
    endpoint = uow.session.scalar(
        select(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.status == EndpointStatus.ACTIVE.value,
        )
        .with_for_update(skip_locked=True)
    )
    if endpoint is None:
        return 0
    events = list(
        uow.session.scalars(
            settled_events(
                uow, seller_id=endpoint.seller_id, after_id=endpoint.last_event_id
            ).limit(limit)
        )
    )
    now = uow.clock.now()
    matching = [e for e in events if not endpoint.event_types or e.type in endpoint.event_types]
    uow.session.add_all(
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id=event.id,
            status=DeliveryStatus.PENDING.value,
            attempts=0,
            next_attempt_at=now,
            last_status_code=None,
            last_error=None,
            created_at=now,
            delivered_at=None,
        )
        for event in matching
    )
    if events:
        endpoint.last_event_id = events[-1].id
    return len(matching)


def claim_due(uow: UnitOfWork, limit: int) -> list[OutgoingWebhook]:
    """Lease up to `limit` due deliveries, first attempts before retries. Rows another worker
    is claiming are skipped (PostgreSQL); SQLite serialises writers anyway."""
    now = uow.clock.now()
    rows = uow.session.execute(
        select(WebhookDelivery, WebhookEndpoint, Event)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING.value,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.status == EndpointStatus.ACTIVE.value,
        )
        .order_by(WebhookDelivery.attempts, WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(of=WebhookDelivery, skip_locked=True)
    ).all()
    claimed = []
    for delivery, endpoint, event in rows:
        delivery.next_attempt_at = now + CLAIM_LEASE
        claimed.append(
            OutgoingWebhook(
                delivery_id=delivery.id,
                endpoint_id=endpoint.id,
                url=endpoint.url,
                secret=endpoint.secret,
                message_id=webhook_id_of(event.id),
                body=payload_of(event),
            )
        )
    return claimed


def payload_of(event: Event) -> str:
    """The Standard Webhooks body: type, timestamp, and the event's data with its log position."""
    return json.dumps(
        {
            "type": event.type,
            "timestamp": event.occurred_at.isoformat(),
            "data": {
                **event.data,
                "event_cursor": event_cursor(event.id),
                "resource_type": event.resource_type,
                "resource_id": event.resource_id,
                "sequence": event.sequence,
            },
        },
        separators=(",", ":"),
    )


def record_attempt(uow: UnitOfWork, delivery_id: int, sent: SendOutcome) -> Outcome:
    """Log the attempt and decide: delivered, retry later, give up, or disable on 410."""
    endpoint_id = uow.session.scalar(
        select(WebhookDelivery.endpoint_id).where(WebhookDelivery.id == delivery_id)
    )
    if endpoint_id is None:
        return Outcome.STALE
    endpoint = None
    if sent.status_code == GONE:  # lock the endpoint before the delivery, as disabling does
        endpoint = uow.session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    delivery = uow.session.get(WebhookDelivery, delivery_id, with_for_update=True)
    assert delivery is not None  # deliveries are never deleted
    now = uow.clock.now()
    uow.session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            at=now,
            status_code=sent.status_code,
            error=sent.error,
            duration_ms=sent.duration_ms,
        )
    )
    if delivery.status != DeliveryStatus.PENDING.value:
        return Outcome.STALE
    delivery.attempts += 1
    delivery.last_status_code = sent.status_code
    delivery.last_error = sent.error
    if sent.status_code is not None and 200 <= sent.status_code < 300:
        delivery.status = DeliveryStatus.SUCCEEDED.value
        delivery.delivered_at = now
        return Outcome.SUCCEEDED
    if endpoint is not None:
        disable_endpoint(
            uow, endpoint, f"the receiver answered 410 Gone on {now.isoformat()}"
        )  # gives up this delivery too
        return Outcome.ENDPOINT_DISABLED
    if delivery.attempts <= len(RETRY_DELAYS):
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        return Outcome.RETRY_SCHEDULED
    delivery.status = DeliveryStatus.FAILED.value
    return Outcome.GIVEN_UP

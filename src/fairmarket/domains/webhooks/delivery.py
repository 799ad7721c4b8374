"""The delivery job's transactional steps, each a short unit of work of its own:

fan out new events into deliveries; claim due deliveries under a lease; record an attempt's
outcome. The HTTP call happens between a claim and its record, outside any transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, insert, select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.service import event_cursor, settled_events
from fairmarket.domains.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from fairmarket.domains.webhooks.schemas import (
    DeliveryFailure,
    DeliveryStatus,
    EndpointStatus,
    OutgoingWebhook,
    SendOutcome,
)
from fairmarket.domains.webhooks.service import (
    DISABLED_ERROR,
    disable_endpoint,
    webhook_id_of,
)
from fairmarket.domains.webhooks.signing_secrets import opened_secret

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


# What each failure says to the seller: what happened and what to check, without an address.
FAILURE_MESSAGES: dict[DeliveryFailure, str] = {
    DeliveryFailure.DNS_FAILURE: "The host name did not resolve; check its DNS records.",
    DeliveryFailure.ADDRESS_NOT_ALLOWED: "The host name resolves to an address that is not "
    "public (loopback, private, link-local or reserved); webhooks are only sent to public "
    "addresses.",
    DeliveryFailure.CONNECTION_FAILED: "Could not connect to the receiver (refused, reset or "
    "unreachable); check that it is up and reachable from the internet.",
    DeliveryFailure.TIMEOUT: "The receiver did not accept the connection or answer in time; "
    "answer with a 2xx at once and do slow work afterwards.",
    DeliveryFailure.TLS_ERROR: "The TLS handshake failed; serve a valid certificate for the "
    "host name from a public certificate authority.",
    DeliveryFailure.PROTOCOL_ERROR: "The receiver's answer was not valid HTTP.",
    DeliveryFailure.ENDPOINT_DISABLED: DISABLED_ERROR,
}


def failure_of(sent: SendOutcome) -> tuple[DeliveryFailure | None, str | None]:
    """An attempt's failure category and its message; (None, None) for a 2xx."""
    if sent.status_code is not None:
        if 200 <= sent.status_code < 300:
            return None, None
        return (
            DeliveryFailure.HTTP_STATUS,
            f"The receiver answered HTTP {sent.status_code}; only a 2xx counts as delivered.",
        )
    failure = sent.failure or DeliveryFailure.CONNECTION_FAILED
    return failure, FAILURE_MESSAGES[failure]


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    RETRY_SCHEDULED = "retry_scheduled"
    GIVEN_UP = "given_up"
    ENDPOINT_DISABLED = "endpoint_disabled"
    STALE = "stale"  # disabled or redelivered while it was being sent: the attempt is only logged


def endpoint_ids_with_new_events(uow: UnitOfWork) -> list[int]:
    """Active endpoints whose seller logged events past their fan-out cursor (some may not be
    settled yet): the only ones worth a fan-out transaction."""
    newer = select(Event.id).where(
        Event.seller_id == WebhookEndpoint.seller_id, Event.id > WebhookEndpoint.last_event_id
    )
    return list(
        uow.session.scalars(
            select(WebhookEndpoint.id)
            .where(WebhookEndpoint.status == EndpointStatus.ACTIVE, newer.exists())
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
            WebhookEndpoint.status == EndpointStatus.ACTIVE,
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
    if matching:
        uow.session.execute(
            insert(WebhookDelivery),
            [
                {
                    "endpoint_id": endpoint.id,
                    "event_id": event.id,
                    "status": DeliveryStatus.PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for event in matching
            ],
        )
    if events:
        endpoint.last_event_id = events[-1].id
    return len(matching)


def claim_due(
    uow: UnitOfWork, limit: int, *, skip_endpoint_ids: Collection[int] = ()
) -> list[OutgoingWebhook]:
    """Lease up to `limit` due deliveries: every due first attempt (in due order) before any
    retry, so a failing endpoint's retries never hold back another endpoint's new notifications;
    retries fill what is left. While first attempts keep filling every claim, retries wait (they
    are late already, never lost). Endpoints in `skip_endpoint_ids` (being sent to) are left
    alone. Rows another worker is claiming are skipped (PostgreSQL); SQLite serialises writers."""
    now = uow.clock.now()
    rows = _due(uow, now, limit, first_attempts=True, skip_endpoint_ids=skip_endpoint_ids)
    if len(rows) < limit:
        rows += _due(
            uow, now, limit - len(rows), first_attempts=False, skip_endpoint_ids=skip_endpoint_ids
        )
    if not rows:
        return []
    uow.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_([row.id for row in rows]))
        .values(next_attempt_at=now + CLAIM_LEASE)
    )
    return [
        OutgoingWebhook(
            delivery_id=row.id,
            endpoint_id=row.endpoint_id,
            url=row.url,
            secret=opened_secret(uow.policies, row.secret),
            previous_secret=opened_secret(uow.policies, row.previous_secret)
            if row.previous_secret is not None
            and row.previous_secret_expires_at is not None
            and row.previous_secret_expires_at > now
            else None,
            message_id=webhook_id_of(row.event_id),
            body=_payload(row),
        )
        for row in rows
    ]


def _due(
    uow: UnitOfWork,
    now: datetime,
    limit: int,
    *,
    first_attempts: bool,
    skip_endpoint_ids: Collection[int],
) -> list[Row[Any]]:
    statement = (
        select(
            WebhookDelivery.id,
            WebhookDelivery.endpoint_id,
            WebhookEndpoint.url,
            WebhookEndpoint.secret,
            WebhookEndpoint.previous_secret,
            WebhookEndpoint.previous_secret_expires_at,
            Event.id.label("event_id"),
            Event.type,
            Event.occurred_at,
            Event.data,
            Event.resource_type,
            Event.resource_id,
            Event.sequence,
        )
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.attempts == 0 if first_attempts else WebhookDelivery.attempts > 0,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.status == EndpointStatus.ACTIVE,
        )
    )
    if skip_endpoint_ids:
        statement = statement.where(WebhookDelivery.endpoint_id.not_in(list(skip_endpoint_ids)))
    return list(
        uow.session.execute(
            statement.order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
            .with_for_update(of=WebhookDelivery.__table__, skip_locked=True)
        ).all()
    )


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


def _payload(row: Row[Any]) -> str:
    """`payload_of` from the columns a claim selects."""
    return json.dumps(
        {
            "type": row.type,
            "timestamp": row.occurred_at.isoformat(),
            "data": {
                **row.data,
                "event_cursor": event_cursor(row.event_id),
                "resource_type": row.resource_type,
                "resource_id": row.resource_id,
                "sequence": row.sequence,
            },
        },
        separators=(",", ":"),
    )


def record_attempt(uow: UnitOfWork, delivery_id: int, sent: SendOutcome) -> Outcome:
    """Log one attempt and decide: delivered, retry later, give up, or disable on 410."""
    [outcome] = record_attempts(uow, [(delivery_id, sent)])
    return outcome


def record_attempts(
    uow: UnitOfWork,
    sent: Sequence[tuple[int, SendOutcome]],
    *,
    unsent: Collection[int] = (),
) -> list[Outcome]:
    """Log a batch of attempts, in one transaction, and decide each as `record_attempt` does;
    deliveries in `unsent` were claimed but not sent, and are due again at once."""
    now = uow.clock.now()
    gone = _lock_endpoints_answering_gone(uow, sent)  # before the deliveries, as disabling does
    states = {
        row.id: _State(row.endpoint_id, row.status, row.attempts, row.next_attempt_at)
        for row in uow.session.execute(
            select(
                WebhookDelivery.id,
                WebhookDelivery.endpoint_id,
                WebhookDelivery.status,
                WebhookDelivery.attempts,
                WebhookDelivery.next_attempt_at,
            )
            .where(WebhookDelivery.id.in_({delivery_id for delivery_id, _ in sent}))
            .order_by(WebhookDelivery.id)
            .with_for_update()
        )
    }
    disabled: list[WebhookEndpoint] = []
    outcomes = [_decide(states.get(d), answer, now, gone, disabled) for d, answer in sent]
    attempts = [
        _attempt_row(delivery_id, answer, now)
        for delivery_id, answer in sent
        if delivery_id in states
    ]
    if attempts:
        uow.session.execute(insert(WebhookAttempt), attempts)
    changed = [
        state.values(delivery_id) | {"updated_at": now}
        for delivery_id, state in states.items()
        if state.changed
    ]
    if changed:
        uow.session.execute(update(WebhookDelivery), changed)
    if unsent:
        uow.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id.in_(list(unsent)),
                WebhookDelivery.status == DeliveryStatus.PENDING,
            )
            .values(next_attempt_at=now)
        )
    for endpoint in disabled:  # gives up its other pending deliveries too
        disable_endpoint(uow, endpoint, f"the receiver answered 410 Gone on {now.isoformat()}")
    return outcomes


def _attempt_row(delivery_id: int, sent: SendOutcome, now: datetime) -> dict[str, object]:
    failure, message = failure_of(sent)
    return {
        "delivery_id": delivery_id,
        "at": now,
        "status_code": sent.status_code,
        "failure": failure,
        "error": message,
        "duration_ms": sent.duration_ms,
    }


@dataclass
class _State:
    """A delivery's row while a batch of attempts is decided."""

    endpoint_id: int
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None = None
    last_failure: DeliveryFailure | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None
    changed: bool = False

    def values(self, delivery_id: int) -> dict[str, object]:
        return {
            "id": delivery_id,
            "status": self.status,
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at,
            "last_status_code": self.last_status_code,
            "last_failure": self.last_failure,
            "last_error": self.last_error,
            "delivered_at": self.delivered_at,
        }

    def given_up_by_disabling(self) -> None:
        self.status = DeliveryStatus.FAILED
        self.last_failure, self.last_error = DeliveryFailure.ENDPOINT_DISABLED, DISABLED_ERROR


def _lock_endpoints_answering_gone(
    uow: UnitOfWork, sent: Sequence[tuple[int, SendOutcome]]
) -> dict[int, WebhookEndpoint]:
    gone_ids = [delivery_id for delivery_id, answer in sent if answer.status_code == GONE]
    if not gone_ids:
        return {}
    endpoint_ids = select(WebhookDelivery.endpoint_id).where(WebhookDelivery.id.in_(gone_ids))
    return {
        endpoint.id: endpoint
        for endpoint in uow.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.id.in_(endpoint_ids))
            .order_by(WebhookEndpoint.id)
            .with_for_update()
        )
    }


def _decide(
    state: _State | None,
    sent: SendOutcome,
    now: datetime,
    gone: dict[int, WebhookEndpoint],
    disabled: list[WebhookEndpoint],
) -> Outcome:
    if state is None or state.status != DeliveryStatus.PENDING:
        return Outcome.STALE  # the attempt is only logged
    state.changed = True
    if any(endpoint.id == state.endpoint_id for endpoint in disabled):
        state.given_up_by_disabling()
        return Outcome.STALE  # sent in the same batch as the 410 that disabled its endpoint
    state.attempts += 1
    state.last_status_code = sent.status_code
    state.last_failure, state.last_error = failure_of(sent)
    if state.last_failure is None:
        state.status = DeliveryStatus.SUCCEEDED
        state.delivered_at = now
        return Outcome.SUCCEEDED
    endpoint = gone.get(state.endpoint_id)
    if endpoint is not None and endpoint.status == EndpointStatus.ACTIVE:
        disabled.append(endpoint)
        state.given_up_by_disabling()
        return Outcome.ENDPOINT_DISABLED
    if state.attempts <= len(RETRY_DELAYS):
        state.next_attempt_at = now + RETRY_DELAYS[state.attempts - 1]
        return Outcome.RETRY_SCHEDULED
    state.status = DeliveryStatus.FAILED
    return Outcome.GIVEN_UP

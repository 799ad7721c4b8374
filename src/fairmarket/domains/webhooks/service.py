"""The webhooks API: register, list, disable and enable endpoints, rotate their secrets;
inspect and redeliver deliveries.

Every read starts from the actor's seller: another seller's endpoint or delivery is not found.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import func, select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.types import EVENT_TYPES, current_event_type_name
from fairmarket.domains.webhooks import errors
from fairmarket.domains.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from fairmarket.domains.webhooks.schemas import (
    DeliveryFailure,
    DeliveryStatus,
    EndpointStatus,
    WebhookAttemptRead,
    WebhookCreate,
    WebhookDeliveryPage,
    WebhookDeliveryQuery,
    WebhookDeliveryRead,
    WebhookDeliveryRef,
    WebhookEndpointCreated,
    WebhookEndpointList,
    WebhookEndpointRead,
    WebhookEndpointRef,
    WebhookListQuery,
    WebhookSecretRotated,
)
from fairmarket.domains.webhooks.signing_secrets import new_secret, sealed_secret
from fairmarket.domains.webhooks.targets import TargetRules, check_webhook_url
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.pagination import decode_id_cursor, encode_cursor
from fairmarket.kernel.time_windows import created_within, updated_since

# How long a replaced secret keeps signing next to the new one after a rotation.
SECRET_ROTATION_OVERLAP = timedelta(hours=24)
DISABLED_ERROR = "endpoint disabled"  # the last_error of deliveries given up by disabling


def create_webhook(uow: UnitOfWork, actor: Actor, cmd: WebhookCreate) -> WebhookEndpointCreated:
    """Register an endpoint at a public address (see targets.py). It is sent the events
    published from now on, never older ones."""
    seller_id = _seller_of(actor, "webhooks:write")
    url = check_webhook_url(cmd.url, target_rules(uow), uow.resolver)
    event_types = _valid_event_types(cmd.event_types)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        seller_id=seller_id,
        url=url,
        secret=sealed_secret(uow.policies, secret),
        previous_secret=None,
        previous_secret_expires_at=None,
        event_types=event_types,
        status=EndpointStatus.ACTIVE,
        disabled_reason=None,
        created_at=uow.clock.now(),
        updated_at=uow.clock.now(),
        last_event_id=_last_event_id(uow),
    )
    uow.session.add(endpoint)
    uow.session.flush()
    _audit(uow, actor, "webhook.created", endpoint, {"url": url, "event_types": event_types})
    return WebhookEndpointCreated(**_read(endpoint).model_dump(), secret=secret)


def list_webhooks(uow: UnitOfWork, actor: Actor, query: WebhookListQuery) -> WebhookEndpointList:
    """The seller's endpoints, oldest first, a page at a time."""
    seller_id = _seller_of(actor, "webhooks:read")
    statement = select(WebhookEndpoint).where(
        WebhookEndpoint.seller_id == seller_id,
        *created_within(query, WebhookEndpoint.created_at),
        *updated_since(query, WebhookEndpoint.updated_at),
    )
    after = _id_from(query.cursor)
    if after is not None:
        statement = statement.where(WebhookEndpoint.id > after)
    endpoints = list(
        uow.session.scalars(statement.order_by(WebhookEndpoint.id).limit(query.limit + 1))
    )
    page, more = endpoints[: query.limit], len(endpoints) > query.limit
    return WebhookEndpointList(
        items=[_read(endpoint) for endpoint in page],
        next_cursor=encode_cursor([page[-1].id]) if more else None,
    )


def disable_webhook(uow: UnitOfWork, actor: Actor, ref: WebhookEndpointRef) -> WebhookEndpointRead:
    """Stop sending to an endpoint; its pending deliveries are given up. Disabling twice is a
    no-op, so a retried request gets the same answer."""
    endpoint = _locked_endpoint(uow, actor, ref)
    if endpoint.status == EndpointStatus.ACTIVE:
        disable_endpoint(uow, endpoint, f"disabled by {actor.label or actor.kind.value}")
        _audit(uow, actor, "webhook.disabled", endpoint, {"status": endpoint.status})
    return _read(endpoint)


def enable_webhook(uow: UnitOfWork, actor: Actor, ref: WebhookEndpointRef) -> WebhookEndpointRead:
    """Send to a disabled endpoint again, from the events published from now on. Deliveries
    given up while it was disabled stay given up (redeliver them one by one), and events of the
    disabled period are not sent (read them with GET /v1/events). Enabling twice is a no-op."""
    endpoint = _locked_endpoint(uow, actor, ref)
    if endpoint.status == EndpointStatus.DISABLED:
        # Registered before targets were checked, or its name now resolves elsewhere.
        check_webhook_url(endpoint.url, target_rules(uow), uow.resolver)
        before: dict[str, object] = {
            "status": endpoint.status,
            "disabled_reason": endpoint.disabled_reason,
        }
        endpoint.status = EndpointStatus.ACTIVE
        endpoint.disabled_reason = None
        endpoint.updated_at = uow.clock.now()
        endpoint.last_event_id = _last_event_id(uow)
        _audit(uow, actor, "webhook.enabled", endpoint, {"status": endpoint.status}, before=before)
    return _read(endpoint)


def rotate_webhook_secret(
    uow: UnitOfWork, actor: Actor, ref: WebhookEndpointRef
) -> WebhookSecretRotated:
    """Issue a new secret, shown once. For SECRET_ROTATION_OVERLAP every notification carries a
    signature with the new and one with the replaced secret, so the receiver can switch at its
    own pace; rotating again within that window retires the oldest secret at once."""
    endpoint = _locked_endpoint(uow, actor, ref)
    secret = new_secret()
    endpoint.previous_secret = endpoint.secret  # stored as it was (sealed)
    endpoint.previous_secret_expires_at = uow.clock.now() + SECRET_ROTATION_OVERLAP
    endpoint.secret = sealed_secret(uow.policies, secret)
    endpoint.updated_at = uow.clock.now()
    _audit(
        uow,
        actor,
        "webhook.secret_rotated",
        endpoint,
        {"previous_secret_expires_at": endpoint.previous_secret_expires_at.isoformat()},
    )
    return WebhookSecretRotated(**_read(endpoint).model_dump(), secret=secret)


def disable_endpoint(uow: UnitOfWork, endpoint: WebhookEndpoint, reason: str) -> None:
    """Disable a locked endpoint and give up its pending deliveries."""
    endpoint.status = EndpointStatus.DISABLED
    endpoint.disabled_reason = reason[:300]
    endpoint.updated_at = uow.clock.now()
    uow.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
        )
        .values(
            status=DeliveryStatus.FAILED,
            last_failure=DeliveryFailure.ENDPOINT_DISABLED,
            last_error=DISABLED_ERROR,
            updated_at=endpoint.updated_at,
        )
    )


def list_deliveries(
    uow: UnitOfWork, actor: Actor, query: WebhookDeliveryQuery
) -> WebhookDeliveryPage:
    """An endpoint's deliveries, newest first, each with its attempts."""
    seller_id = _seller_of(actor, "webhooks:read")
    if _endpoint_of(uow, seller_id, query.endpoint_id) is None:
        raise errors.endpoint_not_found(query.endpoint_id)
    statement = (
        select(WebhookDelivery, Event.type)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(
            WebhookDelivery.endpoint_id == query.endpoint_id,
            *created_within(query, WebhookDelivery.created_at),
            *updated_since(query, WebhookDelivery.updated_at),
        )
    )
    if query.status is not None:
        statement = statement.where(WebhookDelivery.status == query.status.value)
    before = _id_from(query.cursor)
    if before is not None:
        statement = statement.where(WebhookDelivery.id < before)
    rows = list(
        uow.session.execute(statement.order_by(WebhookDelivery.id.desc()).limit(query.limit + 1))
    )
    page, more = rows[: query.limit], len(rows) > query.limit
    attempts = _attempts_of(uow, [delivery.id for delivery, _ in page])
    return WebhookDeliveryPage(
        items=[delivery_read(d, event_type, attempts[d.id]) for d, event_type in page],
        next_cursor=encode_cursor([page[-1][0].id]) if more else None,
    )


def redeliver(uow: UnitOfWork, actor: Actor, ref: WebhookDeliveryRef) -> WebhookDeliveryRead:
    """Queue a delivery again, whatever its status, to be sent now with a fresh retry schedule
    (`attempts` restarts from 0; the attempt log keeps every earlier attempt)."""
    seller_id = _seller_of(actor, "webhooks:write")
    row = uow.session.execute(
        select(WebhookDelivery, WebhookEndpoint, Event.type)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id == ref.delivery_id, WebhookEndpoint.seller_id == seller_id)
        .with_for_update(of=WebhookDelivery)
    ).one_or_none()
    if row is None:
        raise errors.delivery_not_found(ref.delivery_id)
    delivery, endpoint, event_type = row
    if endpoint.status != EndpointStatus.ACTIVE:
        raise errors.endpoint_disabled(endpoint.id, endpoint.disabled_reason)
    before = {"status": delivery.status, "attempts": delivery.attempts}
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = uow.clock.now()
    delivery.updated_at = delivery.next_attempt_at
    delivery.delivered_at = None
    record_change(
        uow,
        actor,
        action="webhook.redelivered",
        subject_type="webhook_delivery",
        subject_id=delivery.id,
        seller_id=seller_id,
        order_id=None,
        before=before,
        after={"status": delivery.status, "attempts": 0},
    )
    return delivery_read(delivery, event_type, _attempts_of(uow, [delivery.id])[delivery.id])


def target_rules(uow: UnitOfWork) -> TargetRules:
    """Where this deployment lets endpoints point."""
    return TargetRules(
        http_allowed=uow.policies.webhook_http_allowed,
        private_allowed=uow.policies.webhook_private_targets_allowed,
    )


def webhook_id_of(event_id: int) -> str:
    """The `webhook-id` of an event's notification: the same on every attempt, so receivers
    can drop repeats."""
    return f"evt_{event_id}"


def delivery_read(
    delivery: WebhookDelivery, event_type: str, attempts: list[WebhookAttemptRead]
) -> WebhookDeliveryRead:
    pending = delivery.status == DeliveryStatus.PENDING
    return WebhookDeliveryRead(
        id=delivery.id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        webhook_id=webhook_id_of(delivery.event_id),
        event_type=event_type,
        status=DeliveryStatus(delivery.status),
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at if pending else None,
        last_status_code=delivery.last_status_code,
        last_failure=_failure(delivery.last_failure),
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        updated_at=delivery.updated_at,
        delivered_at=delivery.delivered_at,
        attempt_log=attempts,
    )


def _seller_of(actor: Actor, scope: str) -> int:
    require_scope(actor, scope)
    if actor.seller_id is None:
        raise errors.seller_key_required()
    return actor.seller_id


def _locked_endpoint(uow: UnitOfWork, actor: Actor, ref: WebhookEndpointRef) -> WebhookEndpoint:
    seller_id = _seller_of(actor, "webhooks:write")
    endpoint = uow.session.scalar(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.id == ref.endpoint_id, WebhookEndpoint.seller_id == seller_id)
        .with_for_update()
    )
    if endpoint is None:
        raise errors.endpoint_not_found(ref.endpoint_id)
    return endpoint


def _last_event_id(uow: UnitOfWork) -> int:
    """Where a new or re-enabled endpoint's fan-out starts: after every event logged so far."""
    return uow.session.scalar(select(func.max(Event.id))) or 0


def _endpoint_of(uow: UnitOfWork, seller_id: int, endpoint_id: int) -> WebhookEndpoint | None:
    return uow.session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id, WebhookEndpoint.seller_id == seller_id
        )
    )


def _valid_event_types(event_types: list[str]) -> list[str]:
    """The filter as stored: names before the 2026-12-05 renaming become the current ones."""
    current = [current_event_type_name(name) for name in event_types]
    unknown = [name for name in current if name not in EVENT_TYPES]
    if unknown:
        raise errors.unknown_event_types(unknown)
    return list(dict.fromkeys(current))


def _id_from(cursor: str | None) -> int | None:
    return decode_id_cursor(cursor, hint="pass `next_cursor` unchanged")


def _attempts_of(uow: UnitOfWork, delivery_ids: list[int]) -> dict[int, list[WebhookAttemptRead]]:
    grouped: dict[int, list[WebhookAttemptRead]] = defaultdict(list)
    if not delivery_ids:
        return grouped
    for attempt in uow.session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttempt.id)
    ):
        grouped[attempt.delivery_id].append(
            WebhookAttemptRead(
                at=attempt.at,
                status_code=attempt.status_code,
                failure=_failure(attempt.failure),
                error=attempt.error,
                duration_ms=attempt.duration_ms,
            )
        )
    return grouped


def _failure(stored: str | None) -> DeliveryFailure | None:
    return None if stored is None else DeliveryFailure(stored)


def _read(endpoint: WebhookEndpoint) -> WebhookEndpointRead:
    return WebhookEndpointRead(
        id=endpoint.id,
        url=endpoint.url,
        event_types=list(endpoint.event_types),
        status=EndpointStatus(endpoint.status),
        disabled_reason=endpoint.disabled_reason,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
        previous_secret_expires_at=endpoint.previous_secret_expires_at,
    )


def _audit(
    uow: UnitOfWork,
    actor: Actor,
    action: str,
    endpoint: WebhookEndpoint,
    after: dict[str, object],
    *,
    before: dict[str, object] | None = None,
) -> None:
    record_change(
        uow,
        actor,
        action=action,
        subject_type="webhook_endpoint",
        subject_id=endpoint.id,
        seller_id=endpoint.seller_id,
        order_id=None,
        before=before,
        after=after,
    )

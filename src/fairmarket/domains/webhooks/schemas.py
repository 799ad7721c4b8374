"""Commands and reads of the webhooks API, and the plain values the delivery job passes around."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from fairmarket.kernel.commands import Command, RowId
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT
from fairmarket.kernel.time_windows import CreatedWindow, UpdatedSince


class EndpointStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # given up after the last retry, or the endpoint was disabled


class DeliveryFailure(StrEnum):
    """Why an attempt got no 2xx, as a category: never the raw network error, whose
    addresses and ports would let a seller map the platform's network."""

    DNS_FAILURE = "dns_failure"  # the host name did not resolve
    ADDRESS_NOT_ALLOWED = "address_not_allowed"  # it resolves to a non-public address
    CONNECTION_FAILED = "connection_failed"  # refused, reset or unreachable
    TIMEOUT = "timeout"  # no connection or no answer in time
    TLS_ERROR = "tls_error"  # the certificate or TLS handshake failed
    PROTOCOL_ERROR = "protocol_error"  # the answer was not valid HTTP
    HTTP_STATUS = "http_status"  # the receiver answered, with a status other than 2xx
    ENDPOINT_DISABLED = "endpoint_disabled"  # given up because the endpoint was disabled


class WebhookCreate(Command):
    url: str = Field(
        max_length=2048,
        description="Where to POST notifications: an https URL on a public host (plain http is "
        "accepted in sandbox and development deployments).",
    )
    event_types: list[str] = Field(
        default_factory=list,
        description="Only these event types (e.g. after_sale.approved); empty for every type. "
        "The names used before 2026-12-05 (e.g. after_sale.approve) are still accepted until "
        "2027-06-05 and stored under their new names, with a `Deprecation` header.",
    )


class WebhookListQuery(Command, CreatedWindow, UpdatedSince):
    """Created means registered (`created_at`); updated, a change of status or secret."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")


class WebhookEndpointRef(Command):
    endpoint_id: RowId = Field(description="The webhook endpoint's id.")


class WebhookDeliveryRef(Command):
    delivery_id: RowId = Field(description="The delivery's id.")


class WebhookDeliveryQuery(Command, CreatedWindow, UpdatedSince):
    """Created means when the event was fanned out to the endpoint (`created_at`); updated,
    the last attempt, give-up or redelivery (`updated_at`)."""

    endpoint_id: RowId = Field(description="The webhook endpoint's id.")
    status: DeliveryStatus | None = Field(None, description="Only deliveries in this status.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")


class WebhookEndpointRead(BaseModel):
    id: int
    url: str
    event_types: list[str] = Field(description="The types delivered; empty means every type.")
    status: EndpointStatus
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime = Field(description="The last change of status or secret.")
    previous_secret_expires_at: datetime | None = Field(
        description="After a secret rotation: until then every notification is signed with "
        "both the new and the previous secret."
    )


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str = Field(
        description="The signing secret (whsec_...). Shown only in this response: store it now."
    )


class WebhookSecretRotated(WebhookEndpointRead):
    secret: str = Field(
        description="The new signing secret (whsec_...). Shown only in this response: store it "
        "now; the previous one keeps signing too until `previous_secret_expires_at`."
    )


class WebhookEndpointList(BaseModel):
    items: list[WebhookEndpointRead]
    next_cursor: str | None


class WebhookAttemptRead(BaseModel):
    at: datetime
    status_code: int | None = Field(description="The receiver's HTTP status, if it answered.")
    failure: DeliveryFailure | None = Field(description="Why it failed; null on a 2xx.")
    error: str | None = Field(description="The failure in words, and what to check.")
    duration_ms: int


class WebhookDeliveryRead(BaseModel):
    id: int
    endpoint_id: int
    event_id: int
    webhook_id: str = Field(description="The `webhook-id` header: the same on every retry.")
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = Field(description="When it is tried next, while pending.")
    last_status_code: int | None
    last_failure: DeliveryFailure | None = Field(description="Why the last attempt failed.")
    last_error: str | None = Field(description="The last failure in words.")
    created_at: datetime
    updated_at: datetime = Field(description="The last attempt, give-up or redelivery.")
    delivered_at: datetime | None
    attempt_log: list[WebhookAttemptRead]


class WebhookDeliveryPage(BaseModel):
    items: list[WebhookDeliveryRead]
    next_cursor: str | None


@dataclass(frozen=True)
class OutgoingWebhook:
    """A claimed delivery, ready to send outside any transaction."""

    delivery_id: int
    endpoint_id: int
    url: str
    secret: str
    message_id: str
    body: str
    previous_secret: str | None = None  # during a rotation: signs too, next to `secret`

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret to sign with, newest first."""
        if self.previous_secret is None:
            return (self.secret,)
        return (self.secret, self.previous_secret)


@dataclass(frozen=True)
class SendOutcome:
    """What one HTTP attempt got: a status code, or why there was no answer (a category; the
    raw error is only logged by the sender)."""

    status_code: int | None
    duration_ms: int
    failure: DeliveryFailure | None = None


@dataclass
class WebhookRunResult:
    deliveries_created: int = 0
    attempts: int = 0
    succeeded: int = 0
    retries_scheduled: int = 0
    given_up: int = 0
    endpoints_disabled: int = 0

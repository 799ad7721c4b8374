"""The webhooks domain's errors: stable codes, messages that say what to do next."""

from __future__ import annotations

from fairmarket.domains.events.types import EVENT_TYPES
from fairmarket.domains.webhooks.schemas import EndpointStatus
from fairmarket.kernel.errors import DomainError, conflict, forbidden, invalid, not_found


def seller_key_required() -> DomainError:
    return forbidden("seller_key_required", "Webhooks are managed with a seller key.")


def invalid_webhook_url(url: str) -> DomainError:
    return invalid(
        "invalid_webhook_url",
        f"'{url}' is not a URL webhooks can be sent to; give an absolute https:// URL with a "
        "host name (letters, digits, hyphens; internationalized names in their xn-- form) or "
        "an IP address, e.g. https://example.com/fairmarket/webhooks.",
        "url",
    )


def https_required(url: str) -> DomainError:
    return invalid(
        "webhook_url_https_required",
        f"'{url}' is not an https:// URL; webhooks are sent over https:// only (plain http:// "
        "only in sandbox and development deployments), so give the receiver's https:// "
        "address, e.g. https://example.com/fairmarket/webhooks.",
        "url",
    )


def credentials_in_url() -> DomainError:
    return invalid(
        "webhook_url_credentials",
        "The URL carries a user name or password (user:pass@host); remove them. Receivers "
        "authenticate notifications by their webhook-signature header, checked with the "
        "endpoint's signing secret.",
        "url",
    )


def fragment_in_url(url: str) -> DomainError:
    return invalid(
        "webhook_url_fragment",
        f"'{url}' ends with a #fragment, which is never sent to a server; remove it.",
        "url",
    )


def url_not_public(host: str) -> DomainError:
    return invalid(
        "webhook_url_not_public",
        f"'{host}' is not a public internet address (loopback, private, link-local, internal "
        "or reserved addresses and names are refused, in every spelling); give a host name "
        "that resolves only to public addresses, or a public IP address.",
        "url",
    )


def url_unresolvable(host: str) -> DomainError:
    return invalid(
        "webhook_url_unresolvable",
        f"The host name '{host}' does not resolve to any address; check its spelling and its "
        "DNS records, then register the endpoint again.",
        "url",
    )


def unknown_event_types(unknown: list[str]) -> DomainError:
    return invalid(
        "unknown_event_type",
        f"Unknown event type(s) {', '.join(unknown)}; use any of {', '.join(EVENT_TYPES)}, "
        "or leave event_types empty for every type.",
        "event_types",
    )


def endpoint_not_found(endpoint_id: int) -> DomainError:
    return not_found(
        "webhook_endpoint_not_found",
        f"Webhook endpoint {endpoint_id} does not exist or is not yours; "
        "list yours with GET /v1/webhooks.",
    )


def delivery_not_found(delivery_id: int) -> DomainError:
    return not_found(
        "webhook_delivery_not_found",
        f"Webhook delivery {delivery_id} does not exist or is not yours; "
        "list an endpoint's deliveries with GET /v1/webhooks/{endpoint_id}/deliveries.",
    )


def endpoint_disabled(endpoint_id: int, reason: str | None) -> DomainError:
    return conflict(
        "webhook_endpoint_disabled",
        f"Webhook endpoint {endpoint_id} is disabled ({reason or 'no reason recorded'}), so "
        f"nothing is sent to it; enable it with POST /v1/webhooks/{endpoint_id}/enable first, "
        "or catch up with GET /v1/events.",
        current_state={"endpoint_id": endpoint_id, "status": EndpointStatus.DISABLED},
    )

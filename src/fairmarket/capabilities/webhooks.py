"""Webhooks for integrators: endpoints notified of new events, their signing secrets and
their deliveries."""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.webhooks import service as webhooks
from fairmarket.domains.webhooks.schemas import (
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

WEBHOOK_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="webhooks.create",
        summary="Register an endpoint notified of new events; the signing secret is shown once.",
        command=WebhookCreate,
        result=WebhookEndpointCreated,
        scope="webhooks:write",
        handler=webhooks.create_webhook,
        http_method="POST",
        http_path="/v1/webhooks",
        writes=True,
        creates=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="webhooks.list",
        summary="List your webhook endpoints, a page at a time (secrets are never shown again).",
        command=WebhookListQuery,
        result=WebhookEndpointList,
        scope="webhooks:read",
        handler=webhooks.list_webhooks,
        http_method="GET",
        http_path="/v1/webhooks",
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="webhooks.disable",
        summary="Stop sending to a webhook endpoint; its pending deliveries are given up.",
        command=WebhookEndpointRef,
        result=WebhookEndpointRead,
        scope="webhooks:write",
        handler=webhooks.disable_webhook,
        http_method="POST",
        http_path="/v1/webhooks/{endpoint_id}/disable",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="webhooks.enable",
        summary="Send to a disabled webhook endpoint again, from new events on; deliveries given "
        "up while it was disabled are only sent again if you redeliver them.",
        command=WebhookEndpointRef,
        result=WebhookEndpointRead,
        scope="webhooks:write",
        handler=webhooks.enable_webhook,
        http_method="POST",
        http_path="/v1/webhooks/{endpoint_id}/enable",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="webhooks.rotate_secret",
        summary="Issue a new signing secret (shown once); for 24 hours notifications are signed "
        "with both the new and the previous secret.",
        command=WebhookEndpointRef,
        result=WebhookSecretRotated,
        scope="webhooks:write",
        handler=webhooks.rotate_webhook_secret,
        http_method="POST",
        http_path="/v1/webhooks/{endpoint_id}/rotate-secret",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="webhooks.deliveries",
        summary="List an endpoint's deliveries, newest first, with every attempt.",
        command=WebhookDeliveryQuery,
        result=WebhookDeliveryPage,
        scope="webhooks:read",
        handler=webhooks.list_deliveries,
        http_method="GET",
        http_path="/v1/webhooks/{endpoint_id}/deliveries",
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="webhooks.redeliver",
        summary="Send a delivery again now, whatever its status, with a fresh retry schedule.",
        command=WebhookDeliveryRef,
        result=WebhookDeliveryRead,
        scope="webhooks:write",
        handler=webhooks.redeliver,
        http_method="POST",
        http_path="/v1/webhooks/deliveries/{delivery_id}/redeliver",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
)

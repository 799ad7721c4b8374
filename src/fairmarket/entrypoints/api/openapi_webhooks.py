"""The OpenAPI document's `webhooks`: one entry per event type, whose body carries that type's
payload model (`domains/events/payloads.py`) beside the event's place in the log."""

from __future__ import annotations

from typing import Any

from fairmarket.domains.events.payloads import EVENT_PAYLOADS, EventPayload
from fairmarket.domains.events.types import (
    EVENT_TYPES,
    OLD_NAMES_SUNSET_ON,
    RENAMED_EVENT_TYPES,
    EventType,
)

SCHEMAS = "#/components/schemas/"

LOG_POSITION: dict[str, Any] = {
    "type": "object",
    "description": "Where the event sits in the log, added to every webhook's `data`.",
    "required": ["event_cursor", "resource_type", "resource_id", "sequence"],
    "properties": {
        "event_cursor": {
            "type": "string",
            "description": "Pass as ?after= to GET /v1/events to catch up.",
        },
        "resource_type": {"type": "string"},
        "resource_id": {"type": "integer"},
        "sequence": {"type": "integer"},
    },
}


def payload_schema_name(model: type[EventPayload]) -> str:
    return f"{model.__name__}Payload"


def webhook_schemas() -> dict[str, Any]:
    """Component schemas: the event types, each payload model, and the generic body."""
    schemas: dict[str, Any] = {
        "EventType": {
            "type": "string",
            "enum": list(EVENT_TYPES),
            "description": "Every event type the platform publishes. Until "
            f"{OLD_NAMES_SUNSET_ON.isoformat()} filters also accept the names used before "
            "2026-12-05: "
            + ", ".join(f"{old} → {new}" for old, new in RENAMED_EVENT_TYPES.items())
            + ".",
        },
        "EventLogPosition": LOG_POSITION,
        "WebhookPayload": {
            "type": "object",
            "required": ["type", "timestamp", "data"],
            "properties": {
                "type": {"$ref": f"{SCHEMAS}EventType"},
                "timestamp": {"type": "string", "format": "date-time"},
                "data": {  # as before payloads were typed (the SDK's WebhookPayloadData)
                    **LOG_POSITION,
                    "description": "The type's payload (see each webhook) and its log position.",
                    "additionalProperties": True,
                },
            },
        },
    }
    for model in dict.fromkeys(EVENT_PAYLOADS.values()):
        schemas[payload_schema_name(model)] = open_schema(model)
    return schemas


def open_schema(model: type[EventPayload]) -> dict[str, Any]:
    """The model's JSON schema without `additionalProperties: false`: publishing refuses
    unknown fields, but receivers must accept the fields added later (docs/API-VERSIONING.md)."""
    schema = model.model_json_schema(ref_template=f"{SCHEMAS}{{model}}")
    schema.pop("additionalProperties", None)
    schema["title"] = payload_schema_name(model)
    return schema


def webhooks_section() -> dict[str, Any]:
    """One entry per event type: what an endpoint subscribed to it receives."""
    return {event_type.value: _webhook(event_type) for event_type in EventType}


def _webhook(event_type: EventType) -> dict[str, Any]:
    payload = payload_schema_name(EVENT_PAYLOADS[event_type])
    return {
        "post": {
            "operationId": f"webhook.{event_type}",
            "summary": f"{event_type} (signed per Standard Webhooks)",
            "description": "Headers webhook-id, webhook-timestamp and webhook-signature "
            '(`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`). Answer 2xx; '
            "410 disables the endpoint; anything else is retried with growing delays.",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "allOf": [
                                {"$ref": f"{SCHEMAS}WebhookPayload"},
                                {
                                    "type": "object",
                                    "properties": {
                                        "type": {"type": "string", "enum": [event_type.value]},
                                        "data": {
                                            "allOf": [
                                                {"$ref": f"{SCHEMAS}{payload}"},
                                                {"$ref": f"{SCHEMAS}EventLogPosition"},
                                            ]
                                        },
                                    },
                                },
                            ]
                        }
                    }
                },
            },
            "responses": {"200": {"description": "Received"}},
        }
    }

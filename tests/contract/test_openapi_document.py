"""What a generated client needs is in the document: headers as parameters, each operation's
own statuses, response headers, tags, licence, servers and the webhooks."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from fairmarket.bootstrap import Container
from fairmarket.domains.events.payloads import EVENT_PAYLOADS
from fairmarket.domains.events.types import EVENT_TYPES, RENAMED_EVENT_TYPES, EventType
from fairmarket.entrypoints.api.app import create_app


@pytest.fixture
def document(container: Container) -> dict[str, Any]:
    body: dict[str, Any] = TestClient(create_app(container)).get("/openapi.json").json()
    return body


def parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in operation["parameters"]}


def test_writes_declare_the_idempotency_key_and_decisions_if_match(
    document: dict[str, Any],
) -> None:
    ship = document["paths"]["/v1/orders/{order_number}/ship"]["post"]
    approve = document["paths"]["/v1/after-sales/{request_id}/approve"]["post"]

    assert parameters(ship)["Idempotency-Key"]["required"] is True
    assert parameters(ship)["Idempotency-Key"]["in"] == "header"
    assert "If-Match" not in parameters(ship)
    assert parameters(approve)["If-Match"]["in"] == "header"
    # A dry run needs no key, so the key is optional where one is offered.
    assert parameters(approve)["Idempotency-Key"]["required"] is False
    assert set(approve["responses"]["200"]["headers"]) == {
        "X-Request-Id",
        "Fairmarket-Version",
        "ETag",
        "Idempotent-Replayed",
        "RateLimit-Policy",
        "RateLimit",
    }
    assert set(approve["responses"]["429"]["headers"]) == {
        "X-Request-Id",
        "Fairmarket-Version",
        "RateLimit-Policy",
        "RateLimit",
        "Retry-After",
    }


def test_each_operation_lists_its_own_statuses(document: dict[str, Any]) -> None:
    orders = document["paths"]["/v1/orders"]["get"]["responses"]
    approve = document["paths"]["/v1/after-sales/{request_id}/approve"]["post"]["responses"]

    assert sorted(orders) == ["200", "401", "403", "422", "429"]
    assert sorted(approve) == ["200", "400", "401", "403", "404", "409", "412", "422", "429"]
    assert approve["412"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }


def test_the_document_describes_itself(document: dict[str, Any]) -> None:
    assert document["info"]["license"]["identifier"] == "Apache-2.0"
    assert document["servers"] == [{"url": "/", "description": "This deployment"}]
    assert all(tag["description"] != tag["name"] for tag in document["tags"])
    assert set(document["webhooks"]) == set(EVENT_TYPES)
    assert document["components"]["schemas"]["EventType"]["enum"] == list(EVENT_TYPES)


def test_creates_are_documented_as_201(document: dict[str, Any]) -> None:
    created = document["paths"]["/v1/webhooks"]["post"]["responses"]
    decided = document["paths"]["/v1/after-sales/{request_id}/approve"]["post"]["responses"]

    assert "201" in created
    assert "200" not in created
    assert "200" in decided


def test_each_webhook_carries_its_types_payload_and_log_position(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    for event_type in EventType:
        body = document["webhooks"][event_type]["post"]["requestBody"]["content"]
        generic, envelope = body["application/json"]["schema"]["allOf"]
        data = envelope["properties"]["data"]
        payload_ref, position_ref = (part["$ref"] for part in data["allOf"])
        payload = schemas[payload_ref.removeprefix("#/components/schemas/")]
        model = EVENT_PAYLOADS[event_type]

        assert generic == {"$ref": "#/components/schemas/WebhookPayload"}
        assert envelope["properties"]["type"]["enum"] == [event_type.value]
        assert position_ref == "#/components/schemas/EventLogPosition"
        assert set(payload["properties"]) == set(model.model_fields), event_type
        assert set(payload["required"]) == {
            name for name, field in model.model_fields.items() if field.is_required()
        }
        # Receivers accept fields added later, though publishers may not add unknown ones.
        assert "additionalProperties" not in payload


def test_the_event_type_enum_names_the_old_names_it_still_accepts(
    document: dict[str, Any],
) -> None:
    description = document["components"]["schemas"]["EventType"]["description"]

    assert "2027-06-05" in description
    assert all(f"{old} → {new}" in description for old, new in RENAMED_EVENT_TYPES.items())

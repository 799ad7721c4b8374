"""Versioning: every API response names the dated version that answered it, and an operation
declared deprecated says so in its headers (RFC 9745, RFC 8594) and in the OpenAPI document."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from fastapi.testclient import TestClient

from fairmarket.bootstrap import Container
from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.entrypoints.api import app as api_app
from fairmarket.entrypoints.api.app import create_app
from tests.factories.accounts import make_api_key, make_seller

# A test-only operation: the order list under an old path, deprecated on 1 December 2026 and
# removed on 1 June 2027.
LEGACY_ORDERS = dataclasses.replace(
    get_capability("orders.list"),
    name="orders.list_legacy",
    http_path="/v1/legacy-orders",
    deprecated_on=date(2026, 12, 1),
    sunset_on=date(2027, 6, 1),
)


@pytest.fixture
def client(container: Container, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    published = api_app.published()
    monkeypatch.setattr(api_app, "published", lambda: [*published, LEGACY_ORDERS])
    return TestClient(create_app(container))


@pytest.fixture
def seller_key(container: Container) -> dict[str, str]:
    seller = make_seller(container.uow_factory)
    key = make_api_key(container.uow_factory, seller_id=seller.seller_id)
    return {"Authorization": f"Bearer {key}"}


def test_every_api_response_names_the_version(
    client: TestClient, seller_key: dict[str, str]
) -> None:
    listed = client.get("/v1/orders", headers=seller_key)
    refused = client.get("/v1/orders")
    missing = client.get("/v1/orders/999999", headers=seller_key)

    assert [listed.status_code, refused.status_code, missing.status_code] == [200, 401, 404]
    for response in (listed, refused, missing):
        assert response.headers["fairmarket-version"] == "2026-12-05"


def test_a_deprecated_operation_answers_deprecation_and_sunset(
    client: TestClient, seller_key: dict[str, str]
) -> None:
    answered = client.get("/v1/legacy-orders", headers=seller_key)
    refused = client.get("/v1/legacy-orders")
    current = client.get("/v1/orders", headers=seller_key)

    assert "deprecation" not in current.headers
    assert "sunset" not in current.headers
    assert answered.status_code == 200
    assert refused.status_code == 401
    for response in (answered, refused):
        assert response.headers["deprecation"] == "@1796083200"  # 2026-12-01T00:00:00Z
        assert response.headers["sunset"] == "Tue, 01 Jun 2027 00:00:00 GMT"
        assert response.headers["fairmarket-version"] == "2026-12-05"


def test_openapi_flags_only_the_deprecated_operation(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert paths["/v1/legacy-orders"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/v1/orders"]["get"]


def test_a_sunset_needs_an_earlier_deprecation() -> None:
    orders_list: Capability = get_capability("orders.list")

    with pytest.raises(ValueError, match="sunset_on needs a deprecated_on before it"):
        dataclasses.replace(orders_list, sunset_on=date(2027, 6, 1))
    with pytest.raises(ValueError, match="sunset_on needs a deprecated_on before it"):
        dataclasses.replace(orders_list, deprecated_on=date(2027, 6, 1), sunset_on=date(2027, 6, 1))

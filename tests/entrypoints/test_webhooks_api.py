"""The webhooks API: seller keys only, secrets shown once, problems with stable codes, and the
whole path from a decision in the API to a signed request at a real receiver."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from standardwebhooks import Webhook

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.worker.due_jobs import run_due_webhooks
from tests.domains.test_webhooks import Receiver, start_receiver
from tests.factories.accounts import make_api_key, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.resolver import FakeResolver, strict_factory

PROBLEM = "application/problem+json"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


class Api:
    def __init__(self, container: Container) -> None:
        factory = container.uow_factory
        self.container = container
        self.client = TestClient(create_app(container))
        self.seller = make_seller(factory)
        self.buyer = make_buyer(factory)
        self.seller_key = make_api_key(factory, seller_id=self.seller.seller_id)
        self.other_key = make_api_key(factory, seller_id=make_seller(factory).seller_id)
        self.events_only_key = make_api_key(
            factory, seller_id=self.seller.seller_id, scopes=["events:read"]
        )
        self.buyer_key = make_api_key(factory, buyer_id=self.buyer.buyer_id)
        self._keys = 0

    def post(self, path: str, key: str | None = None, **body: Any) -> Response:
        self._keys += 1
        return self.client.post(
            path,
            json=body or None,
            headers={
                "Authorization": f"Bearer {key or self.seller_key}",
                "Idempotency-Key": f"key-{self._keys}",
            },
        )

    def get(self, path: str, key: str | None = None, **params: Any) -> Response:
        return self.client.get(
            path, params=params, headers={"Authorization": f"Bearer {key or self.seller_key}"}
        )

    def run_job(self) -> None:
        run_due_webhooks(self.container.uow_factory, self.container.webhook_sender, batch_size=200)


@pytest.fixture
def api(container: Container) -> Api:
    return Api(container)


def problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def test_an_approval_through_the_api_reaches_the_receiver_signed(
    api: Api, receiver: Receiver
) -> None:
    created = api.post("/v1/webhooks", url=f"{receiver.url}/hooks", event_types=[])
    endpoint = created.json()
    order = make_order(
        api.container.uow_factory, seller_id=api.seller.seller_id, buyer_id=api.buyer.buyer_id
    )
    requested = api.post(
        f"/v1/buyer/orders/{order}/after-sales/cancellation", api.buyer_key, reason="changed_mind"
    )
    api.post(f"/v1/after-sales/{requested.json()['id']}/approve")

    api.run_job()

    assert created.status_code == 201, created.text
    assert endpoint["secret"].startswith("whsec_")
    payloads = [Webhook(endpoint["secret"]).verify(r.body, r.headers) for r in receiver.requests]
    assert [p["type"] for p in payloads] == [
        "after_sale.requested",
        "order.cancelled",
        "after_sale.approved",
    ]
    assert payloads[2]["data"]["order_number"] == order
    events = api.get("/v1/events").json()["items"]
    assert [p["data"]["event_cursor"] for p in payloads] == [e["cursor"] for e in events]


def test_secrets_are_shown_once(api: Api) -> None:
    created = api.post("/v1/webhooks", url="https://example.com/hooks")

    listed = api.get("/v1/webhooks")

    assert "secret" in created.json()
    assert listed.status_code == 200
    assert listed.json() == {
        "items": [{k: v for k, v in created.json().items() if k != "secret"}],
        "next_cursor": None,
    }


def test_deliveries_page_with_a_status_filter_and_attempts(api: Api, receiver: Receiver) -> None:
    endpoint = api.post("/v1/webhooks", url=f"{receiver.url}/hooks").json()
    for _ in range(3):
        order = make_order(
            api.container.uow_factory,
            seller_id=api.seller.seller_id,
            buyer_id=api.buyer.buyer_id,
        )
        api.post(f"/v1/orders/{order}/ship", carrier="UPS", tracking_number="1Z999AA101")
    receiver.statuses = [200, 500, 200]
    api.run_job()
    path = f"/v1/webhooks/{endpoint['id']}/deliveries"

    first = api.get(path, limit=2).json()
    rest = api.get(path, limit=2, cursor=first["next_cursor"]).json()
    pending = api.get(path, status="pending").json()

    assert len(first["items"]) == 2
    assert rest["next_cursor"] is None
    ids = [d["id"] for d in first["items"] + rest["items"]]
    assert ids == sorted(ids, reverse=True)
    assert [d["status"] for d in pending["items"]] == ["pending"]
    [attempt] = pending["items"][0]["attempt_log"]
    assert attempt["status_code"] == 500
    assert pending["items"][0]["webhook_id"] == f"evt_{pending['items'][0]['event_id']}"
    problem(api.get(path, status="lost"), 422, "validation_failed")


def test_redeliver_and_disable_through_the_api(api: Api, receiver: Receiver) -> None:
    endpoint = api.post("/v1/webhooks", url=f"{receiver.url}/hooks").json()
    order = make_order(
        api.container.uow_factory, seller_id=api.seller.seller_id, buyer_id=api.buyer.buyer_id
    )
    api.post(f"/v1/orders/{order}/ship", carrier="UPS", tracking_number="1Z999AA101")
    api.run_job()
    [delivery] = api.get(f"/v1/webhooks/{endpoint['id']}/deliveries").json()["items"]

    redelivered = api.post(f"/v1/webhooks/deliveries/{delivery['id']}/redeliver")
    api.run_job()
    disabled = api.post(f"/v1/webhooks/{endpoint['id']}/disable")
    refused = api.post(f"/v1/webhooks/deliveries/{delivery['id']}/redeliver")

    assert redelivered.status_code == 200, redelivered.text
    assert redelivered.json()["status"] == "pending"
    assert len(receiver.requests) == 2
    assert disabled.json()["status"] == "disabled"
    problem(refused, 409, "webhook_endpoint_disabled")


def test_another_seller_cannot_see_or_touch_an_endpoint(api: Api, receiver: Receiver) -> None:
    endpoint = api.post("/v1/webhooks", url=f"{receiver.url}/hooks").json()
    order = make_order(
        api.container.uow_factory, seller_id=api.seller.seller_id, buyer_id=api.buyer.buyer_id
    )
    api.post(f"/v1/orders/{order}/ship", carrier="UPS", tracking_number="1Z999AA101")
    api.run_job()
    [delivery] = api.get(f"/v1/webhooks/{endpoint['id']}/deliveries").json()["items"]

    listed = api.get("/v1/webhooks", api.other_key)
    deliveries = api.get(f"/v1/webhooks/{endpoint['id']}/deliveries", api.other_key)
    disable = api.post(f"/v1/webhooks/{endpoint['id']}/disable", api.other_key)
    redeliver = api.post(f"/v1/webhooks/deliveries/{delivery['id']}/redeliver", api.other_key)

    assert listed.json() == {"items": [], "next_cursor": None}
    problem(deliveries, 404, "webhook_endpoint_not_found")
    problem(disable, 404, "webhook_endpoint_not_found")
    problem(redeliver, 404, "webhook_delivery_not_found")
    assert api.get("/v1/webhooks").json()["items"][0]["status"] == "active"
    assert api.get(f"/v1/webhooks/{endpoint['id']}/deliveries").json()["items"] == [delivery]


def test_keys_without_the_scope_and_buyer_keys_are_refused(api: Api) -> None:
    no_scope = api.post("/v1/webhooks", api.events_only_key, url="https://example.com/hooks")
    buyer = api.get("/v1/webhooks", api.buyer_key)

    body = problem(no_scope, 403, "missing_scope")
    assert "'webhooks:write'" in body["detail"]
    assert buyer.status_code in (401, 403)
    assert api.get("/v1/webhooks").json() == {"items": [], "next_cursor": None}


def test_invalid_input_is_a_422_naming_the_field(api: Api) -> None:
    bad_url = api.post("/v1/webhooks", url="mailto:ops@example.com")
    bad_type = api.post("/v1/webhooks", url="https://example.com/h", event_types=["order.lost"])

    assert problem(bad_url, 422, "invalid_webhook_url")["errors"][0]["field"] == "url"
    body = problem(bad_type, 422, "unknown_event_type")
    assert "after_sale.approved" in body["detail"]


def test_a_target_inside_the_platform_is_a_422_saying_what_to_do(container: Container) -> None:
    strict = Api(
        replace(container, uow_factory=strict_factory(container.uow_factory, FakeResolver()))
    )

    metadata = strict.post("/v1/webhooks", url="http://169.254.169.254/latest/meta-data/")
    database = strict.post("/v1/webhooks", url="http://0x7f.0.0.1:5432/")
    credentials = strict.post("/v1/webhooks", url="https://user:secret@example.com/hooks")

    body = problem(metadata, 422, "webhook_url_not_public")
    assert body["errors"] == [
        {"field": "url", "message": body["detail"], "code": "webhook_url_not_public"}
    ]
    assert "give a host name that resolves only to public addresses" in body["detail"]
    problem(database, 422, "webhook_url_not_public")
    problem(credentials, 422, "webhook_url_credentials")
    assert strict.get("/v1/webhooks").json() == {"items": [], "next_cursor": None}


def test_deliveries_show_a_failure_category_never_the_raw_network_error(api: Api) -> None:
    endpoint = api.post("/v1/webhooks", url="http://127.0.0.1:9/nobody-listens").json()
    order = make_order(
        api.container.uow_factory, seller_id=api.seller.seller_id, buyer_id=api.buyer.buyer_id
    )
    api.post(f"/v1/orders/{order}/ship", carrier="UPS", tracking_number="1Z999AA101")
    api.run_job()

    [delivery] = api.get(f"/v1/webhooks/{endpoint['id']}/deliveries").json()["items"]

    message = (
        "Could not connect to the receiver (refused, reset or unreachable); check that it is "
        "up and reachable from the internet."
    )
    assert (delivery["last_failure"], delivery["last_error"]) == ("connection_failed", message)
    [attempt] = delivery["attempt_log"]
    assert (attempt["status_code"], attempt["failure"], attempt["error"]) == (
        None,
        "connection_failed",
        message,
    )


def test_openapi_describes_the_webhook_endpoints(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]

    deliveries = paths["/v1/webhooks/{endpoint_id}/deliveries"]["get"]
    assert {p["name"] for p in deliveries["parameters"]} == {
        "X-Request-Id",
        "endpoint_id",
        "status",
        "created_from",
        "created_to",
        "updated_since",
        "limit",
        "cursor",
    }
    assert deliveries["x-required-scope"] == "webhooks:read"
    assert paths["/v1/webhooks"]["post"]["x-required-scope"] == "webhooks:write"
    assert "/v1/webhooks/deliveries/{delivery_id}/redeliver" in paths


# The old event type names (before 2026-12-05) until their sunset: docs/API-VERSIONING.md.
DEPRECATED_SINCE = "@1796428800"  # 2026-12-05T00:00:00Z
SUNSET = "Sat, 05 Jun 2027 00:00:00 GMT"


def test_a_filter_with_old_names_is_stored_under_the_new_ones_with_a_notice(
    api: Api, receiver: Receiver
) -> None:
    created = api.post(
        "/v1/webhooks",
        url=f"{receiver.url}/hooks",
        event_types=["after_sale.approve", "after_sale.approved", "order.cancelled"],
    )
    order = make_order(
        api.container.uow_factory, seller_id=api.seller.seller_id, buyer_id=api.buyer.buyer_id
    )
    requested = api.post(
        f"/v1/buyer/orders/{order}/after-sales/cancellation", api.buyer_key, reason="changed_mind"
    )
    api.post(f"/v1/after-sales/{requested.json()['id']}/approve")

    api.run_job()

    assert created.status_code == 201, created.text
    assert created.headers["Deprecation"] == DEPRECATED_SINCE
    assert created.headers["Sunset"] == SUNSET
    assert created.json()["event_types"] == ["after_sale.approved", "order.cancelled"]
    secret = created.json()["secret"]
    payloads = [Webhook(secret).verify(r.body, r.headers) for r in receiver.requests]
    assert [p["type"] for p in payloads] == ["order.cancelled", "after_sale.approved"]


def test_a_filter_with_current_names_has_no_notice(api: Api) -> None:
    created = api.post(
        "/v1/webhooks", url="https://example.com/hooks", event_types=["after_sale.rejected"]
    )

    assert created.status_code == 201, created.text
    assert "Deprecation" not in created.headers
    assert "Sunset" not in created.headers
    assert created.json()["event_types"] == ["after_sale.rejected"]


def test_an_unknown_name_beside_an_old_one_is_refused_and_still_noticed(api: Api) -> None:
    refused = api.post(
        "/v1/webhooks",
        url="https://example.com/hooks",
        event_types=["after_sale.reject", "after_sale.teleported"],
    )

    body = problem(refused, 422, "unknown_event_type")
    assert body["detail"].startswith("Unknown event type(s) after_sale.teleported;")
    assert refused.headers["Deprecation"] == DEPRECATED_SINCE
    assert api.get("/v1/webhooks").json()["items"] == []

"""The Seller API's wire formats: problem+json, auth and scopes, idempotency, ETags, cursors."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select, text

from fairmarket.bootstrap import Container
from fairmarket.db.idempotency import purge_expired_keys
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.orders.models import Refund
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.clock import MovableClock
from tests.factories.accounts import make_api_key, make_buyer, make_seller
from tests.factories.orders import make_order

PROBLEM = "application/problem+json"


class World:
    def __init__(self, container: Container) -> None:
        factory = container.uow_factory
        self.container = container
        self.client = TestClient(create_app(container))
        self.seller = make_seller(factory)
        self.another_seller = make_seller(factory)
        self.buyer = make_buyer(factory)
        self.seller_key = make_api_key(factory, seller_id=self.seller.seller_id)
        self.read_only_key = make_api_key(
            factory, seller_id=self.seller.seller_id, scopes=["orders:read", "after_sales:read"]
        )
        self.other_key = make_api_key(factory, seller_id=self.another_seller.seller_id)
        self.buyer_key = make_api_key(factory, buyer_id=self.buyer.buyer_id)
        self.order = make_order(
            factory, seller_id=self.seller.seller_id, buyer_id=self.buyer.buyer_id
        )

    def seller_headers(self, key: str | None = None, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.seller_key}", **extra}

    def request_cancellation(self, order: int | None = None) -> int:
        response = self.client.post(
            f"/v1/buyer/orders/{order or self.order}/after-sales/cancellation",
            headers={
                "Authorization": f"Bearer {self.buyer_key}",
                "Idempotency-Key": f"req-{order or self.order}",
            },
            json={"reason": "changed_mind", "note": "Ordered the wrong size"},
        )
        assert response.status_code == 201, response.text
        request_id: int = response.json()["id"]
        return request_id


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


def assert_problem(response: Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"] == f"https://fairmarket.dev/problems/{code}"
    assert body["instance"] == f"urn:request:{response.headers['x-request-id']}"
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


def test_missing_and_unknown_keys_are_401_problems(world: World) -> None:
    assert_problem(world.client.get("/v1/orders"), 401, "missing_credentials")
    assert_problem(
        world.client.get("/v1/orders", headers={"Authorization": "Bearer fm_sk_nope_nope"}),
        401,
        "invalid_credentials",
    )


def test_a_missing_scope_is_named(world: World) -> None:
    request_id = world.request_cancellation()
    response = world.client.post(
        f"/v1/after-sales/{request_id}/approve",
        headers=world.seller_headers(world.read_only_key, **{"Idempotency-Key": "x1"}),
    )
    body = assert_problem(response, 403, "missing_scope")
    assert "'after_sales:write'" in str(body["detail"])


def test_buyer_keys_do_not_open_seller_endpoints(world: World) -> None:
    response = world.client.get(
        "/v1/orders", headers={"Authorization": f"Bearer {world.buyer_key}"}
    )
    assert_problem(response, 403, "seller_key_required")


def test_request_ids_are_echoed_or_generated(world: World) -> None:
    given = world.client.get(
        f"/v1/orders/{world.order}", headers=world.seller_headers(**{"X-Request-Id": "trace-42"})
    )
    made = world.client.get(f"/v1/orders/{world.order}", headers=world.seller_headers())
    hostile = world.client.get(
        f"/v1/orders/{world.order}", headers=world.seller_headers(**{"X-Request-Id": "<script>"})
    )

    assert given.headers["x-request-id"] == "trace-42"
    assert len(made.headers["x-request-id"]) == 32
    assert hostile.headers["x-request-id"] != "<script>"


def test_another_sellers_order_is_not_found(world: World) -> None:
    response = world.client.get(
        f"/v1/orders/{world.order}", headers=world.seller_headers(world.other_key)
    )
    assert_problem(response, 404, "order_not_found")


def test_validation_errors_list_each_field(world: World) -> None:
    request_id = world.request_cancellation()
    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(**{"Idempotency-Key": "bad-reject"}),
        json={"reason": "custom_made", "note": "short", "colour": "red"},
    )
    body = assert_problem(response, 422, "validation_failed")
    fields = {item["field"]: item["message"] for item in body["errors"]}  # type: ignore[attr-defined]
    assert fields == {"colour": "is not an input of this action; remove it"}

    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(**{"Idempotency-Key": "bad-reject-2"}),
        json={"reason": "custom_made", "note": "short"},
    )
    body = assert_problem(response, 422, "note_required")
    assert body["detail"] == (
        "A rejection for 'custom_made' needs a note of at least 10 characters explaining it "
        "to the buyer."
    )
    assert [item["field"] for item in body["errors"]] == ["note"]  # type: ignore[attr-defined]


def test_malformed_json_is_a_clear_400(world: World) -> None:
    request_id = world.request_cancellation()
    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(
            **{"Idempotency-Key": "broken", "Content-Type": "application/json"}
        ),
        content=b'{"reason": ',
    )
    assert_problem(response, 400, "invalid_json")


def test_idempotency_key_is_required_on_posts(world: World) -> None:
    request_id = world.request_cancellation()
    response = world.client.post(
        f"/v1/after-sales/{request_id}/approve", headers=world.seller_headers()
    )
    assert_problem(response, 400, "idempotency_key_missing")


def test_a_replay_returns_the_first_response_and_acts_once(world: World) -> None:
    request_id = world.request_cancellation()
    headers = world.seller_headers(**{"Idempotency-Key": "approve-once"})

    first = world.client.post(f"/v1/after-sales/{request_id}/approve", headers=headers)
    again = world.client.post(f"/v1/after-sales/{request_id}/approve", headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    with world.container.uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Refund)) == 1


def test_the_same_key_with_another_body_is_422(world: World) -> None:
    request_id = world.request_cancellation()
    headers = world.seller_headers(**{"Idempotency-Key": "k"})
    world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=headers,
        json={"reason": "custom_made", "note": "Engraved with the buyer's name"},
    )

    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=headers,
        json={"reason": "buyer_agreed_to_keep", "note": "Agreed by chat"},
    )

    assert_problem(response, 422, "idempotency_key_reused")


def test_a_duplicate_while_the_first_runs_is_409(world: World) -> None:
    if world.container.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time: a duplicate waits, then gets the replay")
    request_id = world.request_cancellation()
    lock_id = int.from_bytes(
        hashlib.sha256(f"api:integration:{api_key_id(world)}\nin-flight".encode()).digest()[:8],
        "big",
        signed=True,
    )
    with world.container.engine.connect() as first_request:
        first_request.execute(text("BEGIN"))
        first_request.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
        response = world.client.post(
            f"/v1/after-sales/{request_id}/approve",
            headers=world.seller_headers(**{"Idempotency-Key": "in-flight"}),
        )
        first_request.execute(text("ROLLBACK"))

    assert_problem(response, 409, "idempotency_key_in_progress")
    with world.container.uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Refund)) == 0


def api_key_id(world: World) -> int:
    prefix = world.seller_key.split("_")[2]
    with world.container.uow_factory(read_only=True) as uow:
        return uow.session.scalars(select(ApiKey.id).where(ApiKey.prefix == prefix)).one()


def test_etag_and_stale_if_match(world: World) -> None:
    request_id = world.request_cancellation()
    seen = world.client.get(f"/v1/after-sales/{request_id}", headers=world.seller_headers())
    version = seen.json()["version"]
    assert seen.headers["etag"] == f'"{version}"'

    stale = world.client.post(
        f"/v1/after-sales/{request_id}/approve",
        headers=world.seller_headers(
            **{"Idempotency-Key": "stale", "If-Match": f'"{version + 6}"'}
        ),
    )
    body = assert_problem(stale, 412, "after_sale_version_mismatch")
    assert body["current_state"] == {
        "id": request_id,
        "type": "cancellation",
        "order_number": world.order,
        "status": "pending",
        "last_action": "requested",
        "version": version,
        "deadline": seen.json()["deadline"].replace("Z", "+00:00"),
    }
    with world.container.uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Refund)) == 0

    fresh = world.client.post(
        f"/v1/after-sales/{request_id}/approve",
        headers=world.seller_headers(**{"Idempotency-Key": "fresh", "If-Match": f'"{version}"'}),
    )
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["status"] == "cancelled"
    assert fresh.headers["etag"] == f'"{fresh.json()["version"]}"'
    assert fresh.json()["version"] > version


def test_a_conflict_carries_the_current_state(world: World) -> None:
    request_id = world.request_cancellation()
    world.client.post(
        f"/v1/after-sales/{request_id}/approve",
        headers=world.seller_headers(**{"Idempotency-Key": "a"}),
    )
    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(**{"Idempotency-Key": "b"}),
        json={"reason": "already_shipped"},
    )
    body = assert_problem(response, 409, "action_not_available")
    assert body["current_state"]["status"] == "cancelled"  # type: ignore[index]
    assert body["current_state"]["available_actions"] == []  # type: ignore[index]


def test_a_dry_run_returns_the_refund_breakdown_and_changes_nothing(world: World) -> None:
    request_id = world.request_cancellation()
    before = world.client.get(f"/v1/after-sales/{request_id}", headers=world.seller_headers())

    preview = world.client.post(
        f"/v1/after-sales/{request_id}/approve?dry_run=true", headers=world.seller_headers()
    )

    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["dry_run"]["action"] == "approve"
    assert body["dry_run"]["would_become"] == "cancelled"
    assert body["dry_run"]["refund"]["refund_minor"] == 5499
    assert body["dry_run"]["refund"]["currency"] == "USD"
    after = world.client.get(f"/v1/after-sales/{request_id}", headers=world.seller_headers())
    assert (after.json()["status"], after.json()["version"]) == (
        "pending",
        before.json()["version"],
    )
    assert after.headers["etag"] == before.headers["etag"]
    with world.container.uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Refund)) == 0
    order = world.client.get(f"/v1/orders/{world.order}", headers=world.seller_headers()).json()
    assert (order["status"], order["refunded_minor"]) == ("awaiting_shipment", 0)


def test_a_dry_run_still_checks_the_rules(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject?dry_run=true",
        headers=world.seller_headers(),
        json={"reason": "already_shipped"},
    )

    assert_problem(response, 422, "no_shipment_recorded")


def test_the_sellers_own_cancel_keeps_its_path_and_ends_the_request(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/orders/{world.order}/cancel",
        headers=world.seller_headers(**{"Idempotency-Key": "seller-cancel"}),
        json={"reason": "out_of_stock", "note": "The last one broke in the warehouse."},
    )

    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["cancel_fault"]) == ("cancelled", "seller")
    ended = world.client.get(f"/v1/after-sales/{request_id}", headers=world.seller_headers()).json()
    assert (ended["status"], ended["last_action"]) == ("cancelled", "order_cancelled_by_seller")


def test_orders_page_with_opaque_cursors(world: World) -> None:
    factory = world.container.uow_factory
    for _ in range(4):
        make_order(factory, seller_id=world.seller.seller_id, buyer_id=world.buyer.buyer_id)
    headers = world.seller_headers()

    first = world.client.get("/v1/orders?limit=3", headers=headers).json()
    second = world.client.get(
        f"/v1/orders?limit=3&cursor={first['next_cursor']}", headers=headers
    ).json()

    numbers = [o["number"] for o in first["items"] + second["items"]]
    assert numbers == sorted(numbers, reverse=True)
    assert len(numbers) == 5
    assert second["next_cursor"] is None
    assert_problem(
        world.client.get("/v1/orders?cursor=%%%", headers=headers), 422, "invalid_cursor"
    )
    assert_problem(
        world.client.get("/v1/orders?limit=0", headers=headers), 422, "validation_failed"
    )


def test_the_audit_trail_shows_actor_and_channel_through_the_api(world: World) -> None:
    request_id = world.request_cancellation()
    world.client.post(
        f"/v1/after-sales/{request_id}/approve",
        headers=world.seller_headers(**{"Idempotency-Key": "audit"}),
    )

    timeline = world.client.get(
        f"/v1/orders/{world.order}/timeline", headers=world.seller_headers()
    ).json()

    assert [(e["action"], e["channel"]) for e in timeline["entries"]] == [
        ("after_sale.requested", "buyer_api"),
        ("order.cancelled", "api"),
        ("after_sale.approve", "api"),
    ]
    with world.container.uow_factory(read_only=True) as uow:
        actors = set(uow.session.scalars(select(AuditRecord.actor_kind)))
    assert actors >= {"buyer", "integration"}


def test_openapi_31_describes_every_capability_and_problem(world: World) -> None:
    spec = world.client.get("/openapi.json").json()

    assert spec["openapi"].startswith("3.1")
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"orders.get", "after_sales.approve", "buyer.after_sales.cancel"} <= operations
    assert not {op for op in operations if "cancellations." in op}
    assert "Problem" in spec["components"]["schemas"]
    docs = world.client.get("/docs")
    assert docs.status_code == 200
    assert "/static-offline-docs/swagger-ui-bundle.js" in docs.text
    assert world.client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


def test_keys_expire_after_their_published_lifetime(world: World) -> None:
    factory = world.container.uow_factory
    clock = factory.clock
    assert isinstance(clock, MovableClock)
    first = world.request_cancellation()
    headers = world.seller_headers(**{"Idempotency-Key": "reused-next-day"})
    world.client.post(f"/v1/after-sales/{first}/approve", headers=headers)

    clock.advance(timedelta(hours=25))
    second_order = make_order(
        factory, seller_id=world.seller.seller_id, buyer_id=world.buyer.buyer_id
    )
    second = world.request_cancellation(second_order)
    reused = world.client.post(f"/v1/after-sales/{second}/approve", headers=headers)

    assert reused.status_code == 200
    assert "idempotent-replayed" not in reused.headers
    assert reused.json()["order_number"] == second_order
    clock.advance(timedelta(hours=25))
    assert purge_expired_keys(factory, timedelta(hours=24)) == 3

"""API keys through the Seller API and the buyer API: listing with last use, revocation that
takes effect at once, expiry, rotation with a grace period, tenant isolation, no escalation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
from tests.entrypoints.test_seller_api import assert_problem
from tests.factories.accounts import make_api_key, make_buyer, make_seller

KEY_MANAGER_SCOPES = ["api_keys:read", "api_keys:write", "orders:read"]
_requests = iter(range(1, 1_000_000))


class Shop:
    """A seller with a key-management key and an integration key that reads orders."""

    def __init__(self, container: Container) -> None:
        factory = container.uow_factory
        self.seller_id = make_seller(factory).seller_id
        self.manager_key = make_api_key(
            factory, seller_id=self.seller_id, scopes=KEY_MANAGER_SCOPES
        )
        self.integration_key = make_api_key(
            factory, seller_id=self.seller_id, scopes=["orders:read"]
        )
        self.integration_id = key_id(container, self.integration_key)


def key_id(container: Container, key: str) -> int:
    prefix = key.split("_")[2]
    with container.uow_factory(read_only=True) as uow:
        return uow.session.scalars(select(ApiKey.id).where(ApiKey.prefix == prefix)).one()


@pytest.fixture
def client(container: Container) -> TestClient:
    return TestClient(create_app(container))


@pytest.fixture
def shop(container: Container) -> Shop:
    return Shop(container)


@pytest.fixture
def other_shop(container: Container) -> Shop:
    return Shop(container)


def get(client: TestClient, path: str, key: str) -> Response:
    return client.get(path, headers={"Authorization": f"Bearer {key}"})


def post(client: TestClient, path: str, key: str, body: dict[str, Any] | None = None) -> Response:
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": f"k{next(_requests)}"}
    return client.post(path, headers=headers, json=body)


def listed(client: TestClient, key: str, path: str = "/v1/api-keys") -> dict[int, dict[str, Any]]:
    response = get(client, path, key)
    assert response.status_code == 200, response.text
    return {item["id"]: item for item in response.json()["items"]}


def test_the_list_shows_each_key_without_its_secret_and_when_it_was_last_used(
    client: TestClient, shop: Shop, clock: MovableClock
) -> None:
    assert get(client, "/v1/orders", shop.integration_key).status_code == 200

    keys = listed(client, shop.manager_key)

    integration = keys[shop.integration_id]
    assert integration == {
        "id": shop.integration_id,
        "prefix": shop.integration_key.split("_")[2],
        "name": "integration",
        "seller_id": shop.seller_id,
        "buyer_id": None,
        "scopes": ["orders:read"],
        "status": "active",
        "created_at": START.isoformat().replace("+00:00", "Z"),
        "last_used_at": START.isoformat().replace("+00:00", "Z"),
        "expires_at": None,
        "revoked_at": None,
        "rotated_from_id": None,
        "replaced_by_id": None,
    }
    assert shop.integration_key not in str(keys)


def test_last_use_is_written_at_most_once_a_minute(
    container: Container, shop: Shop, clock: MovableClock
) -> None:
    def use_from_a_fresh_process() -> None:  # a new app: no cached key
        client = TestClient(create_app(container))
        assert get(client, "/v1/orders", shop.integration_key).status_code == 200

    use_from_a_fresh_process()
    clock.advance(timedelta(seconds=59))
    use_from_a_fresh_process()
    within_the_minute = listed(TestClient(create_app(container)), shop.manager_key)
    clock.advance(timedelta(seconds=2))
    use_from_a_fresh_process()
    after_the_minute = listed(TestClient(create_app(container)), shop.manager_key)

    assert within_the_minute[shop.integration_id]["last_used_at"] == "2026-03-02T09:00:00Z"
    assert after_the_minute[shop.integration_id]["last_used_at"] == "2026-03-02T09:01:01Z"


def test_a_key_revoked_through_the_api_is_refused_at_once_in_the_same_process(
    client: TestClient, shop: Shop, container: Container
) -> None:
    assert get(client, "/v1/orders", shop.integration_key).status_code == 200  # now cached

    revoked = post(client, f"/v1/api-keys/{shop.integration_id}/revoke", shop.manager_key)

    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["revoked_at"] == "2026-03-02T09:00:00Z"
    assert_problem(get(client, "/v1/orders", shop.integration_key), 401, "invalid_credentials")
    with container.uow_factory(read_only=True) as uow:
        audit = uow.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "api_key.revoked")
        ).one()
    assert (audit.subject_id, audit.seller_id, audit.channel, audit.actor_label) == (
        shop.integration_id,
        shop.seller_id,
        "api",
        f"api_key:{shop.manager_key.split('_')[2]}",
    )
    assert audit.before is not None
    assert audit.after is not None
    assert (audit.before["revoked_at"], audit.after["revoked_at"]) == (
        None,
        "2026-03-02T09:00:00+00:00",
    )


def test_revoking_a_revoked_key_is_a_conflict_and_an_unknown_key_is_not_found(
    client: TestClient, shop: Shop
) -> None:
    path = f"/v1/api-keys/{shop.integration_id}/revoke"
    assert post(client, path, shop.manager_key).status_code == 200

    again = assert_problem(post(client, path, shop.manager_key), 409, "api_key_already_revoked")
    unknown = post(client, "/v1/api-keys/999999/revoke", shop.manager_key)

    assert again["current_state"] == listed(client, shop.manager_key)[shop.integration_id]
    assert_problem(unknown, 404, "api_key_not_found")


def test_a_key_past_its_expiry_is_refused_even_while_cached(
    client: TestClient, shop: Shop, clock: MovableClock
) -> None:
    created = post(client, "/v1/api-keys", shop.manager_key, {"expires_in_days": 1})
    assert created.status_code == 200, created.text
    key = created.json()["key"]
    assert created.json()["expires_at"] == "2026-03-03T09:00:00Z"
    assert get(client, "/v1/orders", key).status_code == 200  # now cached

    clock.advance(timedelta(days=1))

    assert_problem(get(client, "/v1/orders", key), 401, "invalid_credentials")
    assert listed(client, shop.manager_key)[created.json()["id"]]["status"] == "expired"


def test_a_rotated_key_works_during_the_grace_period_and_not_after(
    client: TestClient, shop: Shop, clock: MovableClock
) -> None:
    assert get(client, "/v1/orders", shop.integration_key).status_code == 200  # now cached

    rotated = post(
        client, f"/v1/api-keys/{shop.integration_id}/rotate", shop.manager_key, {"grace_hours": 2}
    )

    assert rotated.status_code == 200, rotated.text
    new, old = rotated.json()["new_key"], rotated.json()["old_key"]
    assert (new["name"], new["scopes"], new["seller_id"]) == (
        "integration",
        ["orders:read"],
        shop.seller_id,
    )
    assert new["rotated_from_id"] == shop.integration_id
    assert (old["status"], old["expires_at"], old["replaced_by_id"]) == (
        "expiring",
        "2026-03-02T11:00:00Z",
        new["id"],
    )
    assert get(client, "/v1/orders", new["key"]).status_code == 200
    clock.advance(timedelta(hours=2) - timedelta(seconds=1))
    assert get(client, "/v1/orders", shop.integration_key).status_code == 200
    clock.advance(timedelta(seconds=1))
    assert_problem(get(client, "/v1/orders", shop.integration_key), 401, "invalid_credentials")
    assert get(client, "/v1/orders", new["key"]).status_code == 200


def test_rotating_without_grace_revokes_the_old_key_at_once_and_only_once(
    client: TestClient, shop: Shop
) -> None:
    assert get(client, "/v1/orders", shop.integration_key).status_code == 200  # now cached
    path = f"/v1/api-keys/{shop.integration_id}/rotate"

    rotated = post(client, path, shop.manager_key, {"grace_hours": 0})
    again = post(client, path, shop.manager_key, {"grace_hours": 0})

    assert rotated.json()["old_key"]["status"] == "revoked"
    assert_problem(get(client, "/v1/orders", shop.integration_key), 401, "invalid_credentials")
    assert get(client, "/v1/orders", rotated.json()["new_key"]["key"]).status_code == 200
    assert_problem(again, 409, "api_key_already_rotated")


def test_a_seller_can_neither_see_nor_revoke_nor_rotate_another_sellers_key(
    client: TestClient, shop: Shop, other_shop: Shop
) -> None:
    theirs = other_shop.integration_id

    mine = listed(client, shop.manager_key)
    filtered = listed(client, shop.manager_key, f"/v1/api-keys?seller_id={other_shop.seller_id}")
    revoke = post(client, f"/v1/api-keys/{theirs}/revoke", shop.manager_key)
    rotate = post(client, f"/v1/api-keys/{theirs}/rotate", shop.manager_key, {})
    create_for_them = post(
        client, "/v1/api-keys", shop.manager_key, {"seller_id": other_shop.seller_id}
    )

    assert theirs not in mine
    assert set(mine) == {
        key_id_ for key_id_ in mine if mine[key_id_]["seller_id"] == shop.seller_id
    }
    assert filtered == {}
    assert_problem(revoke, 404, "api_key_not_found")
    assert_problem(rotate, 404, "api_key_not_found")
    assert_problem(create_for_them, 404, "seller_not_found")
    assert len(listed(client, other_shop.manager_key)) == 2
    assert listed(client, other_shop.manager_key)[theirs]["status"] == "active"
    assert get(client, "/v1/orders", other_shop.integration_key).status_code == 200


def test_a_key_cannot_hand_out_or_rotate_into_scopes_it_lacks(
    client: TestClient, shop: Shop, container: Container
) -> None:
    broad_key = make_api_key(container.uow_factory, seller_id=shop.seller_id)
    broad_id = key_id(container, broad_key)

    escalate = post(client, "/v1/api-keys", shop.manager_key, {"scopes": ["orders:write"]})
    rotate = post(client, f"/v1/api-keys/{broad_id}/rotate", shop.manager_key, {})
    default = post(client, "/v1/api-keys", shop.manager_key, {"name": "reader"})

    body = assert_problem(escalate, 403, "api_key_scope_escalation")
    assert "orders:write" in str(body["detail"])
    assert_problem(rotate, 403, "api_key_scope_escalation")
    assert default.json()["scopes"] == ["orders:read"]  # its own scopes, less key management
    assert listed(client, shop.manager_key)[broad_id]["replaced_by_id"] is None


def test_keys_are_managed_only_with_the_key_scopes_which_no_key_gets_by_default(
    client: TestClient, shop: Shop, container: Container
) -> None:
    default_key = make_api_key(container.uow_factory, seller_id=shop.seller_id)

    response = get(client, "/v1/api-keys", default_key)

    body = assert_problem(response, 403, "missing_scope")
    assert "'api_keys:read'" in str(body["detail"])


def test_a_buyer_lists_and_rotates_only_their_own_keys(
    client: TestClient, container: Container, shop: Shop
) -> None:
    factory = container.uow_factory
    buyer = make_buyer(factory).buyer_id
    buyer_key = make_api_key(factory, buyer_id=buyer, scopes=["api_keys:read", "api_keys:write"])
    other_buyer_key = make_api_key(factory, buyer_id=make_buyer(factory).buyer_id)
    other_id = key_id(container, other_buyer_key)

    keys = listed(client, buyer_key, "/v1/buyer/api-keys")
    rotate_other = post(client, f"/v1/buyer/api-keys/{other_id}/rotate", buyer_key, {})
    rotate_own = post(
        client, f"/v1/buyer/api-keys/{key_id(container, buyer_key)}/rotate", buyer_key, {}
    )
    seller_on_buyer_api = get(client, "/v1/buyer/api-keys", shop.manager_key)

    assert list(keys) == [key_id(container, buyer_key)]
    assert_problem(rotate_other, 404, "api_key_not_found")
    assert rotate_own.status_code == 200, rotate_own.text
    assert rotate_own.json()["new_key"]["key"].startswith("fm_bk_")
    assert rotate_own.json()["new_key"]["buyer_id"] == buyer
    assert_problem(seller_on_buyer_api, 403, "buyer_key_required")

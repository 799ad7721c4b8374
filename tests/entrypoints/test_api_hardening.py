"""Findings of the outside audit on the API's input handling: dry runs never ignored, ids and
text that used to crash the server, problem+json for everything the framework answers, and
401 before 422."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from fairmarket.bootstrap import Container
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator
from tests.entrypoints.test_seller_api import PROBLEM, World, assert_problem


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


def order_status(world: World) -> str:
    with world.container.uow_factory(read_only=True) as uow:
        status = uow.session.scalar(select(Order.status).where(Order.number == world.order))
    return str(status)


def refunds(world: World) -> int:
    with world.container.uow_factory(read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Refund)) or 0)


# --- Finding 3: ?dry_run=true is supported or refused, never ignored -------------------------


@pytest.mark.parametrize("action", ["cancel", "ship"])
def test_a_dry_run_on_an_action_without_one_is_refused_and_nothing_happens(
    world: World, action: str
) -> None:
    before = order_status(world)
    body: dict[str, Any] = (
        {"reason": "out_of_stock"}
        if action == "cancel"
        else {"carrier": "UPS", "tracking_number": "1Z999"}
    )

    response = world.client.post(
        f"/v1/orders/{world.order}/{action}?dry_run=true",
        headers=world.seller_headers(**{"Idempotency-Key": f"dry-{action}"}),
        json=body,
    )

    problem = assert_problem(response, 400, "dry_run_not_supported")
    assert "dry_run" in str(problem["detail"])
    assert order_status(world) == before
    assert refunds(world) == 0


def test_a_buyer_cancellation_request_with_dry_run_is_refused(world: World) -> None:
    response = world.client.post(
        f"/v1/buyer/orders/{world.order}/after-sales/cancellation?dry_run=true",
        headers={"Authorization": f"Bearer {world.buyer_key}", "Idempotency-Key": "dry-req"},
        json={"reason": "changed_mind"},
    )

    assert_problem(response, 400, "dry_run_not_supported")
    with world.container.uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AfterSaleRequest)) == 0


def test_unknown_query_parameters_on_a_post_are_refused(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/approve?force=1",
        headers=world.seller_headers(**{"Idempotency-Key": "unknown-query"}),
    )

    problem = assert_problem(response, 422, "validation_failed")
    assert problem["errors"] == [
        {
            "field": "force",
            "message": "is not an input of this action; remove it",
            "code": "extra_forbidden",
        }
    ]
    assert refunds(world) == 0


def test_a_supported_dry_run_still_changes_nothing(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/approve?dry_run=true", headers=world.seller_headers()
    )

    assert response.status_code == 200, response.text
    assert refunds(world) == 0


# --- Finding 6: inputs that used to answer 500 -------------------------------------------


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64 + 5])
def test_ids_beyond_the_columns_are_422_not_500(world: World, number: int) -> None:
    response = world.client.get(f"/v1/after-sales/{number}", headers=world.seller_headers())

    assert_problem(response, 422, "validation_failed")


def test_an_order_number_beyond_bigint_is_422(world: World) -> None:
    response = world.client.get(f"/v1/orders/{2**63}", headers=world.seller_headers())

    assert_problem(response, 422, "validation_failed")


@pytest.mark.parametrize("cursor", ["WyJhIl0", "W251bGxd", "e30", "!!!", "W1tdXQ"])
def test_a_malformed_cursor_is_422(world: World, cursor: str) -> None:
    response = world.client.get(f"/v1/orders?cursor={cursor}", headers=world.seller_headers())

    problem = assert_problem(response, 422, "invalid_cursor")
    assert problem["errors"][0]["field"] == "cursor"  # type: ignore[index]


def test_a_nul_character_in_text_is_refused_with_its_field(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(**{"Idempotency-Key": "nul"}),
        json={"reason": "custom_made", "note": "Engraved\u0000 for the buyer"},
    )

    problem = assert_problem(response, 422, "validation_failed")
    assert problem["errors"] == [
        {
            "field": "note",
            "message": "must not contain the NUL character (\\u0000)",
            "code": "nul_character",
        }
    ]


def test_true_is_not_taken_as_the_number_1(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/offer-partial-refund",
        headers=world.seller_headers(**{"Idempotency-Key": "bool"}),
        json={"amount_minor": True},
    )

    problem = assert_problem(response, 422, "validation_failed")
    assert [item["field"] for item in problem["errors"]] == ["amount_minor"]  # type: ignore[attr-defined]
    assert refunds(world) == 0


def test_an_amount_beyond_bigint_is_422(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/offer-partial-refund",
        headers=world.seller_headers(**{"Idempotency-Key": "huge"}),
        json={"amount_minor": 2**64},
    )

    assert_problem(response, 422, "validation_failed")


def test_an_unexpected_error_is_a_500_problem_with_the_request_id(
    container: Container, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(ApiKeyAuthenticator, "actor", broken)
    client = TestClient(create_app(container), raise_server_exceptions=False)

    response = client.get("/v1/orders", headers=world.seller_headers())

    problem = assert_problem(response, 500, "internal_error")
    assert "secret internals" not in response.text
    assert problem["title"] == "Internal error"


# --- Finding 8: everything the framework answers is problem+json ---------------------------


def test_a_wrong_method_is_a_405_problem(world: World) -> None:
    response = world.client.delete("/v1/orders", headers=world.seller_headers())

    assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_an_unknown_api_path_is_a_404_problem(world: World) -> None:
    response = world.client.get("/v1/nothing-here", headers=world.seller_headers())

    assert_problem(response, 404, "route_not_found")


def test_deeply_nested_json_is_a_400_problem(world: World) -> None:
    request_id = world.request_cancellation()
    body = b'{"note": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(
            **{"Idempotency-Key": "deep", "Content-Type": "application/json"}
        ),
        content=body,
    )

    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == PROBLEM


def test_invalid_utf8_is_a_400_problem(world: World) -> None:
    request_id = world.request_cancellation()

    response = world.client.post(
        f"/v1/after-sales/{request_id}/reject",
        headers=world.seller_headers(
            **{"Idempotency-Key": "utf8", "Content-Type": "application/json"}
        ),
        content=b'{"reason": "custom_made", "note": "\xff\xfe caf\xe9 engraved"}',
    )

    assert_problem(response, 400, "invalid_json")


def test_an_unauthenticated_request_with_a_bad_query_is_401_first(world: World) -> None:
    response = world.client.get("/v1/orders?limit=-5&status=nonsense")

    assert_problem(response, 401, "missing_credentials")


def test_an_unknown_key_with_a_bad_body_is_401_first(world: World) -> None:
    response = world.client.post(
        "/v1/orders/1/cancel",
        headers={"Authorization": "Bearer fm_sk_nope_nope", "Idempotency-Key": "x"},
        json={"reason": 5},
    )

    assert_problem(response, 401, "invalid_credentials")


def test_the_problem_schema_is_not_overwritten_by_the_rules_problem(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]

    assert schemas["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
    ]
    validate = document["paths"]["/v1/rules/validate"]["post"]["responses"]["200"]
    reference = validate["content"]["application/json"]["schema"]["$ref"]
    report = schemas[reference.rsplit("/", 1)[-1]]
    problems = report["properties"]["problems"]["items"]["$ref"]
    assert problems != "#/components/schemas/Problem"
    assert "line" in schemas[problems.rsplit("/", 1)[-1]]["properties"]


def test_a_create_answers_201_and_its_replay_too(world: World) -> None:
    headers = {"Authorization": f"Bearer {world.buyer_key}", "Idempotency-Key": "create-once"}
    path = f"/v1/buyer/orders/{world.order}/after-sales/cancellation"

    first = world.client.post(path, headers=headers, json={"reason": "changed_mind"})
    again = world.client.post(path, headers=headers, json={"reason": "changed_mind"})

    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()


def test_a_chat_message_is_checked_as_any_command_is(world: World) -> None:
    response = world.client.post(
        "/v1/chat",
        headers=world.seller_headers(),
        json={"message": "show pending returns\u0000", "colour": "red"},
    )

    problem = assert_problem(response, 422, "validation_failed")
    assert {item["field"] for item in problem["errors"]} == {"message", "colour"}  # type: ignore[union-attr]

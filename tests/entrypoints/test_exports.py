"""Bulk exports: every order or after-sale request of a date range as JSON lines, streamed,
the seller's own only, in ranges of at most 31 days."""

from __future__ import annotations

import json
from typing import Any

import pytest
from httpx import Response

from fairmarket.bootstrap import Container
from fairmarket.kernel.clock import MovableClock
from tests.entrypoints.test_catching_up import PROBLEM, Marketplace, at
from tests.factories.accounts import make_api_key

NDJSON = "application/x-ndjson"


@pytest.fixture
def market(container: Container, clock: MovableClock) -> Marketplace:
    return Marketplace(container, clock)


def lines(response: Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == NDJSON
    rows = response.text.splitlines()
    assert response.text == "".join(f"{row}\n" for row in rows)  # every line ends in a newline
    return [json.loads(row) for row in rows]


def problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def test_an_order_export_is_every_order_placed_in_the_range(market: Marketplace) -> None:
    first, second, third = market.orders

    day_one = lines(market.get("/v1/exports/orders", created_from=at(1), created_to=at(2)))
    all_days = lines(market.get("/v1/exports/orders", created_from=at(0), created_to=at(3)))
    before = lines(market.get("/v1/exports/orders", created_from=at(-9), created_to=at(0)))

    assert [order["number"] for order in day_one] == [second]
    assert [order["number"] for order in all_days] == [first, second, third]
    assert before == []


def test_each_exported_line_is_the_order_as_the_api_shows_it(market: Marketplace) -> None:
    [exported] = lines(market.get("/v1/exports/orders", created_from=at(0), created_to=at(1)))

    shown = market.get(f"/v1/orders/{market.orders[0]}").json()

    assert exported == shown


def test_an_export_never_holds_another_sellers_orders(market: Marketplace) -> None:
    mine = lines(market.get("/v1/exports/orders", created_from=at(0), created_to=at(3)))
    theirs = lines(
        market.get("/v1/exports/orders", market.other_key, created_from=at(0), created_to=at(3))
    )

    assert market.other_order not in [order["number"] for order in mine]
    assert [order["number"] for order in theirs] == [market.other_order]


def test_an_after_sale_export_is_every_request_made_in_the_range(market: Marketplace) -> None:
    first, second, third = market.orders
    market.on_day(3)
    on_day_three = market.request_cancellation(first)
    market.on_day(4)
    on_day_four = market.request_cancellation(second)
    market.request_cancellation(market.other_order)
    market.on_day(5)
    market.request_cancellation(third)

    exported = lines(market.get("/v1/exports/after-sales", created_from=at(3), created_to=at(5)))

    assert [request["id"] for request in exported] == [on_day_three, on_day_four]
    assert exported[1] == market.get(f"/v1/after-sales/{on_day_four}").json() | {
        "timeline": exported[1]["timeline"]
    }


@pytest.mark.parametrize("path", ["/v1/exports/orders", "/v1/exports/after-sales"])
def test_a_range_must_be_given_ordered_and_at_most_31_days(market: Marketplace, path: str) -> None:
    reversed_range = problem(
        market.get(path, created_from=at(2), created_to=at(1)), 422, "validation_failed"
    )
    too_long = problem(
        market.get(path, created_from=at(0), created_to=at(32)), 422, "validation_failed"
    )
    open_ended = problem(market.get(path, created_from=at(0)), 422, "validation_failed")

    assert [e["field"] for e in reversed_range["errors"]] == ["created_to"]
    assert too_long["errors"] == [
        {
            "field": "created_to",
            "message": "must be at most 31 days after created_from (2026-03-02T09:00:00+00:00); "
            "export a longer history in consecutive ranges",
            "code": "value_error",
        }
    ]
    assert open_ended["errors"] == [
        {"field": "created_to", "message": "is required", "code": "missing"}
    ]
    assert lines(market.get(path, created_from=at(0), created_to=at(31))) is not None


def test_an_export_needs_the_read_scope_and_a_seller_key(
    market: Marketplace, container: Container
) -> None:
    events_only = make_api_key(
        container.uow_factory, seller_id=market.seller.seller_id, scopes=["events:read"]
    )
    window = {"created_from": at(0), "created_to": at(3)}

    no_scope = market.get("/v1/exports/orders", events_only, **window)
    buyer = market.get("/v1/exports/after-sales", market.buyer_key, **window)
    no_key = market.client.get("/v1/exports/orders", params=window)

    assert "'orders:read'" in problem(no_scope, 403, "missing_scope")["detail"]
    problem(buyer, 403, "seller_key_required")
    problem(no_key, 401, "missing_credentials")


def test_openapi_describes_the_exports_as_json_lines(market: Marketplace) -> None:
    document = market.client.get("/openapi.json").json()
    operation = document["paths"]["/v1/exports/orders"]["get"]

    assert operation["responses"]["200"]["content"] == {
        NDJSON: {"schema": {"$ref": "#/components/schemas/OrderRead"}}
    }
    assert "OrderRead" in document["components"]["schemas"]
    assert {p["name"] for p in operation["parameters"]} == {
        "X-Request-Id",
        "created_from",
        "created_to",
    }
    assert operation["x-required-scope"] == "orders:read"

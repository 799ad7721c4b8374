"""Catching up through the Seller API: the same date filters on every list, scoped to the seller.

`created_from` is inclusive, `created_to` exclusive, `updated_since` inclusive; all RFC 3339
with a timezone, and a range that ends before it starts is a 422 naming `created_to`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.worker.due_jobs import run_due_webhooks
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
from tests.domains.test_webhooks import Receiver, start_receiver
from tests.factories.accounts import make_api_key, make_buyer, make_seller
from tests.factories.orders import make_order

PROBLEM = "application/problem+json"
DAY = timedelta(days=1)


def at(days: int) -> str:
    """An RFC 3339 instant `days` after the test clock's start."""
    return (START + days * DAY).isoformat().replace("+00:00", "Z")


class Marketplace:
    """A seller with orders placed on days 0, 1 and 2 of the clock, and another seller whose
    order is placed on day 1 too."""

    def __init__(self, container: Container, clock: MovableClock) -> None:
        factory = container.uow_factory
        self.container = container
        self.clock = clock
        self.client = TestClient(create_app(container))
        self.seller = make_seller(factory)
        self.another_seller = make_seller(factory)
        self.buyer = make_buyer(factory)
        self.seller_key = make_api_key(factory, seller_id=self.seller.seller_id)
        self.other_key = make_api_key(factory, seller_id=self.another_seller.seller_id)
        self.buyer_key = make_api_key(factory, buyer_id=self.buyer.buyer_id)
        self.orders: list[int] = []
        self.cancellation = 0  # the after-sale request `busy_market` opens
        for day in range(3):
            clock.freeze(START + day * DAY)
            self.orders.append(
                make_order(factory, seller_id=self.seller.seller_id, buyer_id=self.buyer.buyer_id)
            )
            if day == 1:
                self.other_order = make_order(
                    factory,
                    seller_id=self.another_seller.seller_id,
                    buyer_id=self.buyer.buyer_id,
                )
        self._keys = 0

    def get(self, path: str, key: str | None = None, **params: Any) -> Response:
        return self.client.get(
            path, params=params, headers={"Authorization": f"Bearer {key or self.seller_key}"}
        )

    def post(self, path: str, key: str | None = None, **body: Any) -> Response:
        self._keys += 1
        response = self.client.post(
            path,
            json=body or None,
            headers={
                "Authorization": f"Bearer {key or self.seller_key}",
                "Idempotency-Key": f"catch-up-{self._keys}",
            },
        )
        assert response.status_code in (200, 201), response.text  # 201 for what it creates
        return response

    def send_webhooks(self) -> None:
        run_due_webhooks(self.container.uow_factory, self.container.webhook_sender, batch_size=200)

    def on_day(self, day: int) -> None:
        self.clock.freeze(START + day * DAY)

    def ship(self, order: int) -> None:
        self.post(f"/v1/orders/{order}/ship", carrier="UPS", tracking_number="1Z999AA101")

    def request_cancellation(self, order: int) -> int:
        response = self.post(
            f"/v1/buyer/orders/{order}/after-sales/cancellation",
            self.buyer_key,
            reason="changed_mind",
        )
        request_id: int = response.json()["id"]
        return request_id


@pytest.fixture
def market(container: Container, clock: MovableClock) -> Marketplace:
    return Marketplace(container, clock)


def numbers(response: Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


def ids(response: Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def assert_invalid_range(response: Response) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["code"] == "validation_failed"
    [error] = body["errors"]
    assert error["field"] == "created_to"
    assert error["message"] == (
        f"must not be before created_from ({(START + 2 * DAY).isoformat()}); "
        f"got {(START + DAY).isoformat()}"
    )


# --- orders ---------------------------------------------------------------------------------


def test_orders_are_filtered_by_when_they_were_placed(market: Marketplace) -> None:
    first, second, third = market.orders

    day_one = market.get("/v1/orders", created_from=at(1), created_to=at(2))
    from_day_one = market.get("/v1/orders", created_from=at(1))
    before_day_two = market.get("/v1/orders", created_to=at(2))

    assert numbers(day_one) == [second]
    assert numbers(from_day_one) == [third, second]
    assert numbers(before_day_two) == [second, first]


def test_orders_changed_since_a_sync_are_the_ones_to_catch_up_on(market: Marketplace) -> None:
    first, _, third = market.orders
    market.on_day(5)
    market.ship(first)
    market.on_day(6)
    market.ship(third)

    since_day_five = market.get("/v1/orders", updated_since=at(5))
    since_day_six = market.get("/v1/orders", updated_since=at(6))
    since_day_seven = market.get("/v1/orders", updated_since=at(7))

    assert numbers(since_day_five) == [third, first]
    assert numbers(since_day_six) == [third]
    assert numbers(since_day_seven) == []


def test_date_filters_never_reach_another_sellers_orders(market: Marketplace) -> None:
    mine = market.get("/v1/orders", created_from=at(1), created_to=at(2))
    theirs = market.get("/v1/orders", market.other_key, created_from=at(0), updated_since=at(0))

    assert numbers(mine) == [market.orders[1]]
    assert numbers(theirs) == [market.other_order]


def test_an_order_range_that_ends_before_it_starts_is_refused(market: Marketplace) -> None:
    assert_invalid_range(market.get("/v1/orders", created_from=at(2), created_to=at(1)))


def test_dates_without_a_timezone_are_refused(market: Marketplace) -> None:
    response = market.get("/v1/orders", updated_since="2026-03-02T09:00:00")

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "updated_since"
    assert error["code"] == "timezone_aware"


def test_the_buyer_list_takes_the_same_filters(market: Marketplace) -> None:
    mine = market.get("/v1/buyer/orders", market.buyer_key, created_from=at(1), created_to=at(2))

    assert sorted(numbers(mine)) == sorted([market.orders[1], market.other_order])


# --- after-sale requests --------------------------------------------------------------------


def test_after_sale_requests_are_filtered_by_request_and_change_times(
    market: Marketplace,
) -> None:
    first, second, third = market.orders
    market.on_day(3)
    on_day_three = market.request_cancellation(first)
    market.on_day(4)
    on_day_four = market.request_cancellation(second)
    theirs = market.request_cancellation(market.other_order)
    market.on_day(5)
    on_day_five = market.request_cancellation(third)
    market.on_day(6)
    market.post(f"/v1/after-sales/{on_day_three}/approve")

    day_four = market.get("/v1/after-sales", created_from=at(4), created_to=at(5))
    from_day_four = market.get("/v1/after-sales", created_from=at(4))
    changed_since_day_five = market.get("/v1/after-sales", updated_since=at(5))
    changed_since_day_six = market.get("/v1/after-sales", updated_since=at(6))
    other_seller = market.get("/v1/after-sales", market.other_key, created_from=at(0))

    assert ids(day_four) == [on_day_four]
    assert ids(from_day_four) == [on_day_five, on_day_four]
    assert ids(changed_since_day_five) == [on_day_five, on_day_three]
    assert ids(changed_since_day_six) == [on_day_three]
    assert ids(other_seller) == [theirs]
    assert_invalid_range(market.get("/v1/after-sales", created_from=at(2), created_to=at(1)))


# --- webhooks -------------------------------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def test_webhook_endpoints_are_filtered_by_registration_and_change(
    market: Marketplace,
) -> None:
    market.on_day(3)
    early = market.post("/v1/webhooks", url="https://example.com/early").json()["id"]
    market.on_day(4)
    late = market.post("/v1/webhooks", url="https://example.com/late").json()["id"]
    market.post("/v1/webhooks", market.other_key, url="https://example.com/theirs")

    from_day_four = market.get("/v1/webhooks", created_from=at(4))
    before_day_four = market.get("/v1/webhooks", created_to=at(4))
    theirs_before_day_four = market.get("/v1/webhooks", market.other_key, created_to=at(4))

    market.on_day(6)
    market.post(f"/v1/webhooks/{early}/rotate-secret")
    changed_since_day_four = market.get("/v1/webhooks", updated_since=at(4))
    changed_since_day_five = market.get("/v1/webhooks", updated_since=at(5))

    assert ids(from_day_four) == [late]
    assert ids(before_day_four) == [early]
    assert ids(theirs_before_day_four) == []
    assert ids(changed_since_day_four) == [early, late]
    assert ids(changed_since_day_five) == [early]
    assert_invalid_range(market.get("/v1/webhooks", created_from=at(2), created_to=at(1)))


def test_webhook_deliveries_are_filtered_by_queueing_and_change(
    market: Marketplace, receiver: Receiver
) -> None:
    first, second, _ = market.orders
    endpoint = market.post("/v1/webhooks", url=f"{receiver.url}/hooks").json()["id"]
    market.on_day(4)
    market.ship(first)
    market.send_webhooks()
    market.on_day(5)
    market.ship(second)
    market.send_webhooks()
    path = f"/v1/webhooks/{endpoint}/deliveries"

    every = market.get(path)
    on_day_four = market.get(path, created_from=at(4), created_to=at(5))
    from_day_five = market.get(path, created_from=at(5))

    market.on_day(7)
    day_five_delivery, day_four_delivery = ids(every)
    market.post(f"/v1/webhooks/deliveries/{day_four_delivery}/redeliver")
    changed_since_day_five = market.get(path, updated_since=at(5))
    changed_since_day_six = market.get(path, updated_since=at(6))

    assert ids(on_day_four) == [day_four_delivery]
    assert ids(from_day_five) == [day_five_delivery]
    assert ids(changed_since_day_five) == [day_five_delivery, day_four_delivery]
    assert ids(changed_since_day_six) == [day_four_delivery]
    assert market.get(path).json()["items"][1]["updated_at"] == at(7)
    assert_invalid_range(market.get(path, created_from=at(2), created_to=at(1)))


# --- the event log --------------------------------------------------------------------------


def events(response: Response) -> list[tuple[str, int]]:
    assert response.status_code == 200, response.text
    return [(item["type"], item["resource_id"]) for item in response.json()["items"]]


def walk(market: Marketplace, **params: Any) -> list[str]:
    """Every page of /v1/events, following next_cursor; the cursors of the events read."""
    cursors: list[str] = []
    after: str | None = None
    while True:
        page = market.get("/v1/events", **params, **({"after": after} if after else {}))
        assert page.status_code == 200, page.text
        cursors += [item["cursor"] for item in page.json()["items"]]
        after = page.json()["next_cursor"]
        if after is None:
            return cursors


@pytest.fixture
def busy_market(market: Marketplace) -> Marketplace:
    """Day 3: the first order shipped; day 4: a cancellation asked on the second and approved;
    day 5: the third order shipped; the other seller's order shipped on day 4."""
    first, second, third = market.orders
    market.on_day(3)
    market.ship(first)
    market.on_day(4)
    market.cancellation = market.request_cancellation(second)
    market.post(f"/v1/after-sales/{market.cancellation}/approve")
    market.post(
        f"/v1/orders/{market.other_order}/ship",
        market.other_key,
        carrier="UPS",
        tracking_number="1Z999AA101",
    )
    market.on_day(5)
    market.ship(third)
    return market


def test_events_can_be_read_of_one_type_or_several(busy_market: Marketplace) -> None:
    market = busy_market
    first, _, third = market.orders
    request = market.cancellation

    shipped = market.get("/v1/events", type="order.shipped")
    decided = market.get("/v1/events", type=["after_sale.requested", "after_sale.approved"])

    assert events(shipped) == [("order.shipped", first), ("order.shipped", third)]
    assert events(decided) == [("after_sale.requested", request), ("after_sale.approved", request)]


def test_an_unknown_event_type_is_refused_with_the_valid_ones(busy_market: Marketplace) -> None:
    response = busy_market.get("/v1/events", type=["order.shipped", "order.teleported"])

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    [error] = response.json()["errors"]
    assert error["field"] == "type"
    assert error["message"].startswith(
        "unknown event type order.teleported; must be one of order.shipped, order.delivered, "
    )
    assert error["message"].endswith(", shipment.exception")


def test_events_are_filtered_by_when_they_occurred(busy_market: Marketplace) -> None:
    market = busy_market
    first, _, third = market.orders

    day_three = market.get("/v1/events", created_from=at(3), created_to=at(4))
    day_five_on = market.get("/v1/events", created_from=at(5))

    assert events(day_three) == [("order.shipped", first)]
    assert events(day_five_on) == [("order.shipped", third)]
    assert_invalid_range(market.get("/v1/events", created_from=at(2), created_to=at(1)))


def test_newest_first_walks_every_event_exactly_once(busy_market: Marketplace) -> None:
    first, second, third = busy_market.orders
    request = busy_market.cancellation
    log = events(busy_market.get("/v1/events"))

    oldest_first = walk(busy_market, limit=2)
    newest_first = walk(busy_market, limit=2, order="newest_first")

    assert log == [
        ("order.shipped", first),
        ("after_sale.requested", request),
        ("order.cancelled", second),
        ("after_sale.approved", request),
        ("order.shipped", third),
    ]
    assert len(oldest_first) == len(set(oldest_first)) == 5
    assert newest_first == list(reversed(oldest_first))


def test_newest_first_with_filters_and_a_cursor(busy_market: Marketplace) -> None:
    market = busy_market
    first, _, third = market.orders

    page = market.get("/v1/events", type="order.shipped", order="newest_first", limit=1)
    rest = market.get(
        "/v1/events",
        type="order.shipped",
        order="newest_first",
        after=page.json()["next_cursor"],
    )

    assert events(page) == [("order.shipped", third)]
    assert events(rest) == [("order.shipped", first)]
    assert rest.json()["next_cursor"] is None


def test_another_sellers_events_never_appear_whatever_the_filter(
    busy_market: Marketplace,
) -> None:
    market = busy_market

    theirs = market.get("/v1/events", market.other_key, order="newest_first", type="order.shipped")
    mine = market.get("/v1/events", created_from=at(4), created_to=at(5), type="order.shipped")

    assert events(theirs) == [("order.shipped", market.other_order)]
    assert events(mine) == []


def test_old_type_names_still_filter_until_the_sunset_with_a_notice(
    busy_market: Marketplace,
) -> None:
    request = busy_market.cancellation

    old = busy_market.get("/v1/events", type=["after_sale.approve", "after_sale.approved"])
    current = busy_market.get("/v1/events", type="after_sale.approved")

    assert events(old) == events(current) == [("after_sale.approved", request)]
    assert old.headers["Deprecation"] == "@1796428800"  # 2026-12-05T00:00:00Z
    assert old.headers["Sunset"] == "Sat, 05 Jun 2027 00:00:00 GMT"
    assert "Deprecation" not in current.headers
    assert "Sunset" not in current.headers

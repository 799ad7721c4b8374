"""Webhooks notify about the event log: fanned out per endpoint, signed, retried, logged.

A real HTTP receiver on 127.0.0.1 records every request and answers as each test says.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.service import event_cursor
from fairmarket.domains.webhooks.delivery import RETRY_DELAYS, claim_due
from fairmarket.domains.webhooks.jobs import fan_out_new_events
from fairmarket.domains.webhooks.models import WebhookDelivery, WebhookEndpoint
from fairmarket.entrypoints.worker.due_jobs import run_due_webhooks
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError
from tests.conftest import START
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        payload: dict[str, Any] = json.loads(self.body)
        return payload


@dataclass
class Receiver:
    """An HTTP server that records POSTs and answers with the path's status if `by_path` has
    one, else with the queued statuses, then `default`."""

    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    by_path: dict[str, int] = field(default_factory=dict)
    default: int = 200

    def answer(self, path: str) -> int:
        if path in self.by_path:
            return self.by_path[path]
        return self.statuses.pop(0) if self.statuses else self.default

    def at(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            receiver.requests.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            self.send_response(receiver.answer(self.path))
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return receiver, server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def run_job(container: Container, batch_size: int = 200) -> dict[str, int]:
    result = run_due_webhooks(
        container.uow_factory, container.webhook_sender, batch_size=batch_size
    )
    return vars(result)


def subscribe(factory: UnitOfWorkFactory, seller: SellerPersona, url: str, *types: str) -> Any:
    return call(factory, seller.actor(), "webhooks.create", url=url, event_types=list(types))


def ship(factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona) -> int:
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    call(
        factory,
        seller.actor(),
        "orders.ship",
        order_number=number,
        carrier="UPS",
        tracking_number="1Z999AA101",
    )
    return number


def deliveries(factory: UnitOfWorkFactory, seller: SellerPersona, endpoint_id: int) -> Any:
    page = call(factory, seller.actor(), "webhooks.deliveries", endpoint_id=endpoint_id)
    return page.items


def verified(secret: str, request: Received) -> dict[str, Any]:
    payload: dict[str, Any] = Webhook(secret).verify(request.body, request.headers)
    return payload


def test_a_shipment_notifies_each_matching_endpoint_once_signed(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, another_seller, buyer = make_seller(factory), make_seller(factory), make_buyer(factory)
    every = subscribe(factory, seller, f"{receiver.url}/every")
    shipments = subscribe(factory, seller, f"{receiver.url}/shipments", "order.shipped")
    subscribe(factory, seller, f"{receiver.url}/cancellations", "order.cancelled")
    subscribe(factory, another_seller, f"{receiver.url}/another")

    numbers = [ship(factory, seller, buyer), ship(factory, seller, buyer)]
    first = run_job(container)
    second = run_job(container)

    assert [r.json["data"]["order_number"] for r in receiver.at("/every")] == numbers
    assert len(receiver.requests) == 4
    shipped = receiver.at("/shipments")[1]
    with factory(read_only=True) as uow:
        event = uow.session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()
    assert verified(shipments.secret, shipped) == {
        "type": "order.shipped",
        "timestamp": START.isoformat(),
        "data": {
            **event.data,
            "event_cursor": event_cursor(event.id),
            "resource_type": event.resource_type,
            "resource_id": event.resource_id,
            "sequence": event.sequence,
        },
    }
    assert event.data["order_number"] == numbers[1]
    assert shipped.headers["webhook-id"] == f"evt_{event.id}"
    assert shipped.headers["webhook-signature"].startswith("v1,")
    assert " " not in shipped.headers["webhook-signature"]  # one secret, one signature
    for r in receiver.at("/every"):
        verified(every.secret, r)
    assert first == {
        "deliveries_created": 4,
        "attempts": 4,
        "succeeded": 4,
        "retries_scheduled": 0,
        "given_up": 0,
        "endpoints_disabled": 0,
    }
    assert second["deliveries_created"] == second["attempts"] == 0
    latest, _ = deliveries(factory, seller, shipments.id)
    assert (latest.status, latest.attempts, latest.last_status_code) == ("succeeded", 1, 200)
    assert latest.delivered_at == START


def test_only_events_after_the_endpoint_was_created_are_sent(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    ship(factory, seller, buyer)
    endpoint = subscribe(factory, seller, f"{receiver.url}/late")

    run_job(container)
    later = ship(factory, seller, buyer)
    run_job(container)

    assert [r.json["data"]["order_number"] for r in receiver.requests] == [later]
    assert len(deliveries(factory, seller, endpoint.id)) == 1


def test_a_500_is_retried_after_5_seconds_with_the_same_webhook_id(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/flaky")
    ship(factory, seller, buyer)
    receiver.statuses = [500]

    failed = run_job(container)
    [pending] = deliveries(factory, seller, endpoint.id)
    too_early = run_job(container)
    clock.advance(timedelta(seconds=5))
    retried = run_job(container)

    assert failed["retries_scheduled"] == 1
    assert (pending.status, pending.attempts, pending.last_status_code) == ("pending", 1, 500)
    assert pending.next_attempt_at == START + timedelta(seconds=5)
    assert too_early["attempts"] == 0
    assert retried["succeeded"] == 1
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    verified(endpoint.secret, second)
    [done] = deliveries(factory, seller, endpoint.id)
    assert (done.status, done.attempts, done.next_attempt_at) == ("succeeded", 2, None)
    assert [(a.at, a.status_code, a.failure, a.error) for a in done.attempt_log] == [
        (
            START,
            500,
            "http_status",
            "The receiver answered HTTP 500; only a 2xx counts as delivered.",
        ),
        (START + timedelta(seconds=5), 200, None, None),
    ]


def test_the_retry_schedule_spans_more_than_a_day_then_gives_up(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/down")
    ship(factory, seller, buyer)
    receiver.default = 503

    outcomes = [run_job(container)]
    for delay in RETRY_DELAYS:
        clock.advance(delay)
        outcomes.append(run_job(container))

    assert sum(RETRY_DELAYS, timedelta()) == timedelta(hours=39, minutes=42, seconds=35)
    assert len(receiver.requests) == 12
    assert [o["retries_scheduled"] for o in outcomes] == [1] * 11 + [0]
    assert outcomes[-1]["given_up"] == 1
    [given_up] = deliveries(factory, seller, endpoint.id)
    assert (given_up.status, given_up.attempts, len(given_up.attempt_log)) == ("failed", 12, 12)


def test_an_unreachable_receiver_is_a_connection_failure_without_the_raw_error(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, "http://127.0.0.1:9/nobody-listens")
    ship(factory, seller, buyer)

    outcome = run_job(container)

    assert outcome["retries_scheduled"] == 1
    [pending] = deliveries(factory, seller, endpoint.id)
    assert (pending.last_status_code, pending.last_failure) == (None, "connection_failed")
    assert pending.last_error == (
        "Could not connect to the receiver (refused, reset or unreachable); check that it is "
        "up and reachable from the internet."
    )
    [attempt] = pending.attempt_log
    assert (attempt.failure, attempt.error) == ("connection_failed", pending.last_error)


def test_a_410_disables_the_endpoint_and_stops_its_pending_deliveries(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/gone")
    ship(factory, seller, buyer)
    ship(factory, seller, buyer)
    receiver.default = 410

    outcome = run_job(container)
    ship(factory, seller, buyer)
    after = run_job(container)

    assert len(receiver.requests) == 1
    assert outcome["endpoints_disabled"] == 1
    assert after["deliveries_created"] == after["attempts"] == 0
    [listed] = call(factory, seller.actor(), "webhooks.list").items
    assert listed.status == "disabled"
    assert "410" in listed.disabled_reason
    assert [d.status for d in deliveries(factory, seller, endpoint.id)] == ["failed", "failed"]
    with pytest.raises(DomainError) as refused:
        call(
            factory,
            seller.actor(),
            "webhooks.redeliver",
            delivery_id=deliveries(factory, seller, endpoint.id)[0].id,
        )
    assert refused.value.code == "webhook_endpoint_disabled"


def test_first_attempts_go_before_retries_and_the_batch_is_bounded(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    subscribe(factory, seller, f"{receiver.url}/busy")
    retried = ship(factory, seller, buyer)
    receiver.statuses = [500]
    run_job(container)
    clock.advance(timedelta(minutes=1))  # the retry has been due for 55 seconds
    fresh = [ship(factory, seller, buyer), ship(factory, seller, buyer)]

    bounded = run_job(container, batch_size=2)
    rest = run_job(container, batch_size=2)

    numbers = [r.json["data"]["order_number"] for r in receiver.requests]
    assert numbers == [retried, *fresh, retried]
    assert bounded["attempts"] == 2
    assert rest["attempts"] == 1


def test_a_claimed_delivery_is_leased_so_a_second_worker_skips_it(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    subscribe(factory, seller, f"{receiver.url}/leased")
    ship(factory, seller, buyer)
    fan_out_new_events(factory, 200)

    with factory() as uow:
        first = claim_due(uow, 10)
    with factory() as uow:
        second = claim_due(uow, 10)
    clock.advance(timedelta(seconds=61))
    with factory() as uow:
        after_the_lease = claim_due(uow, 10)

    assert len(first) == 1
    assert second == []
    assert [c.delivery_id for c in after_the_lease] == [first[0].delivery_id]
    assert receiver.requests == []


def test_redelivery_sends_again_with_the_same_id_and_only_for_the_owner(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, another_seller, buyer = make_seller(factory), make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/again")
    ship(factory, seller, buyer)
    run_job(container)
    [delivered] = deliveries(factory, seller, endpoint.id)

    with pytest.raises(DomainError) as hidden:
        call(factory, another_seller.actor(), "webhooks.redeliver", delivery_id=delivered.id)
    with pytest.raises(DomainError) as unseen:
        deliveries(factory, another_seller, endpoint.id)
    untouched = deliveries(factory, seller, endpoint.id)
    queued = call(factory, seller.actor(), "webhooks.redeliver", delivery_id=delivered.id)
    run_job(container)

    assert (hidden.value.code, unseen.value.code) == (
        "webhook_delivery_not_found",
        "webhook_endpoint_not_found",
    )
    assert untouched == [delivered]
    assert (queued.status, queued.attempts, queued.next_attempt_at) == ("pending", 0, START)
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    [again] = deliveries(factory, seller, endpoint.id)
    assert (again.status, again.attempts, len(again.attempt_log)) == ("succeeded", 1, 2)


def test_disabling_stops_pending_deliveries_and_is_idempotent(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/off")
    ship(factory, seller, buyer)
    fan_out_new_events(factory, 200)

    disabled = call(factory, seller.actor(), "webhooks.disable", endpoint_id=endpoint.id)
    again = call(factory, seller.actor(), "webhooks.disable", endpoint_id=endpoint.id)
    run_job(container)

    assert disabled == again
    assert disabled.status == "disabled"
    assert receiver.requests == []
    [stopped] = deliveries(factory, seller, endpoint.id)
    assert (stopped.status, stopped.last_error) == ("failed", "endpoint disabled")


@pytest.mark.parametrize(
    ("fields", "code", "field_name"),
    [
        ({"url": "ftp://example.com/hook"}, "invalid_webhook_url", "url"),
        ({"url": "example.com/hook"}, "invalid_webhook_url", "url"),
        ({"url": "https://"}, "invalid_webhook_url", "url"),
        ({"url": "https://example.com:99999/"}, "invalid_webhook_url", "url"),
        (
            {"url": "https://example.com/hook", "event_types": ["order.lost"]},
            "unknown_event_type",
            "event_types",
        ),
    ],
)
def test_invalid_endpoints_are_refused_with_a_stable_code(
    uow_factory: UnitOfWorkFactory, fields: dict[str, object], code: str, field_name: str
) -> None:
    seller = make_seller(uow_factory)

    with pytest.raises(DomainError) as refused:
        call(uow_factory, seller.actor(), "webhooks.create", **fields)

    assert refused.value.code == code
    assert [p.field for p in refused.value.field_problems] == [field_name]
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(WebhookEndpoint)).all() == []


def test_secrets_follow_the_standard_and_are_shown_only_at_creation(
    uow_factory: UnitOfWorkFactory,
) -> None:
    seller = make_seller(uow_factory)

    created = subscribe(
        uow_factory, seller, "https://example.com/hook", "order.shipped", "order.shipped"
    )
    listed = call(uow_factory, seller.actor(), "webhooks.list")

    assert created.secret.startswith("whsec_")
    Webhook(created.secret)  # the reference library accepts it
    assert created.event_types == ["order.shipped"]
    assert [item.model_dump() for item in listed.items] == [created.model_dump(exclude={"secret"})]
    assert "secret" not in listed.model_dump()["items"][0]
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(WebhookDelivery)).all() == []

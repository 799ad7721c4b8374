"""Managing webhook endpoints: pages of endpoints and deliveries, enabling a disabled endpoint,
and rotating its signing secret with a 24-hour overlap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.jobs import fan_out_new_events
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError
from tests.conftest import START
from tests.domains.test_webhooks import (
    Receiver,
    call,
    deliveries,
    receiver,
    run_job,
    ship,
    subscribe,
    verified,
)
from tests.factories.accounts import make_buyer, make_seller

__all__ = ["receiver"]  # the fixture


def test_endpoints_are_listed_oldest_first_a_page_at_a_time(
    uow_factory: UnitOfWorkFactory,
) -> None:
    seller, another_seller = make_seller(uow_factory), make_seller(uow_factory)
    created = [subscribe(uow_factory, seller, f"https://example.com/{n}") for n in range(3)]
    theirs = subscribe(uow_factory, another_seller, "https://example.com/theirs")

    first = call(uow_factory, seller.actor(), "webhooks.list", limit=2)
    rest = call(uow_factory, seller.actor(), "webhooks.list", limit=2, cursor=first.next_cursor)
    other = call(uow_factory, another_seller.actor(), "webhooks.list")

    assert [e.id for e in first.items] == [created[0].id, created[1].id]
    assert first.next_cursor is not None
    assert [e.id for e in rest.items] == [created[2].id]
    assert rest.next_cursor is None
    assert [e.id for e in other.items] == [theirs.id]
    assert other.next_cursor is None
    with pytest.raises(DomainError) as refused:
        call(uow_factory, seller.actor(), "webhooks.list", cursor="not-a-cursor")
    assert (refused.value.code, refused.value.kind.value) == ("invalid_cursor", "invalid")


def test_deliveries_are_listed_newest_first_a_page_at_a_time(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/paged")
    numbers = [ship(factory, seller, buyer) for _ in range(3)]
    fan_out_new_events(factory, 200)

    first = call(factory, seller.actor(), "webhooks.deliveries", endpoint_id=endpoint.id, limit=2)
    rest = call(
        factory,
        seller.actor(),
        "webhooks.deliveries",
        endpoint_id=endpoint.id,
        limit=2,
        cursor=first.next_cursor,
    )
    succeeded = call(
        factory, seller.actor(), "webhooks.deliveries", endpoint_id=endpoint.id, status="succeeded"
    )

    shown = [d.event_id for d in first.items + rest.items]
    assert shown == sorted(shown, reverse=True)
    assert len(first.items) == 2
    assert first.next_cursor is not None
    assert len(rest.items) == 1
    assert rest.next_cursor is None
    assert (succeeded.items, succeeded.next_cursor) == ([], None)
    assert len(numbers) == len(set(shown))


def test_enabling_sends_new_events_but_not_what_was_given_up_while_disabled(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/back")
    ship(factory, seller, buyer)
    fan_out_new_events(factory, 200)  # a pending delivery ...
    call(factory, seller.actor(), "webhooks.disable", endpoint_id=endpoint.id)  # ... given up
    ship(factory, seller, buyer)  # published while disabled

    enabled = call(factory, seller.actor(), "webhooks.enable", endpoint_id=endpoint.id)
    again = call(factory, seller.actor(), "webhooks.enable", endpoint_id=endpoint.id)
    after = ship(factory, seller, buyer)
    outcome = run_job(container)

    assert (enabled.status, enabled.disabled_reason) == ("active", None)
    assert again == enabled
    assert [r.json["data"]["order_number"] for r in receiver.requests] == [after]
    assert outcome["attempts"] == outcome["succeeded"] == 1
    sent, given_up = deliveries(factory, seller, endpoint.id)
    assert (sent.status, sent.attempts) == ("succeeded", 1)
    assert (given_up.status, given_up.attempts, given_up.last_error) == (
        "failed",
        0,
        "endpoint disabled",
    )

    call(factory, seller.actor(), "webhooks.redeliver", delivery_id=given_up.id)
    run_job(container)

    assert receiver.requests[-1].headers["webhook-id"] == f"evt_{given_up.event_id}"
    assert deliveries(factory, seller, endpoint.id)[1].status == "succeeded"


def test_an_endpoint_disabled_by_a_410_can_be_enabled_again(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/moved")
    ship(factory, seller, buyer)
    receiver.statuses = [410]
    run_job(container)
    [disabled] = call(factory, seller.actor(), "webhooks.list").items

    enabled = call(factory, seller.actor(), "webhooks.enable", endpoint_id=endpoint.id)
    later = ship(factory, seller, buyer)
    outcome = run_job(container)

    assert disabled.status == "disabled"
    assert "410" in disabled.disabled_reason
    assert (enabled.status, enabled.disabled_reason) == ("active", None)
    assert outcome["succeeded"] == 1
    assert receiver.requests[-1].json["data"]["order_number"] == later


@pytest.mark.parametrize("name", ["webhooks.enable", "webhooks.rotate_secret"])
def test_another_seller_can_neither_enable_nor_rotate_an_endpoint(
    uow_factory: UnitOfWorkFactory, name: str
) -> None:
    seller, another_seller = make_seller(uow_factory), make_seller(uow_factory)
    endpoint = subscribe(uow_factory, seller, "https://example.com/mine")
    call(uow_factory, seller.actor(), "webhooks.disable", endpoint_id=endpoint.id)
    before = call(uow_factory, seller.actor(), "webhooks.list").items

    with pytest.raises(DomainError) as refused:
        call(uow_factory, another_seller.actor(), name, endpoint_id=endpoint.id)

    assert refused.value.code == "webhook_endpoint_not_found"
    assert call(uow_factory, seller.actor(), "webhooks.list").items == before


def test_a_rotated_secret_signs_next_to_the_previous_one_for_24_hours(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    created = subscribe(factory, seller, f"{receiver.url}/rotating")
    ship(factory, seller, buyer)
    run_job(container)

    rotated = call(factory, seller.actor(), "webhooks.rotate_secret", endpoint_id=created.id)
    ship(factory, seller, buyer)
    run_job(container)
    clock.advance(timedelta(hours=23, minutes=59))
    ship(factory, seller, buyer)
    run_job(container)
    clock.advance(timedelta(minutes=1))
    ship(factory, seller, buyer)
    run_job(container)

    before, during, last_minute, after = receiver.requests
    assert rotated.secret.startswith("whsec_")
    assert rotated.secret != created.secret
    assert rotated.previous_secret_expires_at == START + timedelta(hours=24)
    verified(created.secret, before)
    for request in (during, last_minute):
        assert [s[:3] for s in request.headers["webhook-signature"].split(" ")] == ["v1,"] * 2
        assert verified(rotated.secret, request) == verified(created.secret, request)
    assert verified(rotated.secret, after)["type"] == "order.shipped"
    with pytest.raises(WebhookVerificationError):
        Webhook(created.secret).verify(after.body, after.headers)
    [listed] = call(factory, seller.actor(), "webhooks.list").items
    assert listed.previous_secret_expires_at == START + timedelta(hours=24)
    assert "secret" not in listed.model_dump()


def test_rotating_twice_retires_the_oldest_secret_at_once(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    created = subscribe(factory, seller, f"{receiver.url}/twice")
    first = call(factory, seller.actor(), "webhooks.rotate_secret", endpoint_id=created.id)
    clock.advance(timedelta(hours=1))

    second = call(factory, seller.actor(), "webhooks.rotate_secret", endpoint_id=created.id)
    ship(factory, seller, buyer)
    run_job(container)

    [request] = receiver.requests
    assert verified(second.secret, request) == verified(first.secret, request)
    with pytest.raises(WebhookVerificationError):
        Webhook(created.secret).verify(request.body, request.headers)
    assert second.previous_secret_expires_at == START + timedelta(hours=25)

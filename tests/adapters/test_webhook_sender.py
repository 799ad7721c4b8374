"""The sender resolves every host itself and connects only to public addresses it checked, so
a name that was public at registration cannot be turned on the platform's own network later
(audit finding 2). A real listener on 127.0.0.1 stands for an internal service."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from fairmarket.adapters.webhook_sender import HttpWebhookSender
from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.jobs import run_webhooks
from fairmarket.domains.webhooks.models import WebhookEndpoint
from fairmarket.domains.webhooks.schemas import OutgoingWebhook
from tests.domains.test_webhooks import Receiver, call, deliveries, receiver, ship
from tests.factories.accounts import make_buyer, make_seller
from tests.support.resolver import PUBLIC_NAMES, FakeResolver, strict_factory

__all__ = ["receiver"]  # the fixture


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver(PUBLIC_NAMES)


@pytest.fixture
def strict(uow_factory: UnitOfWorkFactory, resolver: FakeResolver) -> UnitOfWorkFactory:
    return strict_factory(uow_factory, resolver)


@pytest.fixture
def sender(resolver: FakeResolver) -> Iterator[HttpWebhookSender]:
    sender = HttpWebhookSender(resolver=resolver, private_targets_allowed=False)
    yield sender
    sender.close()


def port_of(receiver: Receiver) -> int:
    return int(receiver.url.rsplit(":", 1)[1])


def test_a_name_that_now_resolves_to_loopback_is_refused_without_connecting(
    strict: UnitOfWorkFactory,
    resolver: FakeResolver,
    sender: HttpWebhookSender,
    receiver: Receiver,
) -> None:
    seller, buyer = make_seller(strict), make_buyer(strict)
    url = f"http://hooks.example.net:{port_of(receiver)}/rebound"
    endpoint = call(strict, seller.actor(), "webhooks.create", url=url)  # public at registration
    ship(strict, seller, buyer)
    resolver.point("hooks.example.net", "127.0.0.1")  # ... and loopback now

    result = run_webhooks(strict, sender, batch_size=10)

    assert receiver.requests == []
    assert resolver.asked[-1] == "hooks.example.net"  # the sender resolved it again itself
    assert (result.attempts, result.succeeded, result.retries_scheduled) == (1, 0, 1)
    [delivery] = deliveries(strict, seller, endpoint.id)
    assert (delivery.last_status_code, delivery.last_failure) == (None, "address_not_allowed")
    assert delivery.last_error == (
        "The host name resolves to an address that is not public (loopback, private, "
        "link-local or reserved); webhooks are only sent to public addresses."
    )


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "0x7f.0.0.1", "2130706433", "127.1", "017700000001", "[::ffff:127.0.0.1]"],
)
def test_an_endpoint_stored_before_the_checks_is_refused_in_every_spelling(
    strict: UnitOfWorkFactory, sender: HttpWebhookSender, receiver: Receiver, host: str
) -> None:
    seller, buyer = make_seller(strict), make_buyer(strict)
    endpoint = call(strict, seller.actor(), "webhooks.create", url="https://example.com/hooks")
    with strict() as uow:  # as a row registered before registration refused it
        uow.session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint.id)
            .values(url=f"http://{host}:{port_of(receiver)}/old")
        )
    ship(strict, seller, buyer)

    run_webhooks(strict, sender, batch_size=10)

    assert receiver.requests == []
    [delivery] = deliveries(strict, seller, endpoint.id)
    assert delivery.last_failure == "address_not_allowed"


def test_a_name_that_no_longer_resolves_is_a_dns_failure(
    strict: UnitOfWorkFactory, resolver: FakeResolver, sender: HttpWebhookSender
) -> None:
    seller, buyer = make_seller(strict), make_buyer(strict)
    endpoint = call(strict, seller.actor(), "webhooks.create", url="https://hooks.example.net/h")
    ship(strict, seller, buyer)
    resolver.point("hooks.example.net")  # the record was deleted

    run_webhooks(strict, sender, batch_size=10)

    [delivery] = deliveries(strict, seller, endpoint.id)
    assert (delivery.last_failure, delivery.last_error) == (
        "dns_failure",
        "The host name did not resolve; check its DNS records.",
    )


def test_the_sender_connects_to_the_address_it_resolved_and_keeps_the_name_as_host(
    container: Container, receiver: Receiver
) -> None:
    resolver = FakeResolver({"receiver.example.net": ["127.0.0.1"]})
    suite = container.uow_factory  # its deployment allows private targets
    factory = UnitOfWorkFactory(suite.engine, suite.clock, suite.policies, resolver=resolver)
    sender = HttpWebhookSender(resolver=resolver, private_targets_allowed=True)
    seller, buyer = make_seller(factory), make_buyer(factory)
    url = f"http://receiver.example.net:{port_of(receiver)}/pinned"
    call(factory, seller.actor(), "webhooks.create", url=url)
    ship(factory, seller, buyer)

    try:
        result = run_webhooks(factory, sender, batch_size=10)
    finally:
        sender.close()

    assert result.succeeded == 1
    [request] = receiver.requests
    assert request.path == "/pinned"
    assert request.headers["host"] == f"receiver.example.net:{port_of(receiver)}"
    # Registration does not resolve where private targets are allowed: this is the sender's.
    assert resolver.asked == ["receiver.example.net"]


def outgoing(url: str) -> OutgoingWebhook:
    return OutgoingWebhook(
        delivery_id=1,
        endpoint_id=1,
        url=url,
        secret="whsec_" + "A" * 44,
        message_id="evt_1",
        body="{}",
    )


def test_a_failed_tls_handshake_is_a_tls_error(receiver: Receiver) -> None:
    sender = HttpWebhookSender(resolver=FakeResolver(), private_targets_allowed=True)

    try:
        answer = sender.send(outgoing(f"https://127.0.0.1:{port_of(receiver)}/plain-http"))
    finally:
        sender.close()

    assert (answer.status_code, answer.failure) == (None, "tls_error")
    assert receiver.requests == []


def test_a_receiver_that_never_answers_is_a_timeout() -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # connections queue, nobody answers
    sender = HttpWebhookSender(
        resolver=FakeResolver(), private_targets_allowed=True, timeout_seconds=0.2
    )

    try:
        answer = sender.send(outgoing(f"http://127.0.0.1:{silent.getsockname()[1]}/silent"))
    finally:
        sender.close()
        silent.close()

    assert (answer.status_code, answer.failure) == (None, "timeout")

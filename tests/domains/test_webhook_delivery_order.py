"""Who is sent to first: first attempts before retries, and a hanging endpoint never holds up
the others."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from fairmarket.bootstrap import Container
from fairmarket.domains.webhooks import jobs
from fairmarket.domains.webhooks.delivery import claim_due
from fairmarket.domains.webhooks.jobs import fan_out_new_events, run_webhooks
from fairmarket.domains.webhooks.schemas import DeliveryFailure, OutgoingWebhook, SendOutcome
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
from tests.domains.test_webhooks import Receiver, deliveries, receiver, run_job, ship, subscribe
from tests.factories.accounts import make_buyer, make_seller

__all__ = ["receiver"]  # the fixture


def test_due_retries_of_a_failing_endpoint_wait_behind_first_attempts_to_healthy_ones(
    container: Container, receiver: Receiver, clock: MovableClock
) -> None:
    factory = container.uow_factory
    failing_seller, healthy_seller, buyer = (
        make_seller(factory),
        make_seller(factory),
        make_buyer(factory),
    )
    subscribe(factory, failing_seller, f"{receiver.url}/down")
    healthy = subscribe(factory, healthy_seller, f"{receiver.url}/up")
    receiver.by_path["/down"] = 500
    for _ in range(3):
        ship(factory, failing_seller, buyer)
    run_job(container)
    clock.advance(timedelta(minutes=1))  # three retries have been due for 55 seconds
    fresh = [ship(factory, healthy_seller, buyer) for _ in range(2)]
    fan_out_new_events(factory, 200)

    with factory() as uow:
        claimed = claim_due(uow, 2)
    clock.advance(timedelta(seconds=61))  # the lease runs out: nothing was sent
    bounded = run_job(container, batch_size=2)
    rest = run_job(container, batch_size=2)

    assert [c.endpoint_id for c in claimed] == [healthy.id, healthy.id]
    assert [r.path for r in receiver.requests] == ["/down"] * 3 + ["/up"] * 2 + ["/down"] * 2
    assert [r.json["data"]["order_number"] for r in receiver.at("/up")] == fresh
    assert (bounded["attempts"], bounded["succeeded"]) == (2, 2)
    assert (rest["attempts"], rest["retries_scheduled"]) == (2, 2)


class HangingSender:
    """Answers 200 at once, except for /hanging, which hangs until every other endpoint has been
    sent to (as a receiver that times out would), or 5 seconds if they never are."""

    def __init__(self, others: int) -> None:
        self.others = others
        self.sent: list[str] = []
        self.all_others_sent = threading.Event()
        self.released_in_time: bool | None = None

    def send(self, webhook: OutgoingWebhook) -> SendOutcome:
        if webhook.url.endswith("/hanging"):
            self.released_in_time = self.all_others_sent.wait(timeout=5)
            self.sent.append("/hanging")
            return SendOutcome(status_code=None, failure=DeliveryFailure.TIMEOUT, duration_ms=5000)
        self.sent.append(webhook.url.rsplit("/", 1)[1])
        if len(self.sent) == self.others:
            self.all_others_sent.set()
        return SendOutcome(status_code=200, duration_ms=1)


def test_a_hanging_endpoint_holds_one_thread_and_never_the_others(container: Container) -> None:
    factory = container.uow_factory
    hanging_seller, buyer = make_seller(factory), make_buyer(factory)
    healthy_sellers = [make_seller(factory) for _ in range(3)]
    subscribe(factory, hanging_seller, "http://127.0.0.1:9/hanging")
    ship(factory, hanging_seller, buyer)  # the oldest delivery: claimed first
    for n, seller in enumerate(healthy_sellers):
        subscribe(factory, seller, f"http://127.0.0.1:9/healthy-{n}")
        ship(factory, seller, buyer)
        ship(factory, seller, buyer)
    sender = HangingSender(others=6)

    result = run_webhooks(factory, sender, batch_size=200)

    assert sender.released_in_time is True
    assert sender.sent[-1] == "/hanging"
    assert sorted(sender.sent[:-1]) == sorted(f"healthy-{n}" for n in range(3) for _ in "ab")
    assert (result.attempts, result.succeeded, result.retries_scheduled) == (7, 6, 1)


def test_a_group_past_its_send_window_hands_the_rest_back_due_at_once(
    container: Container, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    endpoint = subscribe(factory, seller, f"{receiver.url}/slowly")
    numbers = [ship(factory, seller, buyer) for _ in range(3)]
    monkeypatch.setattr(jobs, "SEND_WINDOW_SECONDS", 0.0)  # closes after the first send

    first = run_job(container)
    second = run_job(container)

    assert (first["attempts"], second["attempts"]) == (1, 1)
    assert [r.json["data"]["order_number"] for r in receiver.requests] == numbers[:2]
    newest, sent_second, sent_first = deliveries(factory, seller, endpoint.id)
    assert (sent_first.status, sent_second.status) == ("succeeded", "succeeded")
    assert (newest.status, newest.attempts, newest.next_attempt_at) == ("pending", 0, START)

"""Each seller has their own sandbox clock: moving it fires that seller's deadlines and no one
else's, everything done for the seller's orders runs on their time, a first use by racing
processes is safe, and an advance never waits on a webhook endpoint."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import Response
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.db.idempotency import IdempotencyRecord
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from tests.support.sandbox import Sandbox, sandbox_container

HOUR = 3600
FIRED_ONE_AUTO_APPROVAL = {
    "fired": 1,
    "warned": 1,
    "skipped": 0,
    "orders_auto_cancelled": 0,
    "outcomes": {"auto_approve": 1},
}


@pytest.fixture
def sandbox(container: Container) -> Iterator[Sandbox]:
    """`container` empties every table: no seller has a clock row yet."""
    built = sandbox_container(container.settings.database_url)
    yield Sandbox(built)
    built.engine.dispose()


def ahead(moment: str) -> timedelta:
    return datetime.fromisoformat(moment) - datetime.now(UTC)


def test_advancing_one_sellers_clock_fires_their_deadlines_and_no_one_elses(
    sandbox: Sandbox,
) -> None:
    mine = sandbox.damaged_return()
    theirs = sandbox.damaged_return(sandbox.other_key)

    advanced = sandbox.ok("/v1/sandbox/clock/advance", seconds=49 * HOUR)
    worker_round = run_after_sale_timers(sandbox.container.uow_factory)

    assert advanced["fired"] == FIRED_ONE_AUTO_APPROVAL
    assert sandbox.get(f"/v1/after-sales/{mine['id']}")["status"] == "refunded"
    assert worker_round.fired == worker_round.warned == 0  # nothing else was due on any clock
    untouched = sandbox.get(f"/v1/after-sales/{theirs['id']}", sandbox.other_key)
    assert untouched["status"] == "pending"
    assert untouched["version"] == theirs["version"]
    their_events = sandbox.get("/v1/events", sandbox.other_key, limit=100)["items"]
    assert "after_sale.deadline_approaching" not in [e["type"] for e in their_events]
    assert sandbox.get("/v1/sandbox/clock", sandbox.other_key)["offset_seconds"] == 0
    assert sandbox.get("/v1/sandbox/clock")["offset_seconds"] == 49 * HOUR

    their_advance = sandbox.ok("/v1/sandbox/clock/advance", sandbox.other_key, seconds=49 * HOUR)

    assert their_advance["fired"] == FIRED_ONE_AUTO_APPROVAL
    assert sandbox.get(f"/v1/after-sales/{theirs['id']}", sandbox.other_key)["status"] == (
        "refunded"
    )
    assert sandbox.get("/v1/sandbox/clock")["offset_seconds"] == 49 * HOUR  # mine did not move


def test_what_is_done_for_a_sellers_orders_is_stamped_and_timed_on_their_clock(
    sandbox: Sandbox,
) -> None:
    sandbox.ok("/v1/sandbox/clock/advance", seconds=10 * 24 * HOUR)

    mine = sandbox.damaged_return()
    theirs = sandbox.damaged_return(sandbox.other_key)

    ten_days, two_days = timedelta(days=10), timedelta(hours=48)
    assert ten_days - timedelta(minutes=1) < ahead(mine["requested_at"]) <= ten_days
    assert (
        ten_days + two_days - timedelta(minutes=1)
        < ahead(mine["deadline"])
        <= (ten_days + two_days)
    )
    assert abs(ahead(theirs["requested_at"])) < timedelta(minutes=1)
    assert two_days - timedelta(minutes=1) < ahead(theirs["deadline"]) <= two_days
    my_events = sandbox.get("/v1/events", limit=100)["items"]
    assert [e["type"] for e in my_events] == [
        "order.shipped",
        "order.delivered",
        "after_sale.requested",
    ]
    assert all(ahead(e["occurred_at"]) > ten_days - timedelta(minutes=1) for e in my_events)


def test_idempotency_keys_are_kept_for_a_day_of_real_time_whatever_the_sellers_clock(
    sandbox: Sandbox,
) -> None:
    sandbox.ok("/v1/sandbox/clock/advance", seconds=49 * HOUR)

    sandbox.damaged_return()  # four POSTs acting on an order, on the seller's time

    with sandbox.container.uow_factory(read_only=True) as uow:
        stored = uow.session.execute(
            select(IdempotencyRecord.created_at, IdempotencyRecord.completed_at)
        ).all()
    assert len(stored) == 5
    for created_at, completed_at in stored:
        assert completed_at is not None
        assert abs(created_at - datetime.now(UTC)) < timedelta(minutes=1)
        assert abs(completed_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_first_reads_and_advances_by_racing_processes_all_succeed(sandbox: Sandbox) -> None:
    """Two server workers on a fresh database once answered 500 (a unique violation on the
    lazily created clock row). Reads create nothing; a first advance creates the row with
    INSERT ... ON CONFLICT DO NOTHING."""
    calls = 6
    start = threading.Barrier(2 * calls)
    responses: list[Response] = []

    def read() -> None:
        start.wait()
        responses.append(
            sandbox.client.get(
                "/v1/sandbox/clock", headers={"Authorization": f"Bearer {sandbox.key}"}
            )
        )

    def advance(n: int) -> None:
        start.wait()
        responses.append(
            sandbox.client.post(
                "/v1/sandbox/clock/advance",
                json={"seconds": 60},
                headers={"Authorization": f"Bearer {sandbox.key}", "Idempotency-Key": f"a{n}"},
            )
        )

    threads = [threading.Thread(target=read) for _ in range(calls)]
    threads += [threading.Thread(target=advance, args=(n,)) for n in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [r.status_code for r in responses] == [200] * 2 * calls, [r.text for r in responses]
    assert sandbox.get("/v1/sandbox/clock")["offset_seconds"] == calls * 60


def test_test_orders_of_racing_sellers_get_distinct_numbers(sandbox: Sandbox) -> None:
    per_seller = 4
    start = threading.Barrier(2 * per_seller)
    numbers: list[int] = []
    failures: list[str] = []

    def create(key: str, n: int) -> None:
        start.wait()
        response = sandbox.client.post(
            "/v1/sandbox/simulate/orders",
            json={},
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": f"order-{n}"},
        )
        if response.status_code == 201:  # a test order is created
            numbers.append(response.json()["number"])
        else:
            failures.append(response.text)

    threads = [
        threading.Thread(target=create, args=(key, n))
        for n in range(per_seller)
        for key in (sandbox.key, sandbox.other_key)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert sorted(numbers) == list(range(1, 2 * per_seller + 1))


class SilentEndpoint:
    """A webhook receiver that accepts connections and never answers."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)
        self._stop = threading.Event()
        self.connections: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self._server.close()


@pytest.fixture
def silent_endpoint() -> Iterator[SilentEndpoint]:
    endpoint = SilentEndpoint()
    yield endpoint
    endpoint.close()


def test_an_advance_never_holds_up_the_api_on_a_silent_webhook_endpoint(
    sandbox: Sandbox, silent_endpoint: SilentEndpoint
) -> None:
    """One server process runs API endpoints one at a time on its event loop: an advance that
    sent webhooks there held every other request for the send timeouts (15 s seen)."""
    sandbox.ok("/v1/webhooks", url=f"{silent_endpoint.url}/hooks", event_types=[])
    opened = sandbox.damaged_return()  # three events already waiting for the endpoint
    advanced: list[Response] = []

    with sandbox.client:  # one event loop for every request, as in one server process
        advance = threading.Thread(
            target=lambda: advanced.append(
                sandbox.post("/v1/sandbox/clock/advance", seconds=49 * HOUR)
            )
        )
        advance.start()
        time.sleep(0.2)  # the advance is under way (or done)
        asked_at = time.monotonic()
        meanwhile = sandbox.get(f"/v1/after-sales/{opened['id']}", sandbox.key)
        waited = time.monotonic() - asked_at
        advance.join(timeout=60)

    assert waited < 1.0
    assert meanwhile["id"] == opened["id"]
    assert advanced[0].status_code == 200, advanced[0].text
    body: dict[str, Any] = advanced[0].json()
    assert body["fired"] == FIRED_ONE_AUTO_APPROVAL
    assert body["webhooks"].startswith("queued")
    # This process's embedded worker is woken to send them, in its thread, off the event loop.
    assert sandbox.container.due_work_waiting.is_set()

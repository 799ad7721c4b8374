"""The sandbox through the real HTTP app: a clock per seller that every process reads, buyers
and carriers simulated on a seller's own orders, and nothing of it on a production deployment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from standardwebhooks import Webhook

from fairmarket.bootstrap import Container
from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.sandbox import BY_NAME
from fairmarket.domains.seller_clocks.models import SellerSandboxClock
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.worker.due_jobs import run_due_webhooks
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.kernel.clock import SandboxClocks
from fairmarket.kernel.errors import DomainError
from fairmarket.settings import Mode
from tests.domains.test_webhooks import Receiver, start_receiver
from tests.factories.accounts import make_api_key, make_seller
from tests.support.sandbox import SANDBOX_SECRET, Sandbox, sandbox_container

PROBLEM = "application/problem+json"
HOUR = 3600
# Sandbox mode refuses a guessable secret key; every sandbox process is given this one.
# What a queue worker process does (`fairmarket jobs run-due`): bootstrap from the environment,
# then fire what is due by its clock.
QUEUE_WORKER = """
from fairmarket.bootstrap import bootstrap
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
container = bootstrap()
print(run_after_sale_timers(container.uow_factory).model_dump_json())
"""


@pytest.fixture
def sandbox(container: Container) -> Iterator[Sandbox]:
    """`container` empties every table (the clock row too: the sandbox starts at real time)."""
    built = sandbox_container(container.settings.database_url)
    yield Sandbox(built)
    built.engine.dispose()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def wait_for_webhooks(sandbox: Sandbox, receiver: Receiver, count: int) -> None:
    """The advance sends what has settled. On PostgreSQL an event settles once every older
    transaction of the server has ended (any database's: transaction ids are server-wide), so
    a long transaction elsewhere can hold one back; then the worker's next round sends it."""
    deadline = time.monotonic() + 10
    while len(receiver.requests) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        run_due_webhooks(sandbox.container.uow_factory, sandbox.container.webhook_sender)


def ahead(moment: str) -> timedelta:
    return datetime.fromisoformat(moment) - datetime.now(UTC)


def test_a_return_nobody_answers_is_auto_approved_after_49_hours_with_events_and_webhooks(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    endpoint = sandbox.ok("/v1/webhooks", url=f"{receiver.url}/hooks", event_types=[])
    number = sandbox.delivered_order()
    opened = sandbox.ok(
        f"/v1/sandbox/simulate/orders/{number}/return",
        kind="refund_only",
        reason="damaged",
        note="The handle broke off",
    )
    assert opened["status"] == "pending"
    assert opened["deadline_action"] == "auto_approve"
    assert {a["action"] for a in opened["available_actions"]} == {
        "approve",
        "reject",
        "offer_partial_refund",
    }  # the seller's view: what the integrator can do next

    advanced = sandbox.ok("/v1/sandbox/clock/advance", seconds=49 * HOUR)

    assert advanced["advanced_seconds"] == 49 * HOUR
    assert timedelta(hours=48, minutes=59) < ahead(advanced["now"]) <= timedelta(hours=49)
    request = sandbox.get(f"/v1/after-sales/{opened['id']}")
    assert request["status"] == "refunded"
    assert request["last_action"] == "auto_approve"
    assert request["refund_minor"] == 5499  # damaged in transit: shipping refunded too
    types = [e["type"] for e in sandbox.get("/v1/events", limit=100)["items"]]
    assert types == [
        "order.shipped",
        "order.delivered",
        "after_sale.requested",
        "after_sale.deadline_approaching",
        "after_sale.auto_approved",
    ]
    wait_for_webhooks(sandbox, receiver, len(types))
    payloads = [Webhook(endpoint["secret"]).verify(r.body, r.headers) for r in receiver.requests]
    assert [p["type"] for p in payloads] == types
    assert payloads[-1]["data"]["order_number"] == number


def test_the_process_that_advances_sees_the_new_time_at_once_and_another_within_a_second(
    sandbox: Sandbox,
) -> None:
    seller_id = sandbox.seller.seller_id
    clocks, other = (
        sandbox.container.clock,
        sandbox_container(sandbox.container.settings.database_url),
    )
    try:
        assert isinstance(clocks, SandboxClocks)
        assert isinstance(other.clock, SandboxClocks)
        assert abs(other.clock.now_for(seller_id) - datetime.now(UTC)) < timedelta(seconds=5)

        sandbox.ok("/v1/sandbox/clock/advance", seconds=3 * 24 * HOUR)

        mine = clocks.now_for(seller_id) - datetime.now(UTC)
        assert timedelta(days=3) - timedelta(seconds=5) < mine <= timedelta(days=3)
        deadline = time.monotonic() + 1.0
        while other.clock.now_for(seller_id) - datetime.now(UTC) < timedelta(days=2):
            assert time.monotonic() < deadline, "another process did not see the advance in 1 s"
            time.sleep(0.05)
        other_seller = sandbox.other_seller.seller_id
        assert abs(other.clock.now_for(other_seller) - datetime.now(UTC)) < timedelta(seconds=5)
        assert abs(other.clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    finally:
        other.engine.dispose()


def test_a_queue_worker_in_another_process_fires_timers_on_each_sellers_own_clock(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    opened = sandbox.damaged_return()
    not_yet = sandbox.damaged_return(sandbox.other_key)
    # What an advance in another process left in the database: the seller's clock 49 h ahead.
    with sandbox.container.uow_factory() as uow:
        uow.session.add(
            SellerSandboxClock(
                seller_id=sandbox.seller.seller_id,
                offset_microseconds=49 * HOUR * 1_000_000,
                updated_by="another process",
            )
        )
    assert sandbox.get(f"/v1/after-sales/{opened['id']}")["status"] == "pending"

    env = {
        **os.environ,
        "FAIRMARKET_MODE": "sandbox",
        "FAIRMARKET_SECRET_KEY": SANDBOX_SECRET,
        "FAIRMARKET_DATABASE_URL": sandbox.container.settings.database_url,
    }
    run = subprocess.run(
        [sys.executable, "-c", QUEUE_WORKER],
        cwd=tmp_path,  # no .env from the working copy
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["warned"] == 1
    assert result["fired"] == 1
    assert result["outcomes"] == {"auto_approve": 1}
    refunded = sandbox.get(f"/v1/after-sales/{opened['id']}")
    assert refunded["status"] == "refunded"
    assert ahead(refunded["updated_at"]) > timedelta(hours=48)  # written on the seller's time
    untouched = sandbox.get(f"/v1/after-sales/{not_yet['id']}", sandbox.other_key)
    assert untouched["status"] == "pending"
    assert untouched["version"] == not_yet["version"]


def test_the_clock_reads_and_moves_forward_only_within_bounds(sandbox: Sandbox) -> None:
    start = sandbox.get("/v1/sandbox/clock")
    assert start["offset_seconds"] == 0
    assert start["set_by"] is None
    target = datetime.now(UTC) + timedelta(days=10)

    moved = sandbox.ok("/v1/sandbox/clock/advance", to=target.isoformat())
    backwards = sandbox.post("/v1/sandbox/clock/advance", to=datetime.now(UTC).isoformat())
    too_far = sandbox.post("/v1/sandbox/clock/advance", seconds=366 * 24 * HOUR)
    too_far_to = sandbox.post(
        "/v1/sandbox/clock/advance", to=(target + timedelta(days=366)).isoformat()
    )
    both = sandbox.post("/v1/sandbox/clock/advance", seconds=60, to=target.isoformat())
    naive = sandbox.post("/v1/sandbox/clock/advance", to="2030-01-01T00:00:00")
    without_key = sandbox.client.post(
        "/v1/sandbox/clock/advance",
        json={"seconds": 60},
        headers={"Authorization": f"Bearer {sandbox.key}"},
    )

    assert abs(datetime.fromisoformat(moved["now"]) - target) < timedelta(seconds=5)
    assert problem(backwards, 422, "clock_moves_forward_only")["errors"][0]["field"] == "to"
    assert problem(too_far, 422, "validation_failed")["errors"][0]["field"] == "seconds"
    problem(too_far_to, 422, "advance_too_large")
    problem(both, 422, "validation_failed")
    problem(naive, 422, "validation_failed")
    problem(without_key, 400, "idempotency_key_missing")
    now = sandbox.get("/v1/sandbox/clock")
    assert now["set_by"] == f"api_key:{sandbox.key.split('_')[2]}"  # fm_sk_<prefix>_<secret>
    assert abs(datetime.fromisoformat(now["now"]) - target) < timedelta(seconds=5)


def test_a_replayed_advance_moves_the_clock_once(sandbox: Sandbox) -> None:
    headers = {"Authorization": f"Bearer {sandbox.key}", "Idempotency-Key": "advance-once"}

    first = sandbox.client.post(
        "/v1/sandbox/clock/advance", json={"seconds": HOUR}, headers=headers
    )
    again = sandbox.client.post(
        "/v1/sandbox/clock/advance", json={"seconds": HOUR}, headers=headers
    )

    assert first.status_code == again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert sandbox.get("/v1/sandbox/clock")["offset_seconds"] == pytest.approx(HOUR)


def test_a_cancellation_before_shipment_is_decided_by_the_seller_through_the_real_api(
    sandbox: Sandbox,
) -> None:
    order = sandbox.ok(
        "/v1/sandbox/simulate/orders",
        lines=[{"title": "Teapot", "unit_price_minor": 3000, "quantity": 1}],
        shipping_fee_minor=0,
    )
    assert order["status"] == "awaiting_shipment"
    assert order["paid_minor"] == order["total_minor"] == 3000

    asked = sandbox.ok(
        f"/v1/sandbox/simulate/orders/{order['number']}/cancellation", reason="changed_mind"
    )
    approved = sandbox.ok(f"/v1/after-sales/{asked['id']}/approve")

    assert asked["type"] == "cancellation"
    assert asked["timeline"][0]["actor_kind"] == "buyer"
    assert asked["timeline"][0]["channel"] == "sandbox"
    assert approved["status"] == "cancelled"
    assert sandbox.get(f"/v1/orders/{order['number']}")["refunded_minor"] == 3000


def test_an_interception_ends_when_the_carrier_brings_the_parcel_back(sandbox: Sandbox) -> None:
    number: int = sandbox.ok("/v1/sandbox/simulate/orders")["number"]
    sandbox.ok(f"/v1/orders/{number}/ship", carrier="DHL", tracking_number="JD0146000062")
    asked = sandbox.ok(
        f"/v1/sandbox/simulate/orders/{number}/cancellation", reason="ordered_by_mistake"
    )
    sandbox.ok(f"/v1/after-sales/{asked['id']}/request-interception")

    back = sandbox.ok(
        f"/v1/sandbox/simulate/after-sales/{asked['id']}/carrier", event="parcel_returned"
    )

    assert asked["type"] == "fulfilment_cancellation"
    assert back["status"] == "cancelled"
    assert sandbox.get(f"/v1/orders/{number}")["status"] == "cancelled"


def test_a_return_walks_from_shipment_to_refund_with_simulated_buyer_and_carrier(
    sandbox: Sandbox,
) -> None:
    number = sandbox.delivered_order()
    opened = sandbox.ok(
        f"/v1/sandbox/simulate/orders/{number}/return",
        kind="return_and_refund",
        reason="changed_mind",
    )
    sandbox.ok(f"/v1/after-sales/{opened['id']}/approve")
    base = f"/v1/sandbox/simulate/after-sales/{opened['id']}"

    shipped = sandbox.ok(f"{base}/ship-return", carrier="USPS", tracking_number="9400100000")
    arrived = sandbox.ok(f"{base}/carrier", event="return_delivered")
    refunded = sandbox.ok(f"/v1/after-sales/{opened['id']}/confirm-received")

    assert shipped["status"] == "return_in_transit"
    assert shipped["return_shipment"]["tracking_number"] == "9400100000"
    assert arrived["status"] == "return_delivered"
    assert refunded["status"] == "refunded"


def test_the_buyer_declines_an_offer_then_escalates_a_rejection_or_withdraws(
    sandbox: Sandbox,
) -> None:
    number = sandbox.delivered_order()
    opened = sandbox.ok(
        f"/v1/sandbox/simulate/orders/{number}/return", kind="refund_only", reason="defective"
    )
    base = f"/v1/sandbox/simulate/after-sales/{opened['id']}"
    sandbox.ok(f"/v1/after-sales/{opened['id']}/offer-partial-refund", amount_minor=1000)

    declined = sandbox.ok(f"{base}/decline-offer", note="Not enough")
    sandbox.ok(
        f"/v1/after-sales/{opened['id']}/reject",
        reason="outside_return_policy",
        note="Bought more than 30 days ago.",
    )
    escalated = sandbox.ok(f"{base}/escalate", note="The mug was broken out of the box.")
    withdrawn = sandbox.post(f"{base}/withdraw")

    assert declined["status"] == "pending"
    assert escalated["status"] == "in_dispute"
    problem(withdrawn, 409, "action_not_available")


def test_the_buyer_accepts_an_offer_and_a_dry_run_changes_nothing(sandbox: Sandbox) -> None:
    number = sandbox.delivered_order()
    opened = sandbox.ok(
        f"/v1/sandbox/simulate/orders/{number}/return", kind="refund_only", reason="defective"
    )
    sandbox.ok(f"/v1/after-sales/{opened['id']}/offer-partial-refund", amount_minor=1000)
    base = f"/v1/sandbox/simulate/after-sales/{opened['id']}"

    preview = sandbox.post(f"{base}/accept-offer?dry_run=true")
    assert preview.status_code == 200, preview.text
    assert preview.json()["dry_run"]["refund"]["refund_minor"] == 1000
    assert sandbox.get(f"/v1/after-sales/{opened['id']}")["status"] == "partial_offered"
    accepted = sandbox.ok(f"{base}/accept-offer")

    assert accepted["status"] == "refunded"
    assert accepted["refund_minor"] == 1000


def test_simulations_reach_only_the_callers_own_orders_and_say_what_is_wrong(
    sandbox: Sandbox,
) -> None:
    number: int = sandbox.ok("/v1/sandbox/simulate/orders")["number"]
    opened = sandbox.ok(f"/v1/sandbox/simulate/orders/{number}/cancellation", reason="changed_mind")

    someone_elses = sandbox.post(
        f"/v1/sandbox/simulate/orders/{number}/cancellation",
        sandbox.other_key,
        reason="changed_mind",
    )
    someone_elses_request = sandbox.post(
        f"/v1/sandbox/simulate/after-sales/{opened['id']}/withdraw", sandbox.other_key
    )
    not_shipped = sandbox.post(f"/v1/sandbox/simulate/orders/{number}/deliver")
    not_delivered = sandbox.post(
        f"/v1/sandbox/simulate/orders/{number}/return", kind="refund_only", reason="damaged"
    )
    bad_event = sandbox.post(
        f"/v1/sandbox/simulate/after-sales/{opened['id']}/carrier", event="lost"
    )
    no_lines = sandbox.post("/v1/sandbox/simulate/orders", lines=[])

    problem(someone_elses, 404, "order_not_found")
    problem(someone_elses_request, 404, "after_sale_not_found")
    problem(not_shipped, 409, "order_not_deliverable")
    problem(not_delivered, 409, "order_not_delivered")
    assert problem(bad_event, 422, "validation_failed")["errors"][0]["field"] == "event"
    problem(no_lines, 422, "validation_failed")
    assert sandbox.get(f"/v1/after-sales/{opened['id']}")["status"] == "pending"


def test_without_the_sandbox_clock_the_services_refuse(container: Container) -> None:
    seller = make_seller(container.uow_factory)
    actor = Actor(
        kind=ActorKind.SELLER_USER,
        channel=Channel.API,
        id=seller.user_id,
        seller_id=seller.seller_id,
        scopes=ALL_SCOPES,
    )
    for name, raw in (
        ("sandbox.clock.advance", {"seconds": 60}),
        ("sandbox.orders.create", {}),
        ("sandbox.clock.get", {}),
    ):
        capability = BY_NAME[name]
        with pytest.raises(DomainError) as caught:
            run_capability(capability, container.uow_factory, actor, parse_command(capability, raw))
        assert caught.value.code == "sandbox_only"


@pytest.mark.parametrize("mode", [Mode.PRODUCTION, Mode.DEVELOPMENT])
def test_outside_sandbox_mode_there_are_no_sandbox_routes_and_the_clock_is_real(
    container: Container, mode: Mode
) -> None:
    built = sandbox_container(container.settings.database_url, mode)
    try:
        client = TestClient(create_app(built))
        key = make_api_key(built.uow_factory, seller_id=make_seller(built.uow_factory).seller_id)
        headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "k1"}

        advance = client.post("/v1/sandbox/clock/advance", json={"seconds": 60}, headers=headers)
        clock = client.get("/v1/sandbox/clock", headers=headers)
        create = client.post("/v1/sandbox/simulate/orders", json={}, headers=headers)
        paths = client.get("/openapi.json").json()["paths"]

        assert advance.status_code == clock.status_code == create.status_code == 404
        assert not [path for path in paths if path.startswith("/v1/sandbox")]
        assert not isinstance(built.clock, SandboxClocks)
        assert abs(built.clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    finally:
        built.engine.dispose()


def test_sandbox_routes_are_documented_in_sandbox_mode(sandbox: Sandbox) -> None:
    paths = sandbox.client.get("/openapi.json").json()["paths"]

    assert "/v1/sandbox/clock/advance" in paths
    assert paths["/v1/sandbox/clock/advance"]["post"]["x-required-scope"] == "orders:write"
    assert "/v1/sandbox/simulate/after-sales/{request_id}/carrier" in paths

"""The Ops Console through HTTP: agents sign in, see every seller's disputes oldest first, read
both sides, and rule; sellers and API keys never reach it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.ops.schemas import AgentCreate
from fairmarket.domains.ops.service import authenticate_agent, create_agent
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.actors import Actor, ActorKind, Channel, system_actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import (
    BuyerPersona,
    SellerPersona,
    make_api_key,
    make_buyer,
    make_seller,
)
from tests.factories.ops import make_agent
from tests.factories.orders import make_order
from tests.support.capabilities import call

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
AGENT_EMAIL = "ruth@ops.fairmarket.test"
AGENT_PASSWORD = "a long agent password"


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def agent(uow_factory: UnitOfWorkFactory) -> Actor:
    return make_agent(uow_factory, AGENT_EMAIL, AGENT_PASSWORD)


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, email: str = AGENT_EMAIL, password: str = AGENT_PASSWORD) -> str:
    token = csrf_token(client.get("/ops/login").text)
    response = client.post(
        "/ops/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    return csrf_token(client.get(response.headers["location"]).text)


def dispute(
    factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, note: str
) -> tuple[int, int]:
    """A pre-shipment cancellation the seller rejected and the buyer escalated."""
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = call(
        factory, buyer.actor(), "buyer.after_sales.cancel", order_number=number, reason="other"
    ).id
    call(
        factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="custom_made",
        note="Engraved already, see the photo.",
        evidence=["https://shop.example/engraving.jpg"],
    )
    call(factory, buyer.actor(), "buyer.after_sales.escalate", request_id=request_id, note=note)
    return number, int(request_id)


def test_an_agent_is_created_once_and_signs_in_as_an_ops_console_agent(
    agent: Actor, uow_factory: UnitOfWorkFactory
) -> None:
    again = AgentCreate(email=AGENT_EMAIL.upper(), display_name="Other", password="x" * 12)

    with pytest.raises(DomainError) as caught, uow_factory() as uow:
        create_agent(uow, system_actor("cli"), again)

    assert caught.value.code == "agent_email_taken"
    assert (agent.kind, agent.channel) == (ActorKind.AGENT, Channel.OPS_CONSOLE)
    assert agent.scopes == frozenset(
        {"after_sales:read", "disputes:write", "rules:read", "rules:write", "exceptions:write"}
    )
    with uow_factory(read_only=True) as uow:
        assert authenticate_agent(uow, AGENT_EMAIL, "wrong password!") is None


def test_the_cli_creates_an_agent(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    from fairmarket.entrypoints.cli import main as cli  # noqa: PLC0415 - the CLI under test

    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", container.settings.database_url)
    args = ["agents", "create", "--email", "cli@ops.test", "--name", "Cli", "--password"]

    short = CliRunner().invoke(cli.app, [*args, "short"])
    made = CliRunner().invoke(cli.app, [*args, "long enough password"])

    assert short.exit_code == 2
    assert made.exit_code == 0, made.output
    assert "created: Cli <cli@ops.test>" in made.output


def test_a_wrong_password_is_refused(client: TestClient, agent: Actor) -> None:
    token = csrf_token(client.get("/ops/login").text)

    response = client.post(
        "/ops/login", data={"email": AGENT_EMAIL, "password": "nope", "csrf_token": token}
    )

    assert response.status_code == 401
    assert "do not match an agent account" in html.unescape(response.text)


def test_a_seller_cannot_reach_the_ops_console(
    client: TestClient, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    seller = make_seller(uow_factory)
    token = csrf_token(client.get("/seller/login").text)
    client.post(
        "/seller/login",
        data={"email": seller.email, "password": seller.password, "csrf_token": token},
    )
    queue = client.get("/ops/disputes")
    ops_token = csrf_token(client.get("/ops/login").text)
    seller_login = client.post(
        "/ops/login",
        data={"email": seller.email, "password": seller.password, "csrf_token": ops_token},
    )

    assert queue.status_code == 303
    assert queue.headers["location"] == "/ops/login?next=%2Fops%2Fdisputes"
    assert seller_login.status_code == 401


def test_the_api_does_not_publish_ops_capabilities(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    seller = make_seller(uow_factory)
    key = make_api_key(uow_factory, seller_id=seller.seller_id)

    response = client.post(
        "/v1/ops/after-sales/1/rule",
        json={"ruling": "for_seller", "note": "Trying it with a seller key."},
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "ops-1"},
    )

    assert response.status_code in {404, 405}
    assert "/v1/ops/after-sales/{request_id}/rule" not in client.get("/openapi.json").text


def test_the_queue_shows_every_sellers_disputes_oldest_first(
    client: TestClient, uow_factory: UnitOfWorkFactory, agent: Actor, clock: MovableClock
) -> None:
    buyer = make_buyer(uow_factory)
    first_seller, second_seller = make_seller(uow_factory), make_seller(uow_factory)
    _, older = dispute(uow_factory, second_seller, buyer, "Please look at this first one.")
    clock.advance(timedelta(hours=1))
    _, newer = dispute(uow_factory, first_seller, buyer, "And this second one please.")
    number = make_order(uow_factory, seller_id=first_seller.seller_id, buyer_id=buyer.buyer_id)
    pending = call(
        uow_factory, buyer.actor(), "buyer.after_sales.cancel", order_number=number, reason="other"
    ).id
    sign_in(client)

    page = client.get("/ops/disputes").text

    assert page.index(f"Dispute {older}<") < page.index(f"Dispute {newer}<")
    assert f"Dispute {pending}<" not in page


def test_the_dispute_page_shows_both_sides(
    client: TestClient, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    _, request_id = dispute(uow_factory, seller, buyer, "<b>Nothing</b> was engraved yet.")
    sign_in(client)

    page = client.get(f"/ops/disputes/{request_id}").text

    assert "&lt;b&gt;Nothing&lt;/b&gt; was engraved yet." in page
    assert "Engraved already, see the photo." in page
    assert 'href="https://shop.example/engraving.jpg"' in page
    assert "Custom made" in page
    assert 'name="ruling" value="for_buyer"' in page


def test_a_ruling_for_the_buyer_binds_both_sides_and_refunds(
    client: TestClient, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    number, request_id = dispute(uow_factory, seller, buyer, "Nothing was engraved yet.")
    token = sign_in(client)

    preview = client.post(
        f"/ops/disputes/{request_id}/rule",
        data={
            "csrf_token": token,
            "ruling": "for_buyer",
            "note": "The seller had not started.",
            "dry_run": "true",
        },
    )
    unchanged = call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    ruled = client.post(
        f"/ops/disputes/{request_id}/rule",
        data={
            "csrf_token": token,
            "ruling": "for_buyer",
            "note": "The seller had not started.",
            "expected_version": str(unchanged.version),
        },
    )

    assert preview.status_code == 200
    assert "Preview — nothing has changed yet." in html.unescape(preview.text)
    assert unchanged.status == "in_dispute"
    assert ruled.status_code == 303
    assert ruled.headers["location"] == "/ops/disputes"
    seller_view = call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    buyer_view = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=request_id)
    assert seller_view.status == buyer_view.status == "cancelled"
    assert seller_view.decision_note == "The seller had not started."
    assert seller_view.available_actions == []
    assert buyer_view.available_actions == []
    assert call(uow_factory, seller.actor(), "orders.get", order_number=number).status == (
        "cancelled"
    )
    assert f"agent:{AGENT_EMAIL}" in client.get(f"/ops/disputes/{request_id}").text


def test_a_ruling_without_a_reason_or_on_a_stale_page_changes_nothing(
    client: TestClient, uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    _, request_id = dispute(uow_factory, seller, buyer, "Nothing was engraved yet.")
    token = sign_in(client)

    no_reason = client.post(
        f"/ops/disputes/{request_id}/rule",
        data={"csrf_token": token, "ruling": "for_seller", "note": "short"},
    )
    no_ruling = client.post(
        f"/ops/disputes/{request_id}/rule",
        data={"csrf_token": token, "note": "A long enough reason."},
    )
    stale = client.post(
        f"/ops/disputes/{request_id}/rule",
        data={
            "csrf_token": token,
            "ruling": "for_seller",
            "note": "A long enough reason.",
            "expected_version": "1",
        },
    )

    assert no_reason.status_code == 422
    assert 'id="rule-note-error"' in no_reason.text
    assert no_ruling.status_code == 422
    assert stale.status_code == 409
    current = call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert current.status == "in_dispute"

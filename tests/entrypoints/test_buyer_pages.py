"""The buyer pages through HTTP: sign-in with a buyer key, my orders, opening requests and
acting on them, each through the same capability the buyer API calls."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.entrypoints.api.app import create_app
from tests.factories.accounts import (
    BuyerPersona,
    SellerPersona,
    make_api_key,
    make_buyer,
    make_seller,
)
from tests.factories.orders import make_order
from tests.support.capabilities import call

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def buyer(uow_factory: UnitOfWorkFactory) -> BuyerPersona:
    return make_buyer(uow_factory)


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, key: str) -> str:
    token = csrf_token(client.get("/buyer/login").text)
    response = client.post("/buyer/login", data={"api_key": key, "csrf_token": token})
    assert response.status_code == 303, response.text
    return csrf_token(client.get(response.headers["location"]).text)


def requests_of(factory: UnitOfWorkFactory, buyer: BuyerPersona) -> list[Any]:
    return list(call(factory, buyer.actor(), "buyer.after_sales.list").items)


def text(response: Any) -> str:
    return html.unescape(response.text)


def test_a_signed_out_visitor_is_sent_to_the_buyer_login(client: TestClient) -> None:
    response = client.get("/buyer/orders")

    assert response.status_code == 303
    assert response.headers["location"] == "/buyer/login?next=%2Fbuyer%2Forders"


@pytest.mark.parametrize("key", ["", "not-a-key", "fm_buyer_nothing_like_a_real_one"])
def test_a_wrong_key_is_refused(client: TestClient, key: str) -> None:
    token = csrf_token(client.get("/buyer/login").text)

    response = client.post("/buyer/login", data={"api_key": key, "csrf_token": token})

    assert response.status_code == 401
    assert "That is not a valid buyer API key" in text(response)


def test_a_seller_key_does_not_sign_in_to_the_buyer_pages(
    client: TestClient, seller: SellerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    key = make_api_key(uow_factory, seller_id=seller.seller_id)
    token = csrf_token(client.get("/buyer/login").text)

    response = client.post("/buyer/login", data={"api_key": key, "csrf_token": token})

    assert response.status_code == 401


def test_revoking_the_key_signs_the_buyer_out(
    client: TestClient, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    key = make_api_key(uow_factory, buyer_id=buyer.buyer_id)
    sign_in(client, key)
    assert client.get("/buyer/orders").status_code == 200
    with uow_factory() as uow:
        uow.session.execute(update(ApiKey).values(revoked_at=uow.clock.now()))

    response = client.get("/buyer/orders")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/buyer/login")


def test_my_orders_show_only_mine_and_another_buyers_order_is_not_found(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    mine = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    other = make_buyer(uow_factory)
    theirs = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=other.buyer_id)
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))

    page = client.get("/buyer/orders").text
    their_page = client.get(f"/buyer/orders/{theirs}")
    cancel_theirs = client.post(
        f"/buyer/orders/{theirs}/cancel", data={"csrf_token": token, "reason": "changed_mind"}
    )

    assert f"#{mine}<" in page
    assert f"#{theirs}<" not in page
    assert their_page.status_code == 404
    assert cancel_theirs.status_code == 404
    assert requests_of(uow_factory, other) == []


def test_a_buyer_requests_a_cancellation_of_some_lines_before_shipment(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))
    page = client.get(f"/buyer/orders/{number}").text
    line_id = re.search(r'name="quantity_(\d+)"', page)
    assert line_id, "no quantity input"

    response = client.post(
        f"/buyer/orders/{number}/cancel",
        data={
            "csrf_token": token,
            "reason": "ordered_by_mistake",
            f"quantity_{line_id.group(1)}": "1",
            "note": "Only one, please.",
        },
    )

    assert response.status_code == 303
    (opened,) = requests_of(uow_factory, buyer)
    assert (opened.type, opened.status, opened.whole_order) == ("cancellation", "pending", False)
    assert [(line.line_id, line.quantity) for line in opened.lines] == [(int(line_id.group(1)), 1)]
    assert f'href="/buyer/requests/{opened.id}"' in client.get(f"/buyer/orders/{number}").text


def test_an_invalid_request_shows_the_api_message_and_opens_nothing(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))

    unknown_line = client.post(
        f"/buyer/orders/{number}/return",
        data={
            "csrf_token": token,
            "kind": "refund_only",
            "reason": "damaged",
            "quantity_999999": "1",
        },
    )
    bad_link = client.post(
        f"/buyer/orders/{number}/return",
        data={
            "csrf_token": token,
            "kind": "refund_only",
            "reason": "damaged",
            "evidence": "javascript:alert(1)",
        },
    )

    assert unknown_line.status_code == 422
    assert f"Order {number} has no line 999999" in text(unknown_line)
    assert bad_link.status_code == 422
    assert "is not an https link" in text(bad_link)
    assert ">javascript:alert(1)</textarea>" in bad_link.text
    assert requests_of(uow_factory, buyer) == []


def test_a_buyer_returns_an_item_ships_it_back_and_follows_the_request(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))
    opened = client.post(
        f"/buyer/orders/{number}/return",
        data={
            "csrf_token": token,
            "kind": "return_and_refund",
            "reason": "defective",
            "evidence": "https://photos.example/broken.jpg",
        },
    )
    assert opened.status_code == 303
    (request,) = requests_of(uow_factory, buyer)
    call(uow_factory, seller.actor(), "after_sales.approve", request_id=request.id)
    page = client.get(f"/buyer/requests/{request.id}").text
    assert 'id="ship_return"' in page

    bad = client.post(
        f"/buyer/requests/{request.id}/ship-return",
        data={"csrf_token": token, "carrier": "UPS", "tracking_number": "has spaces"},
    )
    shipped = client.post(
        f"/buyer/requests/{request.id}/ship-return",
        data={"csrf_token": token, "carrier": "UPS", "tracking_number": "1Z-RETURN-1"},
    )

    assert bad.status_code == 422
    assert 'id="ship_return-tracking_number-error"' in bad.text
    assert shipped.status_code == 303
    after = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=request.id)
    assert after.status == "return_in_transit"
    assert after.return_shipment.tracking_number == "1Z-RETURN-1"
    assert after.evidence == ["https://photos.example/broken.jpg"]


@pytest.mark.parametrize(
    ("button", "status"), [("accept-offer", "refunded"), ("decline-offer", "pending")]
)
def test_a_buyer_answers_a_partial_offer(
    client: TestClient,
    seller: SellerPersona,
    buyer: BuyerPersona,
    uow_factory: UnitOfWorkFactory,
    button: str,
    status: str,
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    request_id = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.return",
        order_number=number,
        kind="refund_only",
        reason="damaged",
    ).id
    call(
        uow_factory,
        seller.actor(),
        "after_sales.offer_partial_refund",
        request_id=request_id,
        amount_minor=1000,
    )
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))
    assert "receive 10.00 USD" in client.get(f"/buyer/requests/{request_id}").text

    response = client.post(f"/buyer/requests/{request_id}/{button}", data={"csrf_token": token})

    assert response.status_code == 303
    after = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=request_id)
    assert after.status == status


def test_a_buyer_escalates_a_rejection_and_cannot_withdraw_a_stale_form(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="changed_mind",
    ).id
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))
    version = call(
        uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=request_id
    ).version
    call(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="custom_made",
        note="Engraved with your name.",
    )

    stale = client.post(
        f"/buyer/requests/{request_id}/withdraw",
        data={"csrf_token": token, "expected_version": str(version)},
    )
    too_short = client.post(
        f"/buyer/requests/{request_id}/escalate", data={"csrf_token": token, "note": "no"}
    )
    escalated = client.post(
        f"/buyer/requests/{request_id}/escalate",
        data={"csrf_token": token, "note": "I asked within the hour, nothing was engraved yet."},
    )

    assert stale.status_code == 409
    assert "Rejected" in text(stale)
    assert too_short.status_code == 422
    assert 'id="escalate-note-error"' in too_short.text
    assert escalated.status_code == 303
    after = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=request_id)
    assert (after.status, after.dispute_note) == (
        "in_dispute",
        "I asked within the hour, nothing was engraved yet.",
    )


def test_a_buyer_withdraws_a_pending_request(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="changed_mind",
    ).id
    token = sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))

    response = client.post(f"/buyer/requests/{request_id}/withdraw", data={"csrf_token": token})

    assert response.status_code == 303
    after = call(uow_factory, buyer.actor(), "buyer.after_sales.get", request_id=request_id)
    assert after.status == "withdrawn"


def test_a_buyer_session_does_not_reach_seller_center_or_ops(
    client: TestClient, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    sign_in(client, make_api_key(uow_factory, buyer_id=buyer.buyer_id))

    assert client.get("/seller/orders").headers["location"].startswith("/seller/login")
    assert client.get("/ops/disputes").headers["location"].startswith("/ops/login")

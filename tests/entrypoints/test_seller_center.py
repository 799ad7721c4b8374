"""Seller Center through HTTP: sign-in, CSRF, scoping, errors worded as in the API, escaping."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.routing import NoMatchFound

from fairmarket.bootstrap import Container
from fairmarket.capabilities.registry import seller_capabilities
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.web_sessions.models import WebSession
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.chatbot.dialog import ChatState, ChatTurn
from fairmarket.entrypoints.web import chat as chat_routes
from fairmarket.entrypoints.web.app import SELLER_CENTER_BINDINGS
from fairmarket.entrypoints.web.formatting import time_left
from fairmarket.kernel.actors import Actor, Channel
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
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
    return make_seller(uow_factory, name="Clay & Co")


@pytest.fixture
def buyer(uow_factory: UnitOfWorkFactory) -> BuyerPersona:
    return make_buyer(uow_factory)


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, persona: SellerPersona) -> str:
    """Sign in through the login form; return the session's CSRF token."""
    token = csrf_token(client.get("/seller/login").text)
    response = client.post(
        "/seller/login",
        data={"email": persona.email, "password": persona.password, "csrf_token": token},
    )
    assert response.status_code == 303
    return csrf_token(client.get(response.headers["location"]).text)


def page_text(response: Any) -> str:
    return html.unescape(response.text)


def request_cancellation(
    uow_factory: UnitOfWorkFactory, buyer: BuyerPersona, order_number: int, note: str | None = None
) -> int:
    raw: dict[str, Any] = {"order_number": order_number, "reason": "changed_mind", "note": note}
    return int(call(uow_factory, buyer.actor(), "buyer.after_sales.cancel", **raw).id)


def request_return(
    uow_factory: UnitOfWorkFactory, buyer: BuyerPersona, order_number: int, kind: str
) -> int:
    raw = {"order_number": order_number, "reason": "damaged", "kind": kind}
    return int(call(uow_factory, buyer.actor(), "buyer.after_sales.return", **raw).id)


def read_request(uow_factory: UnitOfWorkFactory, seller: SellerPersona, request_id: int) -> Any:
    return call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)


def read_order(uow_factory: UnitOfWorkFactory, actor: Actor, order_number: int) -> Any:
    return call(uow_factory, actor, "orders.get", order_number=order_number)


# --- signing in ---------------------------------------------------------------------------


def test_a_signed_out_visitor_is_sent_to_the_login_page(client: TestClient) -> None:
    response = client.get("/seller/orders?status=in_transit")

    assert response.status_code == 303
    assert (
        response.headers["location"]
        == "/seller/login?next=%2Fseller%2Forders%3Fstatus%3Din_transit"
    )


def test_a_seller_signs_in_and_lands_where_they_were_going(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    token = csrf_token(client.get("/seller/login?next=/seller/orders/" + str(number)).text)

    response = client.post(
        "/seller/login",
        data={
            "email": seller.email,
            "password": seller.password,
            "csrf_token": token,
            "next": f"/seller/orders/{number}",
        },
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/seller/orders/{number}"
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "Clay &amp; Co" in page.text
    assert f"Order #{number}" in page.text
    assert "54.99 USD" in page.text  # 2 x 25.00 + 4.99 shipping


def test_a_wrong_password_is_refused_and_the_email_is_kept(
    client: TestClient, seller: SellerPersona
) -> None:
    token = csrf_token(client.get("/seller/login").text)

    response = client.post(
        "/seller/login",
        data={"email": seller.email, "password": "not it", "csrf_token": token},
    )

    assert response.status_code == 401
    assert "That e-mail and password do not match a Seller Center account." in response.text
    assert f'value="{seller.email}"' in response.text
    assert client.get("/seller/orders").status_code == 303


def test_login_never_redirects_to_another_site(client: TestClient, seller: SellerPersona) -> None:
    token = csrf_token(client.get("/seller/login").text)

    response = client.post(
        "/seller/login",
        data={
            "email": seller.email,
            "password": seller.password,
            "csrf_token": token,
            "next": "//evil.example/seller/",
        },
    )

    assert response.headers["location"] == "/seller"


def test_logout_ends_the_session(client: TestClient, seller: SellerPersona) -> None:
    token = sign_in(client, seller)

    response = client.post("/seller/logout", data={"csrf_token": token})

    assert response.headers["location"] == "/seller/login"
    assert "You are signed out." in client.get("/seller/login").text
    assert client.get("/seller/orders").status_code == 303


# --- CSRF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sent_token", [None, "forged-token"])
def test_a_form_without_the_session_csrf_token_is_refused_and_changes_nothing(
    client: TestClient,
    seller: SellerPersona,
    buyer: BuyerPersona,
    uow_factory: UnitOfWorkFactory,
    sent_token: str | None,
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    sign_in(client, seller)
    form = {} if sent_token is None else {"csrf_token": sent_token}

    response = client.post(f"/seller/after-sales/{request_id}/approve", data=form)

    assert response.status_code == 403
    assert "its security token is missing or out of date), so nothing was changed" in page_text(
        response
    )
    assert read_request(uow_factory, seller, request_id).status == "pending"
    assert read_order(uow_factory, seller.actor(), number).status == "awaiting_shipment"


# --- scoping ------------------------------------------------------------------------------------


def test_another_sellers_order_is_not_found_and_cannot_be_shipped(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    other_seller = make_seller(uow_factory, name="Someone Else")
    theirs = make_order(uow_factory, seller_id=other_seller.seller_id, buyer_id=buyer.buyer_id)
    token = sign_in(client, seller)

    page = client.get(f"/seller/orders/{theirs}")
    shipped = client.post(
        f"/seller/orders/{theirs}/ship",
        data={"csrf_token": token, "carrier": "UPS", "tracking_number": "1Z999AA1"},
    )

    assert page.status_code == 404
    assert f"Order {theirs}" in page_text(page)
    assert "Ceramic mug" not in page.text
    assert shipped.status_code == 404
    assert read_order(uow_factory, other_seller.actor(), theirs).status == "awaiting_shipment"


def test_the_order_list_shows_only_the_sellers_own_orders(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    mine = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    other_seller = make_seller(uow_factory)
    theirs = make_order(uow_factory, seller_id=other_seller.seller_id, buyer_id=buyer.buyer_id)
    sign_in(client, seller)

    page = client.get("/seller/orders").text

    assert f"#{mine}<" in page
    assert f"#{theirs}<" not in page


def test_another_sellers_request_is_not_found_and_cannot_be_approved(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    other_seller = make_seller(uow_factory, name="Someone Else")
    theirs = make_order(uow_factory, seller_id=other_seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, theirs, note="secret words")
    token = sign_in(client, seller)

    page = client.get(f"/seller/after-sales/{request_id}")
    approved = client.post(f"/seller/after-sales/{request_id}/approve", data={"csrf_token": token})
    queue = client.get("/seller/after-sales?status=all").text

    assert page.status_code == 404
    assert "secret words" not in page.text
    assert approved.status_code == 404
    assert f"Request {request_id}<" not in queue
    assert read_request(uow_factory, other_seller, request_id).status == "pending"


# --- errors read as in the API -----------------------------------------------------------------


def test_an_invalid_rejection_shows_the_api_problem_texts_and_keeps_the_input(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    api_key = make_api_key(uow_factory, seller_id=seller.seller_id)
    problem = client.post(
        f"/v1/after-sales/{request_id}/reject",
        json={"reason": "custom_made", "evidence": ["http://insecure.example/photo"]},
        headers={"Authorization": f"Bearer {api_key}", "Idempotency-Key": "reject-1"},
    ).json()
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/after-sales/{request_id}/reject",
        data={
            "csrf_token": token,
            "reason": "custom_made",
            "note": "",
            "evidence": "http://insecure.example/photo",
            "expected_version": "",
        },
    )

    assert problem["status"] == 422
    assert problem["errors"][0]["field"] == "evidence"
    assert response.status_code == 422
    text = page_text(response)
    assert problem["detail"] in text
    assert problem["errors"][0]["message"] in text
    assert '<option value="custom_made" selected>' in response.text
    assert ">http://insecure.example/photo</textarea>" in response.text
    assert read_request(uow_factory, seller, request_id).status == "pending"


def test_a_stale_form_shows_the_current_state_and_changes_nothing(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    token = sign_in(client, seller)
    version = read_request(uow_factory, seller, request_id).version
    form_page = client.get(f"/seller/after-sales/{request_id}").text
    assert f'name="expected_version" value="{version}"' in form_page
    call(uow_factory, buyer.actor(), "buyer.after_sales.withdraw", request_id=request_id)

    response = client.post(
        f"/seller/after-sales/{request_id}/approve",
        data={"csrf_token": token, "expected_version": str(version)},
    )

    assert response.status_code == 409
    text = page_text(response)
    assert "Withdrawn" in text
    assert 'action="/seller/after-sales/' not in text  # no forms for a finished request
    assert read_request(uow_factory, seller, request_id).status == "withdrawn"
    assert read_order(uow_factory, seller.actor(), number).status == "awaiting_shipment"


def test_a_hostile_request_id_is_a_page_not_a_crash(
    client: TestClient, seller: SellerPersona
) -> None:
    token = sign_in(client, seller)

    page = client.get("/seller/after-sales/not-a-number")
    posted = client.post(
        "/seller/after-sales/-1/approve", data={"csrf_token": token, "expected_version": "x"}
    )

    assert page.status_code == 422
    assert "request_id" in page_text(page)
    assert posted.status_code == 422


# --- after-sale actions through their forms ---------------------------------------------------


def test_approving_cancels_the_order_and_the_timeline_names_seller_center(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/after-sales/{request_id}/approve",
        data={"csrf_token": token, "expected_version": ""},
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/seller/after-sales/{request_id}"
    page = page_text(client.get(response.headers["location"]))
    assert '<p class="flash flash-success" role="status">Approved' in page
    assert f"by {seller.email} (Seller user) via Seller center" in page
    assert read_order(uow_factory, seller.actor(), number).status == "cancelled"
    assert read_request(uow_factory, seller, request_id).status == "cancelled"


def test_previewing_a_refund_shows_the_breakdown_and_changes_nothing(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    token = sign_in(client, seller)
    assert 'name="dry_run" value="true"' in client.get(f"/seller/after-sales/{request_id}").text

    response = client.post(
        f"/seller/after-sales/{request_id}/approve",
        data={"csrf_token": token, "expected_version": "", "dry_run": "true"},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "Preview — nothing has changed yet." in text
    assert "would become Cancelled" in html.unescape(re.sub(r"<[^>]+>", "", response.text))
    assert '<dd class="total refund-amount">54.99 USD</dd>' in response.text
    assert read_request(uow_factory, seller, request_id).status == "pending"
    assert read_order(uow_factory, seller.actor(), number).refunded_minor == 0


def test_rejecting_with_a_reason_note_and_evidence(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/after-sales/{request_id}/reject",
        data={
            "csrf_token": token,
            "expected_version": "",
            "reason": "custom_made",
            "note": "Engraved with your name.",
            "evidence": "https://photos.example/1.jpg\nhttps://photos.example/2.jpg",
        },
    )

    assert response.status_code == 303
    decided = read_request(uow_factory, seller, request_id)
    assert (decided.status, decided.decision_reason, decided.decision_note) == (
        "rejected",
        "custom_made",
        "Engraved with your name.",
    )
    assert decided.decision_evidence == [
        "https://photos.example/1.jpg",
        "https://photos.example/2.jpg",
    ]
    assert read_order(uow_factory, seller.actor(), number).status == "awaiting_shipment"


def test_offering_a_partial_refund_on_a_return(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    request_id = request_return(uow_factory, buyer, number, "refund_only")
    token = sign_in(client, seller)

    bad = client.post(
        f"/seller/after-sales/{request_id}/offer-partial-refund",
        data={"csrf_token": token, "expected_version": "", "amount_minor": "-5"},
    )
    good = client.post(
        f"/seller/after-sales/{request_id}/offer-partial-refund",
        data={"csrf_token": token, "expected_version": "", "amount_minor": "1250"},
    )

    assert bad.status_code == 422
    assert 'id="offer_partial_refund-amount_minor-error"' in bad.text
    assert good.status_code == 303
    offered = read_request(uow_factory, seller, request_id)
    assert (offered.status, offered.offered_minor) == ("partial_offered", 1250)


def test_a_return_is_approved_then_confirmed_received_with_a_refund(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    request_id = request_return(uow_factory, buyer, number, "return_and_refund")
    token = sign_in(client, seller)
    approved = client.post(
        f"/seller/after-sales/{request_id}/approve",
        data={"csrf_token": token, "expected_version": ""},
    )
    assert approved.status_code == 303
    call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.ship_return",
        request_id=request_id,
        carrier="UPS",
        tracking_number="1Z999RETURN",
    )
    page = client.get(f"/seller/after-sales/{request_id}").text
    assert "1Z999RETURN" in page
    version = read_request(uow_factory, seller, request_id).version

    received = client.post(
        f"/seller/after-sales/{request_id}/confirm-received",
        data={"csrf_token": token, "expected_version": str(version)},
    )

    assert received.status_code == 303
    assert read_request(uow_factory, seller, request_id).status == "refunded"
    assert read_order(uow_factory, seller.actor(), number).refunded_minor > 0


def test_issuing_a_refund_before_the_item_is_back(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    request_id = request_return(uow_factory, buyer, number, "return_and_refund")
    call(uow_factory, seller.actor(), "after_sales.approve", request_id=request_id)
    token = sign_in(client, seller)
    assert 'id="issue_refund"' in client.get(f"/seller/after-sales/{request_id}").text

    response = client.post(
        f"/seller/after-sales/{request_id}/issue-refund",
        data={"csrf_token": token, "expected_version": ""},
    )

    assert response.status_code == 303
    assert read_request(uow_factory, seller, request_id).status == "refunded"


def test_requesting_interception_of_a_parcel_in_transit(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.IN_TRANSIT,
    )
    request_id = request_cancellation(uow_factory, buyer, number)
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/after-sales/{request_id}/request-interception",
        data={"csrf_token": token, "expected_version": ""},
    )

    assert response.status_code == 303
    assert read_request(uow_factory, seller, request_id).status != "pending"


def test_shipping_an_order_from_its_page(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    token = sign_in(client, seller)
    assert 'id="ship-form"' in client.get(f"/seller/orders/{number}").text

    response = client.post(
        f"/seller/orders/{number}/ship",
        data={"csrf_token": token, "carrier": "UPS", "tracking_number": "1Z999AA10123456784"},
    )

    assert response.headers["location"] == f"/seller/orders/{number}"
    page = client.get(response.headers["location"]).text
    assert f"Order {number} is marked shipped with UPS (1Z999AA10123456784)." in page
    assert 'id="ship-form"' not in page  # no longer offered by available_actions
    assert 'id="cancel-form"' not in page
    assert read_order(uow_factory, seller.actor(), number).status == "in_transit"


def test_an_invalid_tracking_number_is_shown_next_to_the_field(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/orders/{number}/ship",
        data={"csrf_token": token, "carrier": "UPS", "tracking_number": "no spaces!"},
    )

    assert response.status_code == 422
    assert 'id="ship-tracking_number-error"' in response.text
    assert 'value="no spaces!"' in response.text
    assert read_order(uow_factory, seller.actor(), number).status == "awaiting_shipment"


def test_cancelling_an_order_with_a_reason(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/orders/{number}/cancel",
        data={"csrf_token": token, "reason": "out_of_stock", "note": ""},
    )

    assert response.status_code == 303
    order = read_order(uow_factory, seller.actor(), number)
    assert (order.status, order.cancel_reason, order.refunded_minor) == (
        "cancelled",
        "out_of_stock",
        5499,
    )


def test_orders_filter_by_status_and_page_with_a_cursor(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    numbers = [
        make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        for _ in range(52)
    ]
    sign_in(client, seller)

    first = client.get("/seller/orders?status=awaiting_shipment").text
    next_link = re.search(
        r'href="(/seller/orders\?status=awaiting_shipment&amp;cursor=[^"]+)"', first
    )
    assert next_link, "no Next page link"
    second = client.get(html.unescape(next_link.group(1))).text

    assert f"#{numbers[-1]}<" in first
    assert f"#{numbers[0]}<" not in first
    assert f"#{numbers[0]}<" in second
    assert "Next page" not in second
    assert (
        "No orders with status “In transit”." in client.get("/seller/orders?status=in_transit").text
    )


def test_an_unknown_status_filter_reads_as_in_the_api(
    client: TestClient, seller: SellerPersona
) -> None:
    sign_in(client, seller)

    response = client.get("/seller/orders?status=lost")

    assert response.status_code == 422
    assert "status: must be one of" in page_text(response)


# --- the queue ----------------------------------------------------------------------------------


def test_the_queue_filters_by_status_type_and_kind_and_shows_the_time_left(
    client: TestClient,
    seller: SellerPersona,
    buyer: BuyerPersona,
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    unshipped = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    delivered = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    cancel_id = request_cancellation(uow_factory, buyer, unshipped)
    return_id = request_return(uow_factory, buyer, delivered, "refund_only")
    clock.advance(timedelta(hours=42, minutes=48))
    sign_in(client, seller)

    pending = client.get("/seller/after-sales").text
    returns = client.get("/seller/after-sales?status=pending&type=return").text
    replacements = client.get("/seller/after-sales?status=all&kind=replacement").text
    bad = client.get("/seller/after-sales?status=lost")

    assert f"Request {cancel_id}<" in pending
    assert f"Request {return_id}<" in pending
    assert "left" in pending
    assert f"Request {return_id}<" in returns
    assert f"Request {cancel_id}<" not in returns
    assert "No requests match these filters." in replacements
    assert bad.status_code == 422
    assert "status: must be one of" in page_text(bad)


def test_the_queue_pages_by_number(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    ids = [
        request_cancellation(
            uow_factory,
            buyer,
            make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id),
        )
        for _ in range(51)
    ]
    sign_in(client, seller)

    first = client.get("/seller/after-sales?status=pending").text
    next_link = re.search(r'href="(/seller/after-sales\?[^"]*page=2)" rel="next"', first)
    assert next_link, "no Next page link"
    second = client.get(html.unescape(next_link.group(1))).text
    last = client.get("/seller/after-sales?status=pending&page=3").text

    # Equal deadlines: the oldest request first.
    assert f"Request {ids[0]}<" in first
    assert f"Request {ids[25]}<" not in first
    assert f"Request {ids[25]}<" in second
    assert f"Request {ids[-1]}<" in last
    assert "Next page" not in last


def test_the_order_page_links_to_its_requests(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number)
    sign_in(client, seller)

    page = client.get(f"/seller/orders/{number}").text

    assert f'href="/seller/after-sales/{request_id}"' in page


def test_the_buyers_note_is_shown_as_text_not_markup(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = request_cancellation(uow_factory, buyer, number, note="<script>alert(1)</script>")
    sign_in(client, seller)

    page = client.get(f"/seller/after-sales/{request_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize(
    ("remaining", "shown"),
    [
        (timedelta(hours=5, minutes=12, seconds=30), "5 h 12 min left"),
        (timedelta(hours=48), "48 h 0 min left"),
        (timedelta(days=4, hours=3), "4 d 3 h left"),
        (timedelta(minutes=7), "7 min left"),
        (timedelta(seconds=20), "less than 1 min left"),
        (timedelta(0), "overdue"),
        (timedelta(minutes=-3), "overdue"),
    ],
)
def test_time_left_reads_like_a_person_would_say_it(remaining: timedelta, shown: str) -> None:
    assert time_left(START + remaining, START) == shown


# --- chat panel ----------------------------------------------------------------------------------


def test_chat_turns_run_as_the_chatbot_channel_and_keep_state_between_turns(
    client: TestClient, seller: SellerPersona, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Actor, ChatState, str]] = []

    def fake_converse(
        uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, message: str
    ) -> ChatTurn:
        seen.append((actor, state, message))
        remembered = ChatState(pending_capability="orders.ship", awaiting="carrier")
        return ChatTurn(reply=f"echo <b>{message}</b>", state=remembered, status="needs_input")

    monkeypatch.setattr(chat_routes, "converse", fake_converse)
    token = sign_in(client, seller)

    first = client.post("/seller/chat", data={"csrf_token": token, "message": "ship 1042"})
    client.post("/seller/chat", data={"csrf_token": token, "message": "UPS"})
    page = client.get("/seller/chat").text

    assert first.headers["location"] == "/seller/chat"
    actor, state, _ = seen[0]
    assert (actor.channel, actor.seller_id) == (Channel.CHATBOT, seller.seller_id)
    assert state == ChatState()
    assert seen[1][1] == ChatState(pending_capability="orders.ship", awaiting="carrier")
    assert "echo &lt;b&gt;ship 1042&lt;/b&gt;" in page
    assert page.index("ship 1042") < page.index("echo &lt;b&gt;UPS")


def test_chat_answers_json_for_the_script(client: TestClient, seller: SellerPersona) -> None:
    token = sign_in(client, seller)

    response = client.post(
        "/seller/chat",
        data={"csrf_token": token, "message": "hello"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    assert set(response.json()) == {"reply", "status"}


def test_an_empty_chat_message_is_explained(client: TestClient, seller: SellerPersona) -> None:
    token = sign_in(client, seller)

    response = client.post("/seller/chat", data={"csrf_token": token, "message": "  "})

    assert response.status_code == 422
    assert "Type a message for the assistant" in page_text(response)


def test_a_long_conversation_is_kept_server_side_and_bounded(
    client: TestClient,
    seller: SellerPersona,
    uow_factory: UnitOfWorkFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def verbose(
        uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, message: str
    ) -> ChatTurn:
        state = ChatState(pending_capability="orders.ship", arguments={"order_number": 1042})
        return ChatTurn(reply="Here is a long answer. " * 200, state=state)

    monkeypatch.setattr(chat_routes, "converse", verbose)
    token = sign_in(client, seller)
    cookie = client.cookies["fairmarket_seller"]

    for turn in range(40):
        response = client.post("/seller/chat", data={"csrf_token": token, "message": f"q{turn}"})
        assert "set-cookie" not in response.headers  # the cookie holds only the session token

    page = client.get("/seller/chat").text
    assert client.cookies["fairmarket_seller"] == cookie
    assert "q39" in page
    assert "q0<" not in page
    with uow_factory(read_only=True) as uow:
        [data] = uow.session.scalars(
            select(WebSession.data).where(
                WebSession.seller_user_id == seller.user_id, WebSession.revoked_at.is_(None)
            )
        )
    assert len(json.dumps(data)) < 4000


# --- parity ----------------------------------------------------------------------------------


def test_every_seller_capability_is_bound_to_a_seller_center_route(container: Container) -> None:
    app = create_app(container)

    assert set(SELLER_CENTER_BINDINGS) == {c.name for c in seller_capabilities()}
    for route_name in SELLER_CENTER_BINDINGS.values():
        assert route_exists(app, route_name), route_name


def route_exists(app: Any, name: str) -> bool:
    # FastAPI keeps included routers nested, so ask the app to build the path rather than
    # looking for the name in `app.routes`.
    for params in ({}, {"order_number": 1}, {"request_id": 1}, {"key_id": 1}):
        try:
            app.url_path_for(name, **params)
        except NoMatchFound:
            continue
        return True
    return False

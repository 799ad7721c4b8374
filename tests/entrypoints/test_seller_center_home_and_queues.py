"""Seller Center's home and queues through HTTP: what needs action, the most urgent first,
search, paging, bulk approve with a previewed total, and "submit and go to next"."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.models import Buyer
from fairmarket.domains.after_sales.machines import AfterSaleStatus, JourneyType, RequestKind
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.queue import WAITING_ON_SELLER
from fairmarket.domains.after_sales.schemas import CarrierUpdate
from fairmarket.domains.after_sales.service import carrier_update
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, Shipment
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.actors import system_actor
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call
from tests.support.web import csrf_token


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


def sign_in(client: TestClient, persona: SellerPersona) -> str:
    token = csrf_token(client.get("/seller/login").text)
    response = client.post(
        "/seller/login",
        data={"email": persona.email, "password": persona.password, "csrf_token": token},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/seller"
    return csrf_token(client.get("/seller").text)


def text_of(response: Any) -> str:
    """The page's visible words, tags removed and spaces collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.text)
    return " ".join(html.unescape(without_tags).split())


def cancellation(factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona) -> int:
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    raw = {"order_number": number, "reason": "changed_mind"}
    return int(call(factory, buyer.actor(), "buyer.after_sales.cancel", **raw).id)


def a_return(
    factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona, kind: str
) -> int:
    number = make_order(
        factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    raw = {"order_number": number, "reason": "damaged", "kind": kind}
    return int(call(factory, buyer.actor(), "buyer.after_sales.return", **raw).id)


def deadline_in(factory: UnitOfWorkFactory, request_id: int, left: timedelta) -> None:
    """Given a request whose timer runs out `left` from now (as if opened earlier)."""
    with factory() as uow:
        uow.session.execute(
            update(AfterSaleRequest)
            .where(AfterSaleRequest.id == request_id)
            .values(deadline=uow.clock.now() + left)
        )


def queue_order(response: Any) -> list[int]:
    return [int(found) for found in re.findall(r'<tr id="request-(\d+)"', response.text)]


def status_of(factory: UnitOfWorkFactory, request_id: int) -> str:
    with factory(read_only=True) as uow:
        found = uow.session.get(AfterSaleRequest, request_id)
        assert found is not None
        return str(found.status)


def refunded(factory: UnitOfWorkFactory, request_id: int) -> int:
    with factory(read_only=True) as uow:
        statement = (
            select(Order.refunded_minor)
            .join(AfterSaleRequest, AfterSaleRequest.order_id == Order.id)
            .where(AfterSaleRequest.id == request_id)
        )
        return int(uow.session.scalar(statement) or 0)


# --- what waits on the seller, read off the journey tables ----------------------------------


def test_what_waits_on_the_seller_is_derived_from_the_journeys() -> None:
    pending, delivered = AfterSaleStatus.PENDING, AfterSaleStatus.RETURN_DELIVERED
    assert {
        (JourneyType.CANCELLATION, RequestKind.CANCEL): {pending},
        (JourneyType.FULFILMENT_CANCELLATION, RequestKind.CANCEL): {pending},
        (JourneyType.RETURN, RequestKind.REFUND_ONLY): {pending, delivered},
        (JourneyType.RETURN, RequestKind.RETURN_AND_REFUND): {pending, delivered},
        (JourneyType.RETURN, RequestKind.REPLACEMENT): {pending, delivered},
    } == WAITING_ON_SELLER


# --- home -------------------------------------------------------------------------------------


def test_signing_in_lands_on_the_home_page_and_old_addresses_still_work(
    client: TestClient, seller: SellerPersona
) -> None:
    sign_in(client, seller)

    assert client.get("/").headers["location"] == "/seller"
    assert client.get("/seller/orders").status_code == 200
    home = client.get("/seller")
    assert home.status_code == 200
    assert "Nothing needs your action now." in text_of(home)


def test_home_counts_what_needs_action_nearest_deadline_first(
    client: TestClient,
    seller: SellerPersona,
    buyer: BuyerPersona,
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    # Given two cancellations (one opened 10 hours before the other), a return, and so three
    # unshipped orders; and another seller's request, which must not count.
    first = cancellation(uow_factory, seller, buyer)  # due START + 48 h
    clock.advance(timedelta(hours=10))
    cancellation(uow_factory, seller, buyer)  # due START + 58 h
    make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    a_return(uow_factory, seller, buyer, "refund_only")  # due START + 58 h
    other = make_seller(uow_factory, name="Other shop")
    cancellation(uow_factory, other, buyer)
    # When the seller looks 44 hours after the first request: 4 hours are left on it.
    clock.advance(timedelta(hours=34))
    sign_in(client, seller)
    page = client.get("/seller")

    cards = re.findall(r'<li class="home-card home-card-(\w+)" id="card-([\w-]+)"', page.text)
    assert cards == [
        ("due_soon", "after_sales-cancellation-pending"),
        ("later", "after_sales-return-pending"),
        ("later", "orders-to_ship"),
    ]
    words = text_of(page)
    assert "2 Cancellations to answer 1 due within 6 h" in words
    assert "Nearest deadline: 2026-03-04 09:00 UTC (4 h 0 min left)" in words
    assert "1 Returns and refunds to answer" in words
    assert "3 Orders to ship Nearest deadline: 2026-03-07 09:00 UTC" in words
    assert 'href="/seller/after-sales?status=pending&amp;type=cancellation"' in page.text
    assert 'href="/seller/orders?view=to_ship"' in page.text
    assert f"request-{first}" not in page.text  # counts, not a list


def test_an_overdue_queue_is_first_and_says_so(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    returned = a_return(uow_factory, seller, buyer, "refund_only")
    deadline_in(uow_factory, returned, timedelta(hours=-1))
    sign_in(client, seller)

    page = client.get("/seller")

    assert re.findall(r'id="card-([\w-]+)"', page.text)[0] == "after_sales-return-pending"
    assert "home-card-overdue" in page.text
    assert "1 overdue" in text_of(page)


# --- the queue --------------------------------------------------------------------------------


def test_the_queue_shows_the_most_urgent_first_overdue_on_top(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    relaxed = cancellation(uow_factory, seller, buyer)
    tight = cancellation(uow_factory, seller, buyer)
    overdue = cancellation(uow_factory, seller, buyer)
    deadline_in(uow_factory, relaxed, timedelta(hours=45))
    deadline_in(uow_factory, tight, timedelta(hours=8))
    deadline_in(uow_factory, overdue, timedelta(minutes=-5))
    sign_in(client, seller)

    assert queue_order(client.get("/seller/after-sales")) == [overdue, tight, relaxed]
    newest = client.get("/seller/after-sales?order=newest")
    assert queue_order(newest) == sorted([relaxed, tight, overdue], reverse=True)


def test_needs_my_action_gathers_every_status_waiting_on_the_seller(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    pending = cancellation(uow_factory, seller, buyer)
    offered = a_return(uow_factory, seller, buyer, "refund_only")
    call(
        uow_factory,
        seller.actor(),
        "after_sales.offer_partial_refund",
        request_id=offered,
        amount_minor=500,
    )
    awaiting_item = a_return(uow_factory, seller, buyer, "return_and_refund")
    call(uow_factory, seller.actor(), "after_sales.approve", request_id=awaiting_item)
    delivered = a_return(uow_factory, seller, buyer, "return_and_refund")
    call(uow_factory, seller.actor(), "after_sales.approve", request_id=delivered)
    raw = {"request_id": delivered, "carrier": "UPS", "tracking_number": "1Z999"}
    call(uow_factory, buyer.actor(), "buyer.after_sales.ship_return", **raw)
    with uow_factory() as uow:
        event = CarrierUpdate(request_id=delivered, event="return_delivered")  # type: ignore[arg-type]
        carrier_update(uow, system_actor("carrier"), event)
    sign_in(client, seller)

    needs_action = client.get("/seller/after-sales")
    everything = client.get("/seller/after-sales?status=all")
    only_pending = client.get("/seller/after-sales?status=pending")

    assert set(queue_order(needs_action)) == {pending, delivered}
    assert "Requests 1\N{EN DASH}2 of 2" in text_of(needs_action)
    assert set(queue_order(everything)) == {pending, offered, awaiting_item, delivered}
    assert queue_order(only_pending) == [pending]


def test_the_queue_finds_an_order_number_or_a_buyer(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    first = cancellation(uow_factory, seller, buyer)
    someone_else = make_buyer(uow_factory)
    second = cancellation(uow_factory, seller, someone_else)
    number = call(uow_factory, seller.actor(), "after_sales.get", request_id=second).order_number
    with uow_factory(read_only=True) as uow:
        found = uow.session.get(Buyer, buyer.buyer_id)
        assert found is not None
        name, email = found.name, found.email
    sign_in(client, seller)

    assert queue_order(client.get(f"/seller/after-sales?q=%23{number}")) == [second]
    assert queue_order(client.get(f"/seller/after-sales?q={name.upper()}")) == [first]
    assert queue_order(client.get(f"/seller/after-sales?q={email}")) == [first]
    nothing = client.get("/seller/after-sales?q=nobody%25here")
    assert queue_order(nothing) == []
    assert "No requests match these filters." in text_of(nothing)


def test_the_queue_pages_with_numbers_and_a_count(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    made = [cancellation(uow_factory, seller, buyer) for _ in range(27)]
    sign_in(client, seller)

    first = client.get("/seller/after-sales")
    second = client.get("/seller/after-sales?status=needs_action&page=2")

    assert queue_order(first) == made[:25]
    assert queue_order(second) == made[25:]
    assert "Requests 1\N{EN DASH}25 of 27" in text_of(first)
    assert "Requests 26\N{EN DASH}27 of 27" in text_of(second)
    assert 'rel="next"' in first.text
    assert 'rel="prev"' in second.text
    bad = client.get("/seller/after-sales?page=zero")
    assert bad.status_code == 422
    assert "page" in text_of(bad)


def test_another_sellers_requests_never_show(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    other = make_seller(uow_factory, name="Other shop")
    theirs = cancellation(uow_factory, other, buyer)
    sign_in(client, seller)

    assert queue_order(client.get("/seller/after-sales?status=all")) == []
    assert client.get(f"/seller/after-sales/{theirs}/next").headers["location"] == (
        "/seller/after-sales"
    )


# --- bulk approve -----------------------------------------------------------------------------


def test_bulk_approve_previews_the_total_then_approves_each(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    one = cancellation(uow_factory, seller, buyer)  # 54.99 USD each, shipping included
    two = cancellation(uow_factory, seller, buyer)
    token = sign_in(client, seller)
    queue = client.get("/seller/after-sales")
    assert f'name="select_{one}" value="1"' in queue.text

    preview = client.post(
        "/seller/after-sales/bulk-approve",
        data={"csrf_token": token, f"select_{one}": "1", f"select_{two}": "1"},
    )

    assert preview.status_code == 200
    words = text_of(preview)
    assert "Nothing has changed yet." in words
    assert "Total refund in USD 109.98 USD" in words
    assert "Approve 2 requests" in words
    assert status_of(uow_factory, one) == status_of(uow_factory, two) == "pending"

    done = client.post(
        "/seller/after-sales/bulk-approve/confirm",
        data={"csrf_token": token, f"approve_{one}": "1", f"approve_{two}": "1"},
    )

    assert done.status_code == 200
    assert "2 requests approved." in text_of(done)
    assert "Refunded in USD 109.98 USD" in text_of(done)
    assert status_of(uow_factory, one) == status_of(uow_factory, two) == "cancelled"
    assert refunded(uow_factory, one) == refunded(uow_factory, two) == 5499


def test_bulk_approve_reports_a_request_that_changed_meanwhile_and_leaves_it_alone(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    kept = cancellation(uow_factory, seller, buyer)
    changed = cancellation(uow_factory, seller, buyer)
    token = sign_in(client, seller)
    client.post(
        "/seller/after-sales/bulk-approve",
        data={"csrf_token": token, f"select_{kept}": "1", f"select_{changed}": "1"},
    )
    # Meanwhile the buyer withdraws one of them.
    call(uow_factory, buyer.actor(), "buyer.after_sales.withdraw", request_id=changed)

    done = client.post(
        "/seller/after-sales/bulk-approve/confirm",
        data={"csrf_token": token, f"approve_{kept}": "1", f"approve_{changed}": "1"},
    )

    words = text_of(done)
    assert "1 request approved. 1 was not changed: see why below." in words
    assert f'id="outcome-{changed}" class="refused"' in done.text
    assert "Refunded in USD 54.99 USD" in words
    assert status_of(uow_factory, kept) == "cancelled"
    assert status_of(uow_factory, changed) == "withdrawn"
    assert refunded(uow_factory, changed) == 0


def test_bulk_approve_with_nothing_selected_asks_for_a_selection(
    client: TestClient, seller: SellerPersona
) -> None:
    token = sign_in(client, seller)

    response = client.post("/seller/after-sales/bulk-approve", data={"csrf_token": token})

    assert response.status_code == 422
    assert "Select at least one request to approve" in text_of(response)


# --- deciding and going to the next ------------------------------------------------------------


def test_submit_and_go_to_next_opens_the_next_most_urgent_request(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    answered = cancellation(uow_factory, seller, buyer)
    later = cancellation(uow_factory, seller, buyer)
    sooner = cancellation(uow_factory, seller, buyer)
    deadline_in(uow_factory, answered, timedelta(hours=1))
    deadline_in(uow_factory, later, timedelta(hours=30))
    deadline_in(uow_factory, sooner, timedelta(hours=3))
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/after-sales/{answered}/approve",
        data={"csrf_token": token, "expected_version": "1", "then": "next"},
    )

    assert status_of(uow_factory, answered) == "cancelled"
    assert response.headers["location"] == f"/seller/after-sales/{answered}/next"
    following = client.get(response.headers["location"])
    assert following.headers["location"] == f"/seller/after-sales/{sooner}"
    number = call(uow_factory, seller.actor(), "after_sales.get", request_id=answered).order_number
    page = client.get(following.headers["location"])
    assert f"Approved order {number}." in text_of(page)  # what was done, on the next request


def test_submit_and_go_to_next_with_nothing_left_returns_to_the_queue(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    only = cancellation(uow_factory, seller, buyer)
    token = sign_in(client, seller)

    response = client.post(
        f"/seller/after-sales/{only}/approve",
        data={"csrf_token": token, "expected_version": "1", "then": "next"},
    )
    following = client.get(response.headers["location"])

    assert following.headers["location"] == "/seller/after-sales"
    assert "Nothing else needs your action now." in text_of(client.get("/seller/after-sales"))


# --- decision context and ship-by ---------------------------------------------------------------


def test_a_request_page_shows_the_buyers_history_delivery_and_evidence(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    cancellation(uow_factory, seller, buyer)
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
    )
    raw = {
        "order_number": number,
        "reason": "damaged",
        "kind": "refund_only",
        "evidence": ["https://photos.example/box.JPG?size=large", "https://docs.example/note.pdf"],
    }
    opened = int(call(uow_factory, buyer.actor(), "buyer.after_sales.return", **raw).id)
    with uow_factory() as uow:
        order_id = uow.session.scalar(select(Order.id).where(Order.number == number))
        assert order_id is not None
        uow.session.add(
            Shipment(
                order_id=order_id,
                carrier="UPS",
                tracking_number="1Z42",
                status="delivered",
                shipped_at=START - timedelta(days=4),
                delivered_at=START - timedelta(days=1),
            )
        )
    sign_in(client, seller)

    page = client.get(f"/seller/after-sales/{opened}")

    words = text_of(page)
    assert "Orders 2 Cancelled orders 0 Cancellation requests 1" in words
    assert "Return and refund requests 1 Requests refunded 0" in words
    assert "Carrier and tracking UPS 1Z42" in words
    assert "Shipped 2026-02-26 09:00 UTC Delivered 2026-03-01 09:00 UTC" in words
    picture = (
        '<img src="https://photos.example/box.JPG?size=large" alt="Buyer\'s evidence, picture 1'
    )
    assert picture in page.text
    assert 'referrerpolicy="no-referrer"' in page.text
    assert "Document 2: https://docs.example/note.pdf" in words
    assert "img-src 'self' data: https:" in page.headers["content-security-policy"]


def test_orders_to_ship_are_listed_by_ship_by_time(
    client: TestClient,
    seller: SellerPersona,
    buyer: BuyerPersona,
    uow_factory: UnitOfWorkFactory,
    clock: MovableClock,
) -> None:
    older = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    clock.advance(timedelta(hours=2))
    newer = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.IN_TRANSIT,
    )
    sign_in(client, seller)

    to_ship = client.get("/seller/orders?view=to_ship")
    order_page = client.get(f"/seller/orders/{older}")

    rows = [int(n) for n in re.findall(r'<tr id="order-(\d+)"', to_ship.text)]
    assert rows == [older, newer]
    assert "2 orders to ship." in text_of(to_ship)
    assert "2026-03-07 09:00 UTC" in text_of(to_ship)  # placed + the 5-day handling window
    assert "Ship by 2026-03-07 09:00 UTC" in text_of(order_page)

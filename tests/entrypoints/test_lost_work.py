"""No lost work: a signed-in page says when its session ends; a form sent after the session
ended changes nothing, keeps what was typed on the server and, after signing in again, brings
it back on the page it was sent from, once. And a sandbox shop sees how far its clock moved."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.web_sessions.models import WebSession
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.web.sandbox_banner import offset_words
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call
from tests.support.sandbox import Sandbox, sandbox_container
from tests.support.web import csrf_token, sign_in

NOTE = "It is engraved with your name <already>."
DRAFT = re.compile(r'<script type="application/json" id="fm-draft">(.*?)</script>', re.S)
SESSION_ENDS = re.compile(r'<meta name="fm-session-ends" content="([^"]+)">')


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


def seller_login(persona: SellerPersona) -> dict[str, str]:
    return {"email": persona.email, "password": persona.password}


def pending_cancellation(
    factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> int:
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    raw = {"order_number": number, "reason": "changed_mind"}
    return int(call(factory, buyer.actor(), "buyer.after_sales.cancel", **raw).id)


def end_every_session(factory: UnitOfWorkFactory) -> None:
    """As if 12 hours had passed since signing in (sessions run on real time)."""
    with factory() as uow:
        uow.session.execute(
            update(WebSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )


def stored_session_data(factory: UnitOfWorkFactory) -> list[dict[str, Any]]:
    with factory(read_only=True) as uow:
        return [dict(data) for data in uow.session.scalars(select(WebSession.data))]


def draft_on(page: str) -> dict[str, Any] | None:
    match = DRAFT.search(page)
    return json.loads(html.unescape(match.group(1))) if match else None


def test_a_form_sent_after_the_session_ended_comes_back_filled_in_after_signing_in(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    request_id = pending_cancellation(uow_factory, seller, buyer)
    token = sign_in(client, "seller", seller_login(seller))
    page = f"/seller/after-sales/{request_id}"
    client.get(page)
    end_every_session(uow_factory)

    sent = client.post(
        f"{page}/reject",
        data={"csrf_token": token, "reason": "custom_made", "note": NOTE, "password": "x" * 12},
        headers={"referer": f"http://testserver{page}"},
    )

    assert sent.status_code == 303
    login = urlsplit(sent.headers["location"])
    back_to = parse_qs(login.query)["next"][0]
    assert login.path == "/seller/login"
    assert back_to.startswith(f"{page}?draft=")
    assert "engraved" not in sent.headers["location"]  # typed words never go in an address
    assert call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id).status == (
        "pending"
    )
    drafts = [data["drafts"] for data in stored_session_data(uow_factory) if "drafts" in data]
    (kept,) = [draft for stored in drafts for draft in stored.values()]
    assert kept == {
        "action": f"{page}/reject",
        "page": page,
        "fields": [["reason", "custom_made"], ["note", NOTE]],  # no CSRF token, no password
    }

    login_page = client.get(sent.headers["location"])
    assert "Your session had ended, so nothing was sent." in html.unescape(login_page.text)
    signed_in = client.post(
        "/seller/login",
        data={**seller_login(seller), "next": back_to, "csrf_token": csrf_token(login_page.text)},
    )
    assert signed_in.headers["location"] == back_to
    restored = client.get(back_to).text
    again = client.get(back_to).text

    assert draft_on(restored) == kept
    assert "is back in the form below. Check it and send it again." in restored
    assert draft_on(again) is None  # one time only


def test_a_draft_is_only_given_back_on_the_page_it_came_from(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    request_id = pending_cancellation(uow_factory, seller, buyer)
    token = sign_in(client, "seller", seller_login(seller))
    end_every_session(uow_factory)
    sent = client.post(
        f"/seller/after-sales/{request_id}/reject",
        data={"csrf_token": token, "note": NOTE},
        headers={"referer": f"http://testserver/seller/after-sales/{request_id}"},
    )
    back_to = parse_qs(urlsplit(sent.headers["location"]).query)["next"][0]
    draft_token = parse_qs(urlsplit(back_to).query)["draft"][0]
    login_page = client.get(sent.headers["location"])
    client.post(
        "/seller/login",
        data={**seller_login(seller), "csrf_token": csrf_token(login_page.text)},
    )

    elsewhere = client.get(f"/seller/orders?draft={draft_token}").text

    assert draft_on(elsewhere) is None


def test_a_form_from_another_site_or_without_a_referer_goes_back_to_the_areas_first_page(
    client: TestClient, seller: SellerPersona, buyer: BuyerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    request_id = pending_cancellation(uow_factory, seller, buyer)
    token = sign_in(client, "seller", seller_login(seller))
    end_every_session(uow_factory)

    sent = client.post(
        f"/seller/after-sales/{request_id}/reject",
        data={"csrf_token": token, "note": NOTE},
        headers={"referer": "https://elsewhere.example/seller/after-sales/1"},
    )

    back_to = parse_qs(urlsplit(sent.headers["location"]).query)["next"][0]
    assert back_to.startswith("/seller/orders?draft=")


def test_a_stale_sign_in_form_asks_to_sign_in_again(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    client.get("/seller/login")

    sent = client.post(
        "/seller/login",
        data={"email": "a@b.example", "password": "whatever it is", "csrf_token": "stale"},
    )

    assert (sent.status_code, sent.headers["location"]) == (303, "/seller/login")
    page = html.unescape(client.get("/seller/login").text)
    assert "This sign-in form had expired. Please sign in again." in page
    assert not [data for data in stored_session_data(uow_factory) if "drafts" in data]


def test_a_signed_in_page_says_when_its_session_ends_and_a_signed_out_one_does_not(
    client: TestClient, seller: SellerPersona
) -> None:
    signed_out = client.get("/seller/login").text
    sign_in(client, "seller", seller_login(seller))

    page = client.get("/seller/orders").text

    assert SESSION_ENDS.search(signed_out) is None
    match = SESSION_ENDS.search(page)
    assert match, "no session end on a signed-in page"
    left = datetime.fromisoformat(match.group(1)) - datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < left <= timedelta(hours=2)  # idle timeout
    assert 'id="session-warning" role="alert" hidden' in page
    assert '<script src="/seller/static/session.js" defer></script>' in page


@pytest.fixture
def sandbox(container: Container) -> Iterator[Sandbox]:
    built = sandbox_container(container.settings.database_url)
    yield Sandbox(built)
    built.engine.dispose()


def test_a_sandbox_shop_sees_how_far_its_clock_has_moved(sandbox: Sandbox) -> None:
    client = sandbox.client
    client.follow_redirects = False
    sign_in(client, "seller", seller_login(sandbox.seller))
    at_real_time = html.unescape(client.get("/seller/orders").text)

    sandbox.ok("/v1/sandbox/clock/advance", seconds=3 * 86400 + 4 * 3600 + 120)
    moved = html.unescape(client.get("/seller/orders").text)

    assert "Sandbox: test orders only. Your shop's clock runs at real time" in at_real_time
    assert "Your shop's clock is 3 days 4 h ahead of real time" in moved
    assert re.search(r"for your orders it is now \d{4}-\d\d-\d\d \d\d:\d\d UTC", moved)


def test_outside_the_sandbox_there_is_no_banner(client: TestClient, seller: SellerPersona) -> None:
    sign_in(client, "seller", seller_login(seller))

    assert "sandbox-banner" not in client.get("/seller/orders").text


def test_offsets_are_said_in_the_two_largest_units() -> None:
    assert offset_words(timedelta(days=1)) == "1 day"
    assert offset_words(timedelta(hours=5, minutes=30, seconds=59)) == "5 h 30 min"
    assert offset_words(timedelta(days=2, minutes=1)) == "2 days 1 min"
    assert offset_words(timedelta(seconds=30)) == "less than a minute"

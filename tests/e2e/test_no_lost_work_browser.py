"""No lost work, in a real browser: a note typed when the session had already ended is back in
its box after signing in again; a session about to end says so; chat keeps what is typed while
the assistant answers and shows the newest reply."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, Route, expect
from sqlalchemy import update

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.web_sessions.models import WebSession
from tests.factories.accounts import SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call

pytestmark = pytest.mark.e2e

NOTE = "Too late: it is engraved with your name."


def sign_in(page: Page, seller: SellerPersona) -> None:
    page.get_by_label("E-mail").fill(seller.email)
    page.get_by_label("Password").fill(seller.password)
    page.get_by_role("button", name="Sign in").click()


def sessions_end_at(factory: UnitOfWorkFactory, moment: datetime) -> None:
    with factory() as uow:
        uow.session.execute(update(WebSession).values(expires_at=moment))


def test_a_note_typed_after_the_session_ended_is_back_after_signing_in(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    seller, buyer = make_seller(uow_factory, name="Clay & Co"), make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="changed_mind",
    ).id
    page.goto(f"{live_server}/seller/after-sales/{request_id}")
    sign_in(page, seller)
    page.get_by_label("Reason").select_option("custom_made")
    page.get_by_label("Note to the buyer").fill(NOTE)

    sessions_end_at(uow_factory, datetime.now(UTC) - timedelta(seconds=1))
    page.locator("#reject").get_by_role("button", name="Reject", exact=True).click()

    expect(page).to_have_url(re.compile(r"/seller/login\?next="))
    expect(page.locator(".flash")).to_contain_text("Your session had ended, so nothing was sent.")
    sign_in(page, seller)
    expect(page).to_have_url(re.compile(rf"/seller/after-sales/{request_id}\?draft="))
    expect(page.locator("#draft-restored")).to_contain_text("Check it and send it again.")
    expect(page.get_by_label("Note to the buyer")).to_have_value(NOTE)
    expect(page.get_by_label("Reason")).to_have_value("custom_made")
    assert call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id).status == (
        "pending"
    )

    page.locator("#reject").get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Rejected")


def test_a_session_about_to_end_says_so(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    seller = make_seller(uow_factory)
    page.goto(f"{live_server}/seller/orders")
    sign_in(page, seller)
    expect(page.locator("#session-warning")).to_be_hidden()

    sessions_end_at(uow_factory, datetime.now(UTC) + timedelta(minutes=3, seconds=30))
    page.reload()

    warning = page.locator("#session-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Your session ends in 4 min.")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_visible()


def test_chat_keeps_what_is_typed_while_the_assistant_answers_and_shows_the_newest_reply(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    seller = make_seller(uow_factory)
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(f"{live_server}/seller/chat")
    sign_in(page, seller)
    box = page.get_by_label("Message")
    for turn in range(4):  # enough turns for the transcript to scroll
        box.fill(f"show pending returns {turn}")
        box.press("Enter")
        expect(page.locator(".bubble-assistant p").last).not_to_have_text("…")

    held: list[Route] = []

    def hold(route: Route) -> None:  # answered below, once something more is typed
        held.append(route)

    page.route("**/seller/chat", hold)
    box.fill("show pending cancellations")
    box.press("Enter")
    expect(box).to_have_value("")
    box.fill("and then the returns")  # typed while the assistant is still answering
    page.wait_for_timeout(50)
    assert len(held) == 1
    held[0].continue_()

    newest = page.locator(".bubble-assistant").last
    expect(newest.locator("p")).not_to_have_text("…")
    expect(box).to_have_value("and then the returns")
    expect(newest).to_be_in_viewport()

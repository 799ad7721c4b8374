"""From Seller Center's home to the most urgent request, in a real browser."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from sqlalchemy import update

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call

pytestmark = pytest.mark.e2e


def cancellation(factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona) -> int:
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    raw = {"order_number": number, "reason": "changed_mind"}
    return int(call(factory, buyer.actor(), "buyer.after_sales.cancel", **raw).id)


def deadline_in(factory: UnitOfWorkFactory, request_id: int, left: timedelta) -> None:
    with factory() as uow:
        uow.session.execute(
            update(AfterSaleRequest)
            .where(AfterSaleRequest.id == request_id)
            .values(deadline=uow.clock.now() + left)
        )


def _keep_error(errors: list[str], message: ConsoleMessage) -> None:
    """Console errors, except the browser asking for a favicon the site does not have yet."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(f"{message.text} ({message.location.get('url')})")


def test_a_seller_goes_from_home_to_the_most_urgent_request_and_on_to_the_next(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    seller = make_seller(uow_factory, name="Clay & Co")
    buyer = make_buyer(uow_factory)
    relaxed, urgent, second = (cancellation(uow_factory, seller, buyer) for _ in range(3))
    deadline_in(uow_factory, relaxed, timedelta(hours=45))
    deadline_in(uow_factory, urgent, timedelta(hours=8))
    deadline_in(uow_factory, second, timedelta(hours=20))
    errors: list[str] = []
    page.on("console", lambda message: _keep_error(errors, message))

    page.goto(f"{live_server}/seller/login")
    page.get_by_label("E-mail").fill(seller.email)
    page.get_by_label("Password").fill(seller.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/seller")
    cards = page.locator(".home-card")
    expect(cards.first).to_contain_text("3 Cancellations to answer")
    expect(cards.first).to_contain_text("8 h 0 min left")
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    cards.first.get_by_role("link").click()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_have_attribute("id", f"request-{urgent}")
    rows.first.get_by_role("link", name=f"Request {urgent}").click()
    expect(page.locator("#decision-context")).to_contain_text("This buyer with your shop")

    page.locator("#approve").get_by_role("button", name="Approve, then next request").click()

    expect(page).to_have_url(f"{live_server}/seller/after-sales/{second}")
    expect(page.locator(".flash")).to_contain_text("Approved")
    status = call(uow_factory, seller.actor(), "after_sales.get", request_id=urgent).status
    assert status == "cancelled"
    assert errors == []

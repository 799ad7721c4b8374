"""A seller works through the cancellation queue in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call

pytestmark = pytest.mark.e2e


def request_cancellation(
    uow_factory: UnitOfWorkFactory, buyer: BuyerPersona, order_number: int, note: str
) -> int:
    raw = {"order_number": order_number, "reason": "changed_mind", "note": note}
    return int(call(uow_factory, buyer.actor(), "buyer.after_sales.cancel", **raw).id)


def sign_in(page: Page, base_url: str, seller: SellerPersona) -> None:
    page.goto(f"{base_url}/seller/after-sales")
    expect(page).to_have_url(re.compile(r"/seller/login\?next="))
    page.get_by_label("E-mail").fill(seller.email)
    page.get_by_label("Password").fill(seller.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/seller/after-sales")
    expect(page.locator(".shop")).to_have_text("Clay & Co")


def test_a_seller_previews_approves_one_request_and_rejects_another_in_the_browser(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    seller = make_seller(uow_factory, name="Clay & Co")
    buyer = make_buyer(uow_factory)
    approved, rejected, untouched = (
        make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        for _ in range(3)
    )
    approve_id = request_cancellation(uow_factory, buyer, approved, "Ordered twice, sorry.")
    reject_id = request_cancellation(uow_factory, buyer, rejected, "<b>Changed my mind</b>")
    untouched_id = request_cancellation(uow_factory, buyer, untouched, "Found it cheaper.")

    sign_in(page, live_server, seller)
    queue = page.locator("table.queue tbody tr")
    expect(queue).to_have_count(3)
    expect(page.locator(f"#request-{approve_id} .time-left")).to_have_text("48 h 0 min left")
    page.screenshot(path=str(tmp_path / "after-sales-queue.png"), full_page=True)

    page.get_by_role("link", name=f"Request {approve_id}", exact=True).click()
    page.get_by_role("button", name="Preview refund").click()
    expect(page.locator("#preview-approve")).to_contain_text("nothing has changed yet")
    expect(page.locator("#preview-approve .refund-amount")).to_have_text("54.99 USD")
    assert call(uow_factory, seller.actor(), "orders.get", order_number=approved).status == (
        "awaiting_shipment"
    )
    page.locator("#approve").get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Approved")
    expect(page.locator("h1 .badge")).to_have_text("Cancelled")

    page.goto(f"{live_server}/seller/after-sales/{reject_id}")
    expect(page.locator(".note").first).to_have_text("<b>Changed my mind</b>")
    page.get_by_label("Reason").select_option("custom_made")
    page.get_by_label("Note to the buyer").fill("Too late")
    page.locator("#reject").get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator("#reject-note-error")).to_contain_text("needs a note of at least 10")
    expect(page.get_by_label("Note to the buyer")).to_have_value("Too late")
    expect(page.get_by_label("Reason")).to_have_value("custom_made")

    page.get_by_label("Note to the buyer").fill("Too late: it is engraved with your name.")
    page.get_by_label("Evidence links").fill("https://shop.example/engraving.jpg")
    page.locator("#reject").get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Rejected")
    expect(page.locator("h1 .badge")).to_have_text("Rejected")

    page.get_by_role("link", name="After-sales").click()
    expect(queue).to_have_count(1)
    expect(queue.first).to_contain_text(f"Request {untouched_id}")

    actor = seller.actor()
    rejected_request = call(uow_factory, actor, "after_sales.get", request_id=reject_id)
    assert call(uow_factory, actor, "orders.get", order_number=approved).status == "cancelled"
    assert (
        rejected_request.status,
        rejected_request.decision_reason,
        rejected_request.decision_note,
        rejected_request.decision_evidence,
    ) == (
        "rejected",
        "custom_made",
        "Too late: it is engraved with your name.",
        ["https://shop.example/engraving.jpg"],
    )


def test_the_chat_panel_answers_in_place_with_javascript(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    seller = make_seller(uow_factory, name="Clay & Co")
    sign_in(page, live_server, seller)

    page.get_by_role("link", name="Chat").click()
    page.get_by_label("Message").fill("show pending cancellations")
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".bubble-you")).to_have_text(re.compile("show pending cancellations"))
    answer = page.locator(".bubble-assistant p")
    expect(answer).to_have_count(1)
    expect(answer).not_to_have_text("…")
    assert page.url.endswith("/seller/chat")
    page.reload()  # the conversation survives in the session
    expect(page.locator(".bubble-you")).to_have_count(1)

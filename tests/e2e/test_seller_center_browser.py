"""A seller works through the cancellation queue in a real browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.actors import Actor
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.orders import make_order

pytestmark = pytest.mark.e2e


def request_cancellation(
    uow_factory: UnitOfWorkFactory, buyer: BuyerPersona, order_number: int, note: str
) -> int:
    capability = get_capability("buyer.cancellations.request")
    raw = {"order_number": order_number, "reason": "changed_mind", "note": note}
    created = run_capability(capability, uow_factory, buyer.actor(), parse_command(capability, raw))
    return int(created.id)


def read(uow_factory: UnitOfWorkFactory, actor: Actor, name: str, **raw: Any) -> Any:
    capability = get_capability(name)
    return run_capability(capability, uow_factory, actor, parse_command(capability, raw))


def sign_in(page: Page, base_url: str, seller: SellerPersona) -> None:
    page.goto(f"{base_url}/seller/cancellations")
    expect(page).to_have_url(re.compile(r"/seller/login\?next="))
    page.get_by_label("E-mail").fill(seller.email)
    page.get_by_label("Password").fill(seller.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/seller/cancellations")
    expect(page.locator(".shop")).to_have_text("Clay & Co")


def test_a_seller_approves_one_request_and_rejects_another_in_the_browser(
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
    request_cancellation(uow_factory, buyer, untouched, "Found it cheaper.")

    sign_in(page, live_server, seller)
    queue = page.locator("table.queue tbody tr")
    expect(queue).to_have_count(3)
    expect(page.locator(f"#request-{reject_id} .note")).to_have_text("<b>Changed my mind</b>")
    expect(page.locator(f"#request-{approve_id} .time-left")).to_have_text("48 h 0 min left")
    page.screenshot(path=str(tmp_path / "cancellation-queue.png"), full_page=True)

    page.locator(f"#request-{approve_id}").get_by_role("button", name="Approve").click()
    expect(page.locator(".flash")).to_have_text(
        f"Approved: order {approved} is cancelled and the buyer refunded."
    )
    expect(queue).to_have_count(2)

    page.locator(f"#request-{reject_id}").get_by_role("link", name="Reject…").click()
    page.get_by_label("Reason").select_option("custom_made")
    page.get_by_label("Note to the buyer").fill("Too late")
    page.get_by_role("button", name="Reject cancellation").click()
    expect(page.locator("#reject-note-error")).to_have_text(
        "a rejection for 'custom_made' needs a note of at least 10 characters "
        "explaining it to the buyer"
    )
    expect(page.locator(".alert")).to_contain_text("Some inputs are not valid.")
    expect(page.get_by_label("Note to the buyer")).to_have_value("Too late")
    expect(page.get_by_label("Reason")).to_have_value("custom_made")

    page.get_by_label("Note to the buyer").fill("Too late: it is engraved with your name.")
    page.get_by_role("button", name="Reject cancellation").click()
    expect(page.locator(".flash")).to_have_text(
        f"Rejected: the cancellation request for order {rejected} (custom_made)."
    )
    expect(queue).to_have_count(1)
    expect(queue.first).to_contain_text(f"#{untouched}")

    actor = seller.actor()
    approved_request = read(uow_factory, actor, "cancellations.get", request_id=approve_id)
    rejected_request = read(uow_factory, actor, "cancellations.get", request_id=reject_id)
    assert approved_request.status == "approved"
    assert read(uow_factory, actor, "orders.get", order_number=approved).status == "cancelled"
    assert (
        rejected_request.status,
        rejected_request.reject_reason,
        rejected_request.reject_note,
    ) == ("rejected", "custom_made", "Too late: it is engraved with your name.")
    assert read(uow_factory, actor, "orders.get", order_number=rejected).status == (
        "awaiting_shipment"
    )
    pending = read(uow_factory, actor, "cancellations.list", status="pending")
    assert [item.order_number for item in pending.items] == [untouched]


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

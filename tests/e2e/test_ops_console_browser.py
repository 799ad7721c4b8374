"""A platform agent decides a dispute in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.ops.schemas import AgentCreate
from fairmarket.domains.ops.service import create_agent
from fairmarket.kernel.actors import system_actor
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call

pytestmark = pytest.mark.e2e

EMAIL = "ruth@ops.fairmarket.test"
PASSWORD = "a long agent password"


def test_an_agent_rules_for_the_buyer_in_the_browser(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    with uow_factory() as uow:
        command = AgentCreate(email=EMAIL, display_name="Ruth", password=PASSWORD)
        create_agent(uow, system_actor("cli"), command)
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    request_id = call(
        uow_factory, buyer.actor(), "buyer.after_sales.cancel", order_number=number, reason="other"
    ).id
    call(
        uow_factory,
        seller.actor(),
        "after_sales.reject",
        request_id=request_id,
        reason="custom_made",
        note="Engraved already, see the photo.",
    )
    call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.escalate",
        request_id=request_id,
        note="I cancelled within the hour; nothing was engraved.",
    )

    page.goto(f"{live_server}/ops/disputes")
    expect(page).to_have_url(re.compile(r"/ops/login\?next="))
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/ops/disputes")

    page.get_by_role("link", name=f"Dispute {request_id}").click()
    expect(
        page.get_by_text("I cancelled within the hour; nothing was engraved.").first
    ).to_be_visible()
    expect(page.get_by_text("Engraved already, see the photo.").first).to_be_visible()
    page.get_by_label("The buyer").check()
    page.get_by_label("Reason for the decision").fill("The seller had not started the work.")
    page.get_by_role("button", name="Preview refund").click()
    expect(page.locator("#preview-rule .refund-amount")).to_have_text("54.99 USD")
    expect(page.get_by_label("The buyer")).to_be_checked()
    page.get_by_role("button", name="Issue ruling").click()

    expect(page).to_have_url(f"{live_server}/ops/disputes")
    expect(page.locator(".flash")).to_be_visible()
    expect(page.get_by_text("No disputes are waiting.")).to_be_visible()
    decided = call(uow_factory, seller.actor(), "after_sales.get", request_id=request_id)
    assert (decided.status, decided.decision_note) == (
        "cancelled",
        "The seller had not started the work.",
    )
    assert call(uow_factory, seller.actor(), "orders.get", order_number=number).status == (
        "cancelled"
    )

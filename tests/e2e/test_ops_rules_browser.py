"""A platform agent writes a rule set in the Ops Console, in a real browser, and takes it live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Dialog, Page, expect

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.ops.schemas import AgentCreate
from fairmarket.domains.ops.service import create_agent
from fairmarket.kernel.actors import system_actor
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call
from tests.support.rule_sets import APPROVE_UNSHIPPED as SOURCE

pytestmark = pytest.mark.e2e

EMAIL = "ruth@ops.fairmarket.test"
PASSWORD = "a long agent password"


def accept(dialog: Dialog) -> None:
    dialog.accept()


def test_an_agent_writes_validates_promotes_and_backtests_a_rule_set(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    # Given Ruth, an agent, and one cancellation Bea asked for today (the back-test's history)
    with uow_factory() as uow:
        command = AgentCreate(email=EMAIL, display_name="Ruth", password=PASSWORD)
        create_agent(uow, system_actor("cli"), command)
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    call(
        uow_factory, buyer.actor(), "buyer.after_sales.cancel", order_number=number, reason="other"
    )
    page.on("dialog", accept)

    # When she signs in and writes a new rule set
    page.goto(f"{live_server}/ops/rules")
    expect(page).to_have_url(re.compile(r"/ops/login\?next="))
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server}/ops/rules")
    page.get_by_role("link", name="New rule set").click()
    expect(page.get_by_text("buyer.cancellation_rate_90d").first).to_be_visible()
    page.get_by_label("Rule set (YAML)").fill(SOURCE)

    # Then validating runs its tests, which pass
    page.get_by_role("button", name="Validate & run tests").click()
    expect(page.locator("#test-report h2")).to_have_text("Tests: all 1 passed")
    expect(page.get_by_label("Rule set (YAML)")).to_have_value(SOURCE)

    # And saving opens the draft's own page
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".flash")).to_have_text("Saved cancellations v1 as a draft.")
    expect(page.locator("#version-status")).to_have_text("Draft")

    # And she promotes it to shadow, then to active (each confirmed)
    page.get_by_role("button", name="Promote to shadow").click()
    expect(page.locator("#version-status")).to_have_text("Shadow")
    page.get_by_role("button", name="Promote to active").click()
    expect(page.locator("#version-status")).to_have_text("Active")

    # And a back-test over the last 90 days replays Bea's request and draws the chart
    page.get_by_role("link", name="Back-test").click()
    page.get_by_role("button", name="Run back-test").click()
    expect(page.locator("#backtest-summary")).to_contain_text("1 requests replayed")
    chart = page.get_by_role("img", name="Decisions by action")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(1)
    expect(chart.locator("title")).to_have_text("approve: 1")

"""A seller connects a third-party app in a real browser: the consent page's form is allowed to
send the browser on to the app (CSP form-action) with the code and state."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from tests.factories.accounts import make_seller
from tests.factories.apps import make_app

pytestmark = pytest.mark.e2e


def test_a_seller_allows_an_app_and_the_browser_lands_on_its_redirect_uri_with_a_code(
    live_server: str, page: Page, uow_factory: UnitOfWorkFactory
) -> None:
    seller = make_seller(uow_factory, name="Clay & Co")
    app = make_app(uow_factory)
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": "orders:read orders:write",
        "state": "s-123",
        "code_challenge": base64.urlsafe_b64encode(digest).rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    page.route(
        re.compile(r"^https://shiphelper\.example/"),
        lambda route: route.fulfill(status=200, body="Ship Helper is connected"),
    )

    page.goto(f"{live_server}/oauth/authorize?{urlencode(query)}")
    expect(page).to_have_url(re.compile(r"/seller/login\?next="))
    page.get_by_label("E-mail").fill(seller.email)
    page.get_by_label("Password").fill(seller.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connect Ship Helper to Clay & Co?")
    expect(page.locator("li[data-scope]")).to_have_count(2)
    page.get_by_role("button", name="Allow").click()

    expect(page).to_have_url(re.compile(r"^https://shiphelper\.example/oauth/callback\?code="))
    params = parse_qs(urlsplit(page.url).query)
    assert params["state"] == ["s-123"]
    assert len(params["code"][0]) >= 40

"""Browsers get error pages in the look of the area they were in; the API keeps problem+json."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.api.app import create_app

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_unknown_seller_center_address_is_a_page_with_a_way_back(client: TestClient) -> None:
    response = client.get("/seller/no-such-page", headers=BROWSER)

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text
    assert "There is no page at this address." in response.text
    assert 'href="/seller/orders">Back to your orders</a>' in response.text
    assert "Seller Center" in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_an_unknown_buyer_or_ops_address_keeps_that_areas_look(client: TestClient) -> None:
    buyer = client.get("/buyer/nowhere", headers=BROWSER)
    ops = client.get("/ops/nowhere", headers=BROWSER)

    assert (buyer.status_code, ops.status_code) == (404, 404)
    assert "Fairmarket <span>My orders</span>" in buyer.text
    assert 'href="/buyer/orders">Back to your orders</a>' in buyer.text
    assert "Fairmarket <span>Ops Console</span>" in ops.text
    assert 'href="/ops/disputes">Back to the disputes</a>' in ops.text


def test_a_browser_at_an_unknown_address_outside_the_areas_gets_a_page(
    client: TestClient,
) -> None:
    response = client.get("/nothing-here", headers=BROWSER)

    assert response.status_code == 404
    assert "There is no page at this address." in response.text


def test_the_api_keeps_problem_json_even_for_a_browser(client: TestClient) -> None:
    api = client.get("/v1/no-such-path", headers=BROWSER)
    bare = client.get("/nothing-here")

    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["code"] == "route_not_found"
    assert bare.headers["content-type"] == "application/problem+json"


def test_a_wrong_method_on_a_page_is_a_page_that_says_which_methods_work(
    client: TestClient,
) -> None:
    response = client.post("/seller/orders", headers=BROWSER)

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert "This page cannot be opened that way." in response.text


def test_a_failure_on_our_side_is_a_page_with_the_reference_to_quote(app: FastAPI) -> None:
    @app.get("/seller/broken")
    def broken() -> None:
        raise RuntimeError("a bug, not for the user's eyes")

    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/seller/broken", headers={**BROWSER, "x-request-id": "req-42"})
        api = client.get("/seller/broken", headers={"accept": "application/json"})

    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "contact support quoting reference req-42" in page.text
    assert "a bug" not in page.text
    assert api.headers["content-type"] == "application/problem+json"


def test_the_favicon_is_an_svg_every_page_links(client: TestClient) -> None:
    login = client.get("/seller/login")
    icon = client.get("/favicon.ico")

    assert '<link rel="icon" href="/seller/static/favicon.svg" type="image/svg+xml">' in login.text
    assert (icon.status_code, icon.headers["location"]) == (301, "/seller/static/favicon.svg")
    svg = client.get("/seller/static/favicon.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg")

"""Web sessions through HTTP in the three areas: a cookie names a stored session, so a forged
cookie opens nothing, signing out ends the session in every copy of its cookie, and signing
in always starts a new one."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from itsdangerous import Signer, TimestampSigner
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.web_sessions.models import WebSession
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.web.area_sessions import SIGNER_SALT
from fairmarket.settings import DEVELOPMENT_SECRET
from tests.factories.accounts import SellerPersona, make_api_key, make_buyer, make_seller
from tests.factories.ops import make_agent
from tests.factories.orders import make_order
from tests.support.web import sign_in, stored_token_hash

AGENT_EMAIL = "ruth@ops.fairmarket.test"
AGENT_PASSWORD = "a long agent password"


@dataclass(frozen=True)
class People:
    seller: SellerPersona
    another_seller: SellerPersona
    buyer_key: str
    agent_id: int


@dataclass(frozen=True)
class Area:
    name: str
    cookie: str
    page: str  # a page only someone signed in sees
    login_form: Callable[[People], dict[str, str]]

    def sign_in_redirect(self) -> str:
        return f"/{self.name}/login?{urlencode({'next': self.page})}"


SELLER_CENTER = Area(
    "seller",
    "fairmarket_seller",
    "/seller/orders",
    lambda people: {"email": people.seller.email, "password": people.seller.password},
)
BUYER_PAGES = Area(
    "buyer", "fairmarket_buyer", "/buyer/orders", lambda people: {"api_key": people.buyer_key}
)
OPS_CONSOLE = Area(
    "ops",
    "fairmarket_ops",
    "/ops/disputes",
    lambda _people: {"email": AGENT_EMAIL, "password": AGENT_PASSWORD},
)
AREAS = [pytest.param(area, id=area.name) for area in (SELLER_CENTER, BUYER_PAGES, OPS_CONSOLE)]


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> People:
    buyer = make_buyer(uow_factory)
    agent = make_agent(uow_factory, AGENT_EMAIL, AGENT_PASSWORD)
    assert agent.id is not None
    return People(
        seller=make_seller(uow_factory),
        another_seller=make_seller(uow_factory),
        buyer_key=make_api_key(uow_factory, buyer_id=buyer.buyer_id),
        agent_id=agent.id,
    )


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def browser(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


def visit(app: FastAPI, path: str, cookie_name: str, cookie: str) -> Response:
    """A request from another browser that carries only this cookie."""
    with TestClient(app, follow_redirects=False) as other:
        return other.get(path, headers={"cookie": f"{cookie_name}={cookie}"})


def starlette_cookie(secret: str, session: dict[str, object]) -> str:
    """A session cookie in the format of Starlette's SessionMiddleware (what we used to trust)."""
    payload = base64.b64encode(json.dumps(session).encode())
    return TimestampSigner(secret).sign(payload).decode()


def stored_session(factory: UnitOfWorkFactory, container: Container, cookie: str) -> WebSession:
    token_hash = stored_token_hash(cookie, container.settings.secret_key)
    with factory(read_only=True) as uow:
        return uow.session.scalars(
            select(WebSession).where(WebSession.token_hash == token_hash)
        ).one()


# --- forged cookies ---------------------------------------------------------------------------


def forged_cookies(area: Area, people: People) -> list[str]:
    who: dict[str, object] = (
        {"agent_id": people.agent_id, "agent_label": AGENT_EMAIL}
        if area is OPS_CONSOLE
        else {"seller_user_id": people.seller.user_id, "user_email": people.seller.email}
    )
    return [
        starlette_cookie(DEVELOPMENT_SECRET, {**who, "csrf_token": "forged"}),
        # Our own format, signed with the published secret: it names no stored session.
        Signer(DEVELOPMENT_SECRET, salt=SIGNER_SALT).sign(secrets.token_urlsafe(32)).decode(),
    ]


@pytest.mark.parametrize("area", [SELLER_CENTER, OPS_CONSOLE], ids=["seller", "ops"])
def test_a_cookie_forged_with_the_development_secret_opens_nothing(
    app: FastAPI, people: People, area: Area
) -> None:
    for forged in forged_cookies(area, people):
        response = visit(app, area.page, area.cookie, forged)

        assert response.status_code == 303
        assert response.headers["location"] == area.sign_in_redirect()
        # and the browser is told to drop the cookie
        assert response.headers["set-cookie"].startswith(f"{area.cookie}=null; path=/{area.name};")


def test_a_seller_cannot_take_over_another_sellers_session(
    app: FastAPI, browser: TestClient, people: People, uow_factory: UnitOfWorkFactory
) -> None:
    buyer = make_buyer(uow_factory)
    theirs = make_order(uow_factory, seller_id=people.seller.seller_id, buyer_id=buyer.buyer_id)
    intruder = people.another_seller
    sign_in(browser, "seller", {"email": intruder.email, "password": intruder.password})
    own_cookie = browser.cookies["fairmarket_seller"]
    # The intruder re-signs their session to name the other seller (the secret is published).
    forged = starlette_cookie(
        DEVELOPMENT_SECRET, {"seller_user_id": people.seller.user_id, "csrf_token": "forged"}
    )

    with_forged = visit(app, f"/seller/orders/{theirs}", "fairmarket_seller", forged)
    with_own = visit(app, f"/seller/orders/{theirs}", "fairmarket_seller", own_cookie)
    own_cookie_elsewhere = [
        visit(app, "/ops/disputes", "fairmarket_ops", own_cookie),
        visit(app, "/buyer/orders", "fairmarket_buyer", own_cookie),
    ]

    assert with_forged.status_code == 303
    assert with_forged.headers["location"].startswith("/seller/login")
    assert with_own.status_code == 404
    assert [response.status_code for response in own_cookie_elsewhere] == [303, 303]


# --- signing out ------------------------------------------------------------------------------


@pytest.mark.parametrize("area", AREAS)
def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(
    app: FastAPI,
    browser: TestClient,
    people: People,
    uow_factory: UnitOfWorkFactory,
    container: Container,
    area: Area,
) -> None:
    csrf = sign_in(browser, area.name, area.login_form(people))
    copied = browser.cookies[area.cookie]
    assert visit(app, area.page, area.cookie, copied).status_code == 200

    signed_out = browser.post(f"/{area.name}/logout", data={"csrf_token": csrf})
    replayed = visit(app, area.page, area.cookie, copied)

    assert signed_out.headers["location"] == f"/{area.name}/login"
    assert replayed.status_code == 303
    assert replayed.headers["location"] == area.sign_in_redirect()
    assert stored_session(uow_factory, container, copied).revoked_at is not None
    assert browser.get(area.page).status_code == 303


# --- signing in -------------------------------------------------------------------------------


@pytest.mark.parametrize("area", AREAS)
def test_sign_in_starts_a_new_session_and_the_token_from_before_opens_nothing(
    app: FastAPI,
    browser: TestClient,
    people: People,
    uow_factory: UnitOfWorkFactory,
    container: Container,
    area: Area,
) -> None:
    browser.get(f"/{area.name}/login")
    before = browser.cookies[area.cookie]  # e.g. planted by an attacker who kept a copy

    sign_in(browser, area.name, area.login_form(people))
    after = browser.cookies[area.cookie]

    assert after != before
    assert visit(app, area.page, area.cookie, before).status_code == 303
    assert visit(app, area.page, area.cookie, after).status_code == 200
    assert stored_session(uow_factory, container, before).revoked_at is not None
    new = stored_session(uow_factory, container, after)
    assert (new.area, new.revoked_at) == (area.name, None)
    assert [new.seller_user_id, new.buyer_key_id, new.agent_id].count(None) == 2


# --- cost ---------------------------------------------------------------------------------------


def test_reading_pages_writes_nothing_to_the_session(
    browser: TestClient, people: People, uow_factory: UnitOfWorkFactory, container: Container
) -> None:
    sign_in(browser, "seller", SELLER_CENTER.login_form(people))
    cookie = browser.cookies["fairmarket_seller"]
    before = stored_session(uow_factory, container, cookie)

    pages = [browser.get("/seller/orders"), browser.get("/seller/after-sales")]

    after = stored_session(uow_factory, container, cookie)
    assert [page.status_code for page in pages] == [200, 200]
    assert ["set-cookie" in page.headers for page in pages] == [False, False]
    assert (after.last_seen_at, after.data, after.csrf_token) == (
        before.last_seen_at,
        before.data,
        before.csrf_token,
    )

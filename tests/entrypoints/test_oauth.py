"""Third-party apps over real HTTP: a seller connects an app through OAuth 2.0 authorization
code with PKCE, the app calls the Seller API with the granted scopes only, refresh tokens
rotate (reuse revokes the grant), and the seller disconnects it from Connected apps."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.apps.models import AppGrant, AppUsage
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START
from tests.entrypoints.test_seller_center import csrf_token, page_text, sign_in
from tests.factories.accounts import SellerPersona, make_api_key, make_buyer, make_seller
from tests.factories.apps import RegisteredApp, make_app
from tests.factories.orders import make_order

STATE = "xyzzy-42"


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def pkce_pair() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory, name="Clay & Co")


@pytest.fixture
def app(uow_factory: UnitOfWorkFactory) -> RegisteredApp:
    return make_app(uow_factory)


def authorize_query(app: RegisteredApp, pkce: Pkce, scope: str = "orders:read") -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": scope,
        "state": STATE,
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }


def consent_page(client: TestClient, query: dict[str, str]) -> Response:
    """GET /oauth/authorize, following its redirect into Seller Center."""
    response = client.get("/oauth/authorize", params=query)
    assert response.status_code == 303
    return client.get(response.headers["location"])


def decide(client: TestClient, page: Response, decision: str) -> Response:
    """Press Allow or Deny: post the consent form's hidden fields as the browser would."""
    form = page.text[page.text.index('action="/seller/oauth/authorize"') :]
    fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))
    return client.post(
        "/seller/oauth/authorize",
        data={**fields, "decision": decision},
    )


def redirect_params(response: Response, app: RegisteredApp) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == app.redirect_uri
    return {name: values[0] for name, values in parse_qs(location.query).items()}


def connect(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, scope: str = "orders:read"
) -> tuple[str, Pkce]:
    """The seller signs in and allows the app; return the code and the PKCE pair."""
    sign_in(client, seller)
    pkce = pkce_pair()
    page = consent_page(client, authorize_query(app, pkce, scope))
    return redirect_params(decide(client, page, "allow"), app)["code"], pkce


def token_request(client: TestClient, app: RegisteredApp, **fields: str) -> Response:
    return client.post(
        "/oauth/token",
        data={"client_id": app.client_id, "client_secret": app.client_secret, **fields},
    )


def exchange(client: TestClient, app: RegisteredApp, code: str, pkce: Pkce) -> Response:
    return token_request(
        client,
        app,
        grant_type="authorization_code",
        code=code,
        redirect_uri=app.redirect_uri,
        code_verifier=pkce.verifier,
    )


def tokens_for(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, scope: str = "orders:read"
) -> dict[str, Any]:
    code, pkce = connect(client, seller, app, scope)
    response = exchange(client, app, code, pkce)
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_oauth_error(response: Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["error"] == error


# The flow


def test_a_seller_connects_an_app_which_then_calls_the_api_with_the_granted_scope_only(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    buyer = make_buyer(uow_factory)
    order = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    pkce = pkce_pair()
    query = authorize_query(app, pkce, scope="orders:read orders:write")

    # Not signed in yet: the authorization request survives the sign-in page.
    consent = client.get("/oauth/authorize", params=query).headers["location"]
    login = client.get(consent)
    assert login.status_code == 303
    next_path = parse_qs(urlsplit(login.headers["location"]).query)["next"][0]
    assert next_path == consent
    signed_in = client.post(
        "/seller/login",
        data={
            "email": seller.email,
            "password": seller.password,
            "next": next_path,
            "csrf_token": csrf_token(client.get(login.headers["location"]).text),
        },
    )
    assert signed_in.headers["location"] == consent
    page = client.get(consent)

    assert page.status_code == 200
    text = page_text(page)
    assert "Connect Ship Helper to Clay & Co?" in text
    assert "See your orders, their items, shipments and history" in text
    assert "Ship and cancel your orders" in text
    assert "Decide cancellation, return and refund requests" not in text
    assert (
        "form-action 'self' https://shiphelper.example" in page.headers["content-security-policy"]
    )

    params = redirect_params(decide(client, page, "allow"), app)
    assert params["state"] == STATE
    response = exchange(client, app, params["code"], pkce)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    tokens = response.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["scope"] == "orders:read orders:write"
    assert tokens["access_token"].startswith("fm_at_")
    assert tokens["refresh_token"].startswith("fm_rt_")

    listed = client.get("/v1/orders", headers=bearer(tokens["access_token"]))
    assert listed.status_code == 200, listed.text
    assert [item["number"] for item in listed.json()["items"]] == [order]

    refused = client.get("/v1/after-sales", headers=bearer(tokens["access_token"]))
    assert refused.status_code == 403
    assert refused.json()["code"] == "missing_scope"

    cancelled = client.post(
        f"/v1/orders/{order}/cancel",
        headers={**bearer(tokens["access_token"]), "Idempotency-Key": "app-cancel-1"},
        json={"reason": "out_of_stock"},
    )
    assert cancelled.status_code == 200, cancelled.text
    with uow_factory(read_only=True) as uow:
        labels = uow.session.scalars(
            select(AuditRecord.actor_label).where(AuditRecord.action.like("order%"))
        ).all()
    assert set(labels) == {f"app:{app.client_id}"}


def test_the_app_cannot_be_granted_a_scope_it_did_not_register(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    sign_in(client, seller)
    query = authorize_query(app, pkce_pair(), scope="orders:read webhooks:write")

    response = client.get(client.get("/oauth/authorize", params=query).headers["location"])

    params = redirect_params(response, app)
    assert (params["error"], params["state"]) == ("invalid_scope", STATE)


def test_pkce_with_s256_is_required(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    sign_in(client, seller)
    pkce = pkce_pair()
    plain = {**authorize_query(app, pkce), "code_challenge_method": "plain"}
    missing = {k: v for k, v in authorize_query(app, pkce).items() if k != "code_challenge"}

    for query in (plain, missing):
        params = redirect_params(consent_page(client, query), app)
        assert params["error"] == "invalid_request"


def test_an_unregistered_redirect_uri_or_client_is_shown_to_the_seller_and_never_followed(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    sign_in(client, seller)
    pkce = pkce_pair()
    elsewhere = {**authorize_query(app, pkce), "redirect_uri": "https://evil.example/cb"}
    prefix = {**authorize_query(app, pkce), "redirect_uri": app.redirect_uri + "/more"}
    unknown = {**authorize_query(app, pkce), "client_id": "fm_app_unknown"}

    for query, status in ((elsewhere, 422), (prefix, 422), (unknown, 404)):
        page = consent_page(client, query)
        assert page.status_code == status
        assert "location" not in page.headers
        assert "ask its developer for a correct link" in page_text(page)


def test_deny_sends_access_denied_back_and_connects_nothing(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    sign_in(client, seller)
    page = consent_page(client, authorize_query(app, pkce_pair()))

    params = redirect_params(decide(client, page, "deny"), app)

    assert params == {
        "error": "access_denied",
        "error_description": "The resource owner or authorization server denied the request",
        "state": STATE,
    }
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(AppGrant)).all() == []


def test_the_decision_form_is_csrf_protected(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    sign_in(client, seller)
    fields = {**authorize_query(app, pkce_pair()), "decision": "allow", "csrf_token": "forged"}

    response = client.post("/seller/oauth/authorize", data=fields)

    assert response.status_code == 403
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(AppGrant)).all() == []


# The code exchange


def test_a_wrong_verifier_a_wrong_redirect_uri_or_another_client_get_invalid_grant(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    other_app = make_app(uow_factory, name="Other")
    code, pkce = connect(client, seller, app)
    base = {"grant_type": "authorization_code", "code": code}

    wrong_verifier = token_request(
        client, app, **base, redirect_uri=app.redirect_uri, code_verifier=pkce_pair().verifier
    )
    wrong_uri = token_request(
        client,
        app,
        **base,
        redirect_uri="https://shiphelper.example/other",
        code_verifier=pkce.verifier,
    )
    other_client = token_request(
        client, other_app, **base, redirect_uri=app.redirect_uri, code_verifier=pkce.verifier
    )

    for response in (wrong_verifier, wrong_uri, other_client):
        assert_oauth_error(response, 400, "invalid_grant")
    assert exchange(client, app, code, pkce).status_code == 200  # none of them used it up


def test_a_code_is_single_use(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    code, pkce = connect(client, seller, app)
    assert exchange(client, app, code, pkce).status_code == 200

    assert_oauth_error(exchange(client, app, code, pkce), 400, "invalid_grant")


def test_a_code_expires_after_five_minutes(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, clock: MovableClock
) -> None:
    code, pkce = connect(client, seller, app)
    clock.freeze(START + timedelta(minutes=5, seconds=1))

    assert_oauth_error(exchange(client, app, code, pkce), 400, "invalid_grant")


def test_client_authentication_and_grant_type_are_checked(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    code, pkce = connect(client, seller, app)
    fields = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": app.redirect_uri,
        "code_verifier": pkce.verifier,
    }

    wrong_secret = client.post(
        "/oauth/token", data={**fields, "client_id": app.client_id, "client_secret": "nope"}
    )
    basic_wrong = client.post("/oauth/token", data=fields, auth=(app.client_id, "nope"))
    password_grant = token_request(client, app, grant_type="password")
    basic_right = client.post("/oauth/token", data=fields, auth=(app.client_id, app.client_secret))

    assert_oauth_error(wrong_secret, 400, "invalid_client")
    assert_oauth_error(basic_wrong, 401, "invalid_client")
    assert basic_wrong.headers["www-authenticate"].startswith('Basic error="invalid_client"')
    assert_oauth_error(password_grant, 400, "unsupported_grant_type")
    assert basic_right.status_code == 200, basic_right.text


# Refresh tokens


def test_refreshing_rotates_both_tokens_and_the_old_refresh_token_stops_working(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    first = tokens_for(client, seller, app)

    second = token_request(
        client, app, grant_type="refresh_token", refresh_token=first["refresh_token"]
    )

    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["scope"] == "orders:read"
    assert client.get("/v1/orders", headers=bearer(rotated["access_token"])).status_code == 200
    third = token_request(
        client, app, grant_type="refresh_token", refresh_token=rotated["refresh_token"]
    )
    assert third.status_code == 200, third.text


def test_reusing_a_rotated_refresh_token_revokes_the_whole_grant(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    first = tokens_for(client, seller, app)
    rotated = token_request(
        client, app, grant_type="refresh_token", refresh_token=first["refresh_token"]
    ).json()

    reuse = token_request(
        client, app, grant_type="refresh_token", refresh_token=first["refresh_token"]
    )

    assert_oauth_error(reuse, 400, "invalid_grant")
    after = token_request(
        client, app, grant_type="refresh_token", refresh_token=rotated["refresh_token"]
    )
    assert_oauth_error(after, 400, "invalid_grant")
    assert client.get("/v1/orders", headers=bearer(rotated["access_token"])).status_code == 401
    with uow_factory(read_only=True) as uow:
        grant = uow.session.scalars(select(AppGrant)).one()
    assert grant.revoked_reason == "refresh_token_reused"


def test_an_access_token_expires_after_an_hour(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, clock: MovableClock
) -> None:
    tokens = tokens_for(client, seller, app)
    clock.freeze(START + timedelta(hours=1))

    assert client.get("/v1/orders", headers=bearer(tokens["access_token"])).status_code == 401


# Connected apps


def test_revoking_from_connected_apps_stops_the_token_at_once(
    client: TestClient, seller: SellerPersona, app: RegisteredApp
) -> None:
    tokens = tokens_for(client, seller, app)
    assert client.get("/v1/orders", headers=bearer(tokens["access_token"])).status_code == 200
    page = client.get("/seller/apps")
    assert page.status_code == 200
    assert 'href="/seller/apps"' in page.text  # linked from the navigation
    assert "Ship Helper" in page.text
    grant_id = _grant_id(page.text)

    revoked = client.post(
        f"/seller/apps/{grant_id}/revoke", data={"csrf_token": csrf_token(page.text)}
    )

    assert revoked.status_code == 303
    after = client.get(revoked.headers["location"])
    assert "Ship Helper is disconnected" in page_text(after)
    assert "No apps are connected to your shop." in page_text(after)
    denied = client.get("/v1/orders", headers=bearer(tokens["access_token"]))
    assert denied.status_code == 401  # not 10 s later: the authenticator forgot it
    refresh = token_request(
        client, app, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert_oauth_error(refresh, 400, "invalid_grant")


def test_another_seller_can_neither_see_nor_revoke_the_grant(
    container: Container, seller: SellerPersona, app: RegisteredApp
) -> None:
    another_seller = make_seller(container.uow_factory)
    with (
        TestClient(create_app(container), follow_redirects=False) as owner,
        TestClient(create_app(container), follow_redirects=False) as intruder,
    ):
        tokens = tokens_for(owner, seller, app)
        grant_id = _grant_id(owner.get("/seller/apps").text)
        csrf = sign_in(intruder, another_seller)

        listing = intruder.get("/seller/apps")
        attempt = intruder.post(f"/seller/apps/{grant_id}/revoke", data={"csrf_token": csrf})

        assert "Ship Helper" not in listing.text
        assert attempt.status_code == 404
        assert "not connected to your shop" in page_text(attempt)
        assert owner.get("/v1/orders", headers=bearer(tokens["access_token"])).status_code == 200
        assert "Ship Helper" in owner.get("/seller/apps").text


def test_api_requests_are_counted_per_app_seller_and_day(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    tokens = tokens_for(client, seller, app)
    for _ in range(3):
        assert client.get("/v1/orders", headers=bearer(tokens["access_token"])).status_code == 200

    client.app.state.app_usage.flush()  # type: ignore[attr-defined]

    with uow_factory(read_only=True) as uow:
        rows = [
            (row.app_id, row.seller_id, row.day, row.requests)
            for row in uow.session.scalars(select(AppUsage))
        ]
        grant = uow.session.scalars(select(AppGrant)).one()
    assert rows == [(app.app_id, seller.seller_id, START.date(), 3)]
    assert grant.last_used_at == START
    assert "Not yet" not in client.get("/seller/apps").text


def test_an_idempotency_key_of_an_app_is_never_replayed_from_an_api_key_with_the_same_id(
    client: TestClient, seller: SellerPersona, app: RegisteredApp, uow_factory: UnitOfWorkFactory
) -> None:
    another_seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    their_order = make_order(
        uow_factory, seller_id=another_seller.seller_id, buyer_id=buyer.buyer_id
    )
    our_order = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    their_key = make_api_key(uow_factory, seller_id=another_seller.seller_id)  # API key id 1
    tokens = tokens_for(client, seller, app, scope="orders:read orders:write")  # grant id 1
    body = {"reason": "out_of_stock"}
    theirs = client.post(
        f"/v1/orders/{their_order}/cancel",
        headers={**bearer(their_key), "Idempotency-Key": "cancel-1"},
        json=body,
    )

    ours = client.post(
        f"/v1/orders/{our_order}/cancel",
        headers={**bearer(tokens["access_token"]), "Idempotency-Key": "cancel-1"},
        json=body,
    )

    assert theirs.status_code == 200, theirs.text
    assert ours.status_code == 200, ours.text
    assert "idempotent-replayed" not in ours.headers
    assert (ours.json()["number"], ours.json()["status"]) == (our_order, "cancelled")


def _grant_id(page: str) -> int:
    match = re.search(r'action="/seller/apps/(\d+)/revoke"', page)
    assert match, "no Revoke form on the page"
    return int(match.group(1))

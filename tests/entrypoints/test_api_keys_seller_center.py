"""Seller Center's API keys page: create (secret shown once), list with last use, rotate and
revoke after a confirmation page, CSRF, and another seller's keys out of reach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.entrypoints.api.app import create_app
from tests.entrypoints.test_seller_center import page_text, sign_in
from tests.factories.accounts import SellerPersona, make_api_key, make_seller

SECRET = re.compile(r'id="new-api-key" class="secret" value="(fm_sk_[^"]+)"')


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory, name="Clay & Co")


def visible_text(response: Any) -> str:
    return re.sub(r"<[^>]+>", "", page_text(response))


def api_status(client: TestClient, key: str) -> int:
    return client.get("/v1/orders", headers={"Authorization": f"Bearer {key}"}).status_code


def stored_key(uow_factory: UnitOfWorkFactory, key: str) -> ApiKey:
    with uow_factory(read_only=True) as uow:
        prefix = key.split("_")[2]
        return uow.session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one()


def create_key(client: TestClient, token: str) -> str:
    created = client.post(
        "/seller/api-keys",
        data={
            "csrf_token": token,
            "name": "Warehouse sync",
            "scope": ["orders:read", "after_sales:read"],
            "expires_in_days": "30",
        },
    )
    assert created.status_code == 200, page_text(created)
    assert "Copy this key now: it is shown only once." in page_text(created)
    match = SECRET.search(created.text)
    assert match, "the page shows no new key"
    return match.group(1)


def test_a_seller_creates_a_key_sees_it_listed_with_its_last_use_but_never_its_secret_again(
    client: TestClient, seller: SellerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    token = sign_in(client, seller)
    orders_page = client.get("/seller/orders").text

    key = create_key(client, token)
    assert api_status(client, key) == 200
    listing = client.get("/seller/api-keys")

    assert 'href="/seller/api-keys"' in orders_page  # in the navigation
    text = page_text(listing)
    assert listing.status_code == 200
    assert f"fm_sk_{key.split('_')[2]}_…" in text
    assert "Warehouse sync" in text
    assert "<code>after_sales:read</code>, <code>orders:read</code>" in text
    assert "2026-03-02 09:00 UTC" in text  # created and last used
    assert "2026-04-01 09:00 UTC" in text  # expires after 30 days
    assert key not in text
    record = stored_key(uow_factory, key)
    assert (record.name, record.scopes, record.seller_id) == (
        "Warehouse sync",
        "after_sales:read orders:read",
        seller.seller_id,
    )


def test_revoking_asks_first_then_the_key_is_refused_at_once(
    client: TestClient, seller: SellerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    token = sign_in(client, seller)
    key = create_key(client, token)
    key_id = stored_key(uow_factory, key).id
    assert api_status(client, key) == 200  # the API has it cached now

    confirmation = client.get(f"/seller/api-keys/{key_id}/revoke")
    forged = client.post(f"/seller/api-keys/{key_id}/revoke", data={"csrf_token": "forged"})
    unrevoked = stored_key(uow_factory, key).revoked_at
    revoked = client.post(f"/seller/api-keys/{key_id}/revoke", data={"csrf_token": token})
    listing = client.get("/seller/api-keys")
    again = client.post(f"/seller/api-keys/{key_id}/revoke", data={"csrf_token": token})

    assert "Revoking is immediate and cannot be undone" in page_text(confirmation)
    assert f"Revoke key {key.split('_')[2]}" in page_text(confirmation)
    assert forged.status_code == 403
    assert unrevoked is None
    assert revoked.status_code == 303
    assert revoked.headers["location"] == "/seller/api-keys"
    assert f"API key {key_id} is revoked." in page_text(listing)
    assert "Rotate…" not in page_text(listing)
    assert api_status(client, key) == 401
    assert again.status_code == 409
    assert "is already revoked; nothing changed" in page_text(again)


def test_rotating_shows_the_new_key_once_and_keeps_the_old_one_for_the_grace_period(
    client: TestClient, seller: SellerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    token = sign_in(client, seller)
    old_key = create_key(client, token)
    old_id = stored_key(uow_factory, old_key).id

    confirmation = client.get(f"/seller/api-keys/{old_id}/rotate")
    rotated = client.post(
        f"/seller/api-keys/{old_id}/rotate", data={"csrf_token": token, "grace_hours": "0"}
    )

    assert "Grace period (hours)" in page_text(confirmation)
    assert rotated.status_code == 200
    match = SECRET.search(rotated.text)
    assert match, "the page shows no new key"
    new_key = match.group(1)
    replaced = f"It replaces fm_sk_{old_key.split('_')[2]}_…, which is revoked."
    assert replaced in visible_text(rotated)
    assert api_status(client, new_key) == 200
    assert api_status(client, old_key) == 401
    assert stored_key(uow_factory, new_key).rotated_from_id == old_id


def test_an_invalid_key_form_shows_the_api_texts_and_creates_nothing(
    client: TestClient, seller: SellerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    token = sign_in(client, seller)
    form = {"csrf_token": token, "name": "Nightly", "scope": "orders:read"}

    too_short = client.post("/seller/api-keys", data={**form, "expires_in_days": "0"})
    no_scope = client.post("/seller/api-keys", data={**form, "scope": []})

    assert too_short.status_code == 422
    assert "Input should be greater than or equal to 1" in page_text(too_short)
    assert 'value="Nightly"' in too_short.text  # what the seller typed is kept
    assert no_scope.status_code == 422
    assert "Give the key at least one scope." in page_text(no_scope)
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(ApiKey)).all() == []


def test_another_sellers_key_is_not_found_and_cannot_be_revoked_or_rotated(
    client: TestClient, seller: SellerPersona, uow_factory: UnitOfWorkFactory
) -> None:
    other = make_seller(uow_factory, name="Someone Else")
    theirs = make_api_key(uow_factory, seller_id=other.seller_id, scopes=["orders:read"])
    their_id = stored_key(uow_factory, theirs).id
    token = sign_in(client, seller)

    listing = client.get("/seller/api-keys")
    confirmation = client.get(f"/seller/api-keys/{their_id}/revoke")
    revoke = client.post(f"/seller/api-keys/{their_id}/revoke", data={"csrf_token": token})
    rotate = client.post(f"/seller/api-keys/{their_id}/rotate", data={"csrf_token": token})

    assert theirs.split("_")[2] not in listing.text
    assert confirmation.status_code == 404
    assert revoke.status_code == 404
    assert rotate.status_code == 404
    assert stored_key(uow_factory, theirs).revoked_at is None
    assert stored_key(uow_factory, theirs).expires_at is None
    assert api_status(client, theirs) == 200

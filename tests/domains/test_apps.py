"""Registering third-party apps: exact redirect URIs, https outside development, the seller
scopes only, and a client secret that is shown once and stored hashed."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.apps.models import App
from fairmarket.domains.apps.registration import list_apps, register_app
from fairmarket.domains.apps.schemas import AppRegister
from fairmarket.kernel.actors import system_actor
from fairmarket.kernel.errors import DomainError


def register(
    factory: UnitOfWorkFactory,
    redirect_uri: str = "https://shiphelper.example/cb",
    scopes: tuple[str, ...] = ("orders:read",),
    *,
    allow_http: bool = False,
) -> str:
    command = AppRegister(name="Ship Helper", redirect_uris=[redirect_uri], scopes=list(scopes))
    with factory() as uow:
        return register_app(
            uow, system_actor(), command, allow_http_redirects=allow_http
        ).client_secret


@pytest.mark.parametrize(
    ("redirect_uri", "problem"),
    [
        ("http://shiphelper.example/cb", "must start with https://."),
        ("https://*.shiphelper.example/cb", "must name one exact host (no wildcards)."),
        ("https:///cb", "must name one exact host (no wildcards)."),
        ("https://shiphelper.example/cb#done", "must not have a #fragment."),
        ("shiphelper.example/cb", "must start with https://."),
    ],
)
def test_a_redirect_uri_must_be_one_exact_https_address(
    uow_factory: UnitOfWorkFactory, redirect_uri: str, problem: str
) -> None:
    with pytest.raises(DomainError) as refused:
        register(uow_factory, redirect_uri)

    assert refused.value.code == "redirect_uri_refused"
    assert refused.value.message == f"Redirect URI {redirect_uri} {problem}"
    with uow_factory(read_only=True) as uow:
        assert list_apps(uow) == []


def test_plain_http_is_accepted_where_the_operator_allows_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    register(uow_factory, "http://localhost:9000/cb", allow_http=True)

    with uow_factory(read_only=True) as uow:
        assert [app.redirect_uris for app in list_apps(uow)] == [["http://localhost:9000/cb"]]


def test_an_app_may_only_ask_for_seller_scopes(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(DomainError) as refused:
        register(uow_factory, scopes=("orders:read", "rules:write"))

    assert refused.value.code == "unknown_scope"
    assert refused.value.message.startswith("Apps cannot ask for rules:write; choose from ")


def test_the_client_secret_is_returned_once_and_only_its_hash_is_stored(
    uow_factory: UnitOfWorkFactory,
) -> None:
    secret = register(uow_factory)

    with uow_factory(read_only=True) as uow:
        stored = uow.session.scalars(select(App)).one()
    assert secret.startswith("fm_cs_")
    assert stored.client_secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.client_secret_hash, stored.client_id, stored.name)

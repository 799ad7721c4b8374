"""Typed factories for third-party apps."""

from __future__ import annotations

from dataclasses import dataclass

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.apps.registration import register_app
from fairmarket.domains.apps.schemas import AppRegister
from fairmarket.kernel.actors import system_actor

REDIRECT_URI = "https://shiphelper.example/oauth/callback"


@dataclass(frozen=True)
class RegisteredApp:
    app_id: int
    name: str
    client_id: str
    client_secret: str
    redirect_uri: str


def make_app(
    factory: UnitOfWorkFactory,
    *,
    name: str = "Ship Helper",
    scopes: tuple[str, ...] = ("orders:read", "orders:write", "after_sales:read"),
    redirect_uri: str = REDIRECT_URI,
) -> RegisteredApp:
    command = AppRegister(name=name, redirect_uris=[redirect_uri], scopes=list(scopes))
    with factory() as uow:
        app = register_app(uow, system_actor(), command, allow_http_redirects=False)
    return RegisteredApp(app.id, app.name, app.client_id, app.client_secret, redirect_uri)

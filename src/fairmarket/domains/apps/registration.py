"""Registering third-party apps (the platform operator, through the CLI)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.apps.credentials import CLIENT_SECRET_PREFIX, new_client_id, new_secret
from fairmarket.domains.apps.errors import AppErrorCode, app_error
from fairmarket.domains.apps.models import App
from fairmarket.domains.apps.schemas import AppRead, AppRegister, AppRegistered
from fairmarket.domains.apps.scopes import APP_SCOPES, scope_list, scope_text
from fairmarket.domains.audit.service import record_change
from fairmarket.kernel.actors import Actor


def register_app(
    uow: UnitOfWork, actor: Actor, cmd: AppRegister, *, allow_http_redirects: bool
) -> AppRegistered:
    """Register an app; its client secret is returned once. Plain-http redirect URIs are only
    accepted where the operator allows them (development and sandbox)."""
    unknown = sorted(set(cmd.scopes) - APP_SCOPES)
    if unknown:
        raise app_error(
            AppErrorCode.UNKNOWN_SCOPE,
            f"Apps cannot ask for {', '.join(unknown)}; "
            f"choose from {', '.join(sorted(APP_SCOPES))}.",
            "scopes",
        )
    for uri in cmd.redirect_uris:
        _check_redirect_uri(uri, allow_http=allow_http_redirects)
    secret, secret_hash = new_secret(CLIENT_SECRET_PREFIX)
    app = App(
        name=cmd.name,
        client_id=new_client_id(),
        client_secret_hash=secret_hash,
        redirect_uris="\n".join(dict.fromkeys(cmd.redirect_uris)),
        scopes=scope_text(cmd.scopes),
        created_at=uow.clock.now(),
    )
    uow.session.add(app)
    uow.session.flush()
    record_change(
        uow,
        actor,
        action="app.registered",
        subject_type="app",
        subject_id=app.id,
        seller_id=None,
        order_id=None,
        before=None,
        after={"name": app.name, "client_id": app.client_id, "scopes": app.scopes},
    )
    return AppRegistered(**app_read(app).model_dump(), client_secret=secret)


def list_apps(uow: UnitOfWork) -> list[AppRead]:
    return [app_read(app) for app in uow.session.scalars(select(App).order_by(App.id))]


def app_read(app: App) -> AppRead:
    return AppRead(
        id=app.id,
        name=app.name,
        client_id=app.client_id,
        redirect_uris=app.redirect_uris.splitlines(),
        scopes=scope_list(app.scopes),
        created_at=app.created_at,
    )


def _check_redirect_uri(uri: str, *, allow_http: bool) -> None:
    parts = urlsplit(uri)
    schemes = ("https", "http") if allow_http else ("https",)
    problem = None
    if parts.scheme not in schemes:
        problem = "must start with https://" + (" or http://" if allow_http else "")
    elif not parts.hostname or "*" in uri:
        problem = "must name one exact host (no wildcards)"
    elif parts.fragment or uri.endswith("#"):
        problem = "must not have a #fragment"
    if problem is not None:
        raise app_error(
            AppErrorCode.REDIRECT_URI_REFUSED, f"Redirect URI {uri} {problem}.", "redirect_uris"
        )

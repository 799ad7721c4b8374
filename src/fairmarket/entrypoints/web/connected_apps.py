"""Connected apps: the apps a seller installed, and disconnecting one (every token of the grant
stops at once; this process forgets its cached API actors, other processes within 10 s)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.capabilities.catalogue import parse_input
from fairmarket.domains.apps.grants import list_connected_apps, revoke_app_grant
from fairmarket.domains.apps.schemas import GrantRevoke
from fairmarket.entrypoints.api.auth import ApiKeyAuthenticator
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import page_error
from fairmarket.entrypoints.web.rendering import container_of, redirect, render
from fairmarket.entrypoints.web.session import flash
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)


@router.get("/apps", name="seller_connected_apps")
def connected_apps_page(request: Request, actor: SellerActor) -> Response:
    return _page(request, actor)


@router.post("/apps/{grant_id}/revoke", name="seller_connected_app_revoke")
def revoke(request: Request, actor: SellerActor, form: CheckedForm, grant_id: str) -> Response:
    try:
        command = parse_input(GrantRevoke, {"grant_id": grant_id})
        with container_of(request).uow_factory() as uow:
            revoked = revoke_app_grant(uow, actor, command)
    except DomainError as error:
        return _page(request, actor, error)
    authenticator = getattr(request.app.state, "authenticator", None)
    if isinstance(authenticator, ApiKeyAuthenticator):
        authenticator.clear()
    flash(request, f"{revoked.app_name} is disconnected; its access to your shop has ended.")
    return redirect(request, "seller_connected_apps")


def _page(request: Request, actor: Actor, error: DomainError | None = None) -> Response:
    with container_of(request).uow_factory(read_only=True) as uow:
        apps = list_connected_apps(uow, actor)
    return render(
        request,
        "connected_apps.html",
        {"apps": apps},
        error=page_error(error) if error else None,
    )

"""The consent page of OAuth 2.0 (RFC 6749 4.1.1-4.1.2): a signed-in seller sees the app and
what it asks for in plain words, and allows (a code goes back to the app) or denies."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc6749.errors import AccessDeniedError
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from fairmarket.capabilities.catalogue import parse_input
from fairmarket.domains.apps.authorization import authorize_app, check_authorization_request
from fairmarket.domains.apps.errors import REDIRECTABLE
from fairmarket.domains.apps.schemas import AuthorizationRequest
from fairmarket.entrypoints.oauth.errors import error_redirect, oauth_error
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import page_error
from fairmarket.entrypoints.web.rendering import (
    SECURITY_HEADERS,
    container_of,
    render,
    render_error,
)
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)
FIELDS = tuple(AuthorizationRequest.model_fields)


@router.get("/oauth/authorize", name="seller_oauth_consent")
def consent_page(request: Request, actor: SellerActor) -> Response:
    raw = {name: request.query_params.get(name, "") for name in FIELDS}
    try:
        authorization = parse_input(AuthorizationRequest, raw)
        with container_of(request).uow_factory(read_only=True) as uow:
            check = check_authorization_request(uow, authorization)
    except DomainError as error:
        return _refuse(request, error, raw)
    context = {"check": check, "fields": authorization.model_dump(), "section": "apps"}
    response = render(request, "oauth_consent.html", context)
    # The form answers with a redirect to the app: let the browser follow it (CSP form-action).
    parts = urlsplit(check.redirect_uri)
    response.headers["Content-Security-Policy"] = SECURITY_HEADERS[
        "Content-Security-Policy"
    ].replace("form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}")
    return response


@router.post("/oauth/authorize", name="seller_oauth_decide")
def decide(request: Request, actor: SellerActor, form: CheckedForm) -> Response:
    raw = {name: form.get(name, "") for name in FIELDS}
    uow_factory = container_of(request).uow_factory
    try:
        authorization = parse_input(AuthorizationRequest, raw)
        if form.get("decision") != "allow":
            with uow_factory(read_only=True) as uow:
                check_authorization_request(uow, authorization)  # a verified redirect URI
            denied = AccessDeniedError(
                state=authorization.state or None, redirect_uri=authorization.redirect_uri
            )
            return error_redirect(denied)
        with uow_factory() as uow:
            granted = authorize_app(uow, actor, authorization)
    except DomainError as error:
        return _refuse(request, error, raw)
    params = [("code", granted.code)] + ([("state", granted.state)] if granted.state else [])
    return RedirectResponse(add_params_to_uri(granted.redirect_uri, params), status_code=302)


def _refuse(request: Request, error: DomainError, raw: dict[str, Any]) -> Response:
    if error.code in REDIRECTABLE:
        return error_redirect(
            oauth_error(error, state=raw["state"], redirect_uri=raw["redirect_uri"])
        )
    return render_error(request, page_error(error))

"""POST /oauth/token (RFC 6749 4.1.3 and 6: form-encoded in, JSON out, never cached) and
GET /oauth/authorize, which sends the browser to the consent page inside Seller Center (whose
sign-in cookie is scoped to /seller)."""

from __future__ import annotations

from collections.abc import Container
from urllib.parse import urlencode

from authlib.oauth2.rfc6749.util import extract_basic_authorization
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from fairmarket.capabilities.catalogue import parse_input
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.apps.errors import AppErrorCode, app_error
from fairmarket.domains.apps.schemas import (
    CodeExchange,
    GrantRevokedForReuse,
    RefreshExchange,
    TokensIssued,
)
from fairmarket.domains.apps.tokens import INVALID_REFRESH, exchange_code, refresh_tokens
from fairmarket.entrypoints.oauth.errors import NO_STORE, error_response, oauth_error
from fairmarket.kernel.errors import DomainError

router = APIRouter(include_in_schema=False)


@router.get("/oauth/authorize", name="oauth_authorize")
def authorize(request: Request) -> Response:
    # Re-encoded, so the address has no "//" and survives the sign-in page's `next` check.
    query = urlencode(list(request.query_params.multi_items()))
    consent = str(request.app.url_path_for("seller_oauth_consent"))
    return RedirectResponse(f"{consent}?{query}", status_code=303)


@router.post("/oauth/token", name="oauth_token")
async def token(request: Request) -> Response:
    form = await request.form()
    fields = {name: value for name, value in form.items() if isinstance(value, str)}
    basic = extract_basic_authorization(request.headers)
    try:
        fields.update(_client_credentials(fields, basic))
        issued = _grant(request.app.state.container.uow_factory, fields)
    except DomainError as refusal:
        error = oauth_error(refusal)
        if error.error == "invalid_client" and basic[0] is not None:
            error.status_code = 401  # RFC 6749 5.2: answer Basic with a Basic challenge
        return error_response(error)
    return JSONResponse(issued.model_dump(), headers=NO_STORE)


def _grant(uow_factory: UnitOfWorkFactory, fields: dict[str, str]) -> TokensIssued:
    grant_type = fields.pop("grant_type", "")
    if grant_type == "authorization_code":
        exchange = parse_input(CodeExchange, _only(fields, CodeExchange.model_fields))
        with uow_factory() as uow:
            return exchange_code(uow, exchange)
    if grant_type == "refresh_token":
        refresh = parse_input(RefreshExchange, _only(fields, RefreshExchange.model_fields))
        with uow_factory() as uow:
            outcome = refresh_tokens(uow, refresh)
        if isinstance(outcome, GrantRevokedForReuse):  # committed: now refuse
            raise app_error(AppErrorCode.INVALID_GRANT, INVALID_REFRESH)
        return outcome
    raise app_error(
        AppErrorCode.UNSUPPORTED_GRANT_TYPE,
        "grant_type must be authorization_code or refresh_token.",
    )


def _client_credentials(
    fields: dict[str, str], basic: tuple[str | None, str | None]
) -> dict[str, str]:
    """client_secret_basic or client_secret_post, not both (RFC 6749 2.3.1)."""
    client_id, client_secret = basic
    if client_id is None:
        return {}
    if "client_secret" in fields:
        raise app_error(
            AppErrorCode.INVALID_REQUEST,
            "Authenticate the client one way: HTTP Basic or client_secret in the body.",
        )
    return {"client_id": client_id, "client_secret": client_secret or ""}


def _only(fields: dict[str, str], names: Container[str]) -> dict[str, str]:
    """The form fields a grant reads; others (scope, say) are ignored as RFC 6749 allows."""
    return {name: value for name, value in fields.items() if name in names}

"""API keys: the shop's keys with their status and last use, create, rotate and revoke.

A new key's secret is shown once, on the page that answers the form (never in a redirect, a
flash message or the session cookie). Revoking and rotating ask first, on a page of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.domains.accounts.errors import key_not_found
from fairmarket.domains.accounts.schemas import ApiKeyCreated, ApiKeyRead, ApiKeyRotated
from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import call_capability
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import container_of, render, render_error
from fairmarket.kernel.actors import KEY_MANAGEMENT_SCOPES, Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)
SCOPE_FIELD = "scope"  # one checkbox per scope


async def chosen_scopes(request: Request) -> list[str]:
    form = await request.form()
    return [value for value in form.getlist(SCOPE_FIELD) if isinstance(value, str)]


ChosenScopes = Annotated[list[str], Depends(chosen_scopes)]


@router.get("/api-keys", name="seller_api_keys")
def api_keys_page(request: Request, actor: SellerActor, cursor: str = "") -> Response:
    return show_keys(request, actor, cursor)


def show_keys(
    request: Request,
    actor: Actor,
    cursor: str = "",
    *,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
    chosen: list[str] | None = None,
) -> Response:
    context: dict[str, Any] = {
        "keys": [],
        "cursor": cursor,
        "next_cursor": None,
        "scopes": sorted(actor.scopes),
        "chosen": set(chosen if chosen is not None else actor.scopes - KEY_MANAGEMENT_SCOPES),
        "values": dict(values or {}),
    }
    try:
        page = read(request, actor, "api_keys.list", {"cursor": cursor})
    except DomainError as failure:
        return render(request, "api_keys.html", context, error=page_error(failure))
    context.update(keys=page.items, next_cursor=page.next_cursor)
    return render(request, "api_keys.html", context, error=error)


@router.post("/api-keys", name="seller_api_key_create")
def create_key(
    request: Request, actor: SellerActor, form: CheckedForm, scopes: ChosenScopes
) -> Response:
    form.pop(SCOPE_FIELD, None)
    raw = {**form, "scopes": scopes}
    try:
        outcome = call_capability(container_of(request).uow_factory, actor, "api_keys.create", raw)
    except DomainError as failure:
        error = page_error(failure, form="create")
        return show_keys(request, actor, error=error, values=form, chosen=scopes)
    created: ApiKeyCreated = outcome.result
    return render(request, "api_key_secret.html", {"created": created, "replaced": None})


@router.get("/api-keys/{key_id}/revoke", name="seller_api_key_revoke_confirm")
def confirm_revoke(request: Request, actor: SellerActor, key_id: int) -> Response:
    return _confirm(request, actor, key_id, "revoke")


@router.post("/api-keys/{key_id}/revoke", name="seller_api_key_revoke")
def revoke_key(request: Request, actor: SellerActor, form: CheckedForm, key_id: int) -> Response:
    return submit_form(
        request,
        actor,
        capability="api_keys.revoke",
        form_name="revoke",
        raw={**form, "key_id": str(key_id)},
        rerender=lambda error, _: _confirm(request, actor, key_id, "revoke", error=error),
        success=("seller_api_keys", {}),
        after=_forget_in_this_process(request),
    )


@router.get("/api-keys/{key_id}/rotate", name="seller_api_key_rotate_confirm")
def confirm_rotate(request: Request, actor: SellerActor, key_id: int) -> Response:
    return _confirm(request, actor, key_id, "rotate")


@router.post("/api-keys/{key_id}/rotate", name="seller_api_key_rotate")
def rotate_key(request: Request, actor: SellerActor, form: CheckedForm, key_id: int) -> Response:
    raw = {**form, "key_id": str(key_id)}
    try:
        outcome = call_capability(container_of(request).uow_factory, actor, "api_keys.rotate", raw)
    except DomainError as failure:
        error = page_error(failure, form="rotate")
        return _confirm(request, actor, key_id, "rotate", error=error, values=form)
    rotated: ApiKeyRotated = outcome.result
    _forget_in_this_process(request)(rotated)
    context = {"created": rotated.new_key, "replaced": rotated.old_key}
    return render(request, "api_key_secret.html", context)


def _confirm(
    request: Request,
    actor: Actor,
    key_id: int,
    action: str,
    *,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    try:
        key = _find_key(request, actor, key_id)
    except DomainError as failure:
        return render_error(request, page_error(failure))
    context = {"key": key, "action": action, "values": dict(values or {})}
    return render(request, "api_key_confirm.html", context, error=error)


def _find_key(request: Request, actor: Actor, key_id: int) -> ApiKeyRead:
    """One of the shop's keys, through the list capability (a shop has a handful of keys)."""
    cursor: str | None = ""
    while cursor is not None:
        page = read(request, actor, "api_keys.list", {"cursor": cursor, "limit": "200"})
        found: list[ApiKeyRead] = [key for key in page.items if key.id == key_id]
        if found:
            return found[0]
        cursor = page.next_cursor
    raise key_not_found(key_id)


def _forget_in_this_process(request: Request) -> Callable[[object], None]:
    """The API's key cache in this process drops a revoked or rotated key at once."""
    forget: Callable[[object], None] | None = getattr(
        request.app.state, "forget_changed_keys", None
    )
    return forget if forget is not None else lambda _result: None

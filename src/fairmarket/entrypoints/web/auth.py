"""Signing in and out of Seller Center (e-mail and password; a signed session cookie)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from fairmarket.domains.accounts.service import authenticate_seller_user
from fairmarket.entrypoints.web.dependencies import CheckedForm, safe_next_path
from fairmarket.entrypoints.web.errors import page_error
from fairmarket.entrypoints.web.rendering import container_of, redirect, render
from fairmarket.entrypoints.web.session import (
    SignedInUser,
    flash,
    sign_in,
    sign_out,
    signed_in_user,
)
from fairmarket.entrypoints.web.sign_in_throttle import checked_sign_in
from fairmarket.kernel.errors import DomainError, ErrorKind

router = APIRouter(include_in_schema=False)

LOGIN_FAILED = DomainError(
    code="login_failed",
    message="That e-mail and password do not match a Seller Center account. "
    "Check both and try again.",
    kind=ErrorKind.UNAUTHENTICATED,
)


@router.get("/seller/login", name="seller_login")
def login_page(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> Response:
    if signed_in_user(request) is not None:
        return _after_login(request, next_path)
    return render(request, "login.html", {"values": {"email": ""}, "next": next_path})


@router.post("/seller/login", name="seller_login_submit")
async def login(request: Request, form: CheckedForm) -> Response:
    email, password = form.get("email", ""), form.get("password", "")
    user = await checked_sign_in(
        request, "seller", email, lambda: _authenticate(request, email, password), LOGIN_FAILED
    )
    next_path = form.get("next", "")
    if isinstance(user, DomainError):
        context = {"values": {"email": email}, "next": next_path}
        return render(request, "login.html", context, error=page_error(user))
    sign_in(request, user)
    return _after_login(request, next_path)


def _authenticate(request: Request, email: str, password: str) -> SignedInUser | None:
    with container_of(request).uow_factory(read_only=True) as uow:
        user = authenticate_seller_user(uow, email, password)
        if user is None:
            return None
        return SignedInUser(
            user_id=user.id, shop_name=user.seller.name, email=user.email, seller_id=user.seller_id
        )


def _after_login(request: Request, next_path: str) -> Response:
    target = safe_next_path(next_path)
    if target is None:
        return redirect(request, "seller_center")
    return RedirectResponse(target, status_code=303)


@router.post("/seller/logout", name="seller_logout")
def logout(request: Request, form: CheckedForm) -> Response:
    sign_out(request)
    flash(request, "You are signed out.")
    return redirect(request, "seller_login")

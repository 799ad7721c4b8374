"""Request guards: a signed-in seller (else the login page) and a CSRF-checked form (else 403)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from fairmarket.domains.accounts.service import actor_for_seller_user
from fairmarket.entrypoints.web.errors import csrf_error
from fairmarket.entrypoints.web.rendering import container_of, render_error
from fairmarket.entrypoints.web.session import CSRF_FIELD, csrf_matches, sign_out, signed_in_user
from fairmarket.kernel.actors import Actor, Channel


class SignInRequiredError(Exception):
    """Raised by a guard; answered with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRejectedError(Exception):
    """Raised before a handler runs, so a forged or stale form never changes anything."""


def _actor(request: Request, channel: Channel) -> Actor:
    user = signed_in_user(request)
    actor = None
    if user is not None:
        with container_of(request).uow_factory(read_only=True) as uow:
            actor = actor_for_seller_user(uow, user.user_id, channel)
    if actor is None:
        sign_out(request)  # the user was removed since signing in: start over
        raise SignInRequiredError(_return_path(request))
    return actor


def _return_path(request: Request) -> str:
    if request.method != "GET":
        return ""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}{query}"


def seller_center_actor(request: Request) -> Actor:
    return _actor(request, Channel.SELLER_CENTER)


def chatbot_actor(request: Request) -> Actor:
    # Chat turns are audited as the chatbot channel, even when typed in Seller Center.
    return _actor(request, Channel.CHATBOT)


async def checked_form(request: Request) -> dict[str, str]:
    form = await request.form()
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    if not csrf_matches(request, values.pop(CSRF_FIELD, None)):
        raise CsrfRejectedError
    return values


SellerActor = Annotated[Actor, Depends(seller_center_actor)]
ChatActor = Annotated[Actor, Depends(chatbot_actor)]
CheckedForm = Annotated[dict[str, str], Depends(checked_form)]


def safe_next_path(candidate: str | None) -> str | None:
    """Only return to our own pages after login (never an open redirect to another site)."""
    if candidate and candidate.startswith("/seller/") and not candidate.startswith("//"):
        return candidate
    return None


async def answer_sign_in_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequiredError)
    login = str(request.app.url_path_for("seller_login"))
    next_path = safe_next_path(error.next_path)
    target = f"{login}?{urlencode({'next': next_path})}" if next_path else login
    return RedirectResponse(target, status_code=303)


async def answer_csrf_rejected(request: Request, error: Exception) -> Response:
    assert isinstance(error, CsrfRejectedError)
    return render_error(request, csrf_error())

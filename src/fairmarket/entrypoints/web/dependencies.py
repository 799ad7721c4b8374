"""Request guards: a signed-in seller (else the login page) and a CSRF-checked form (else 403)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode, urlsplit

import anyio
from fastapi import Depends
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from fairmarket.domains.accounts.credentials import actor_for_buyer_key
from fairmarket.domains.accounts.service import actor_for_seller_user
from fairmarket.domains.ops.service import actor_for_agent
from fairmarket.entrypoints.web import i18n
from fairmarket.entrypoints.web.errors import csrf_error
from fairmarket.entrypoints.web.rendering import area_of, container_of, render_error
from fairmarket.entrypoints.web.session import (
    CSRF_FIELD,
    DRAFT_QUERY,
    csrf_matches,
    flash,
    keep_draft,
    sign_out,
    signed_in_agent,
    signed_in_buyer_key,
    signed_in_to,
    signed_in_user,
)
from fairmarket.kernel.actors import Actor, Channel


class SignInRequiredError(Exception):
    """Raised by a guard; answered with a redirect to that area's login page."""

    def __init__(self, next_path: str, area: str = "seller") -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.area = area


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


def buyer_actor(request: Request) -> Actor:
    key_id = signed_in_buyer_key(request)
    actor = None
    if key_id is not None:
        with container_of(request).uow_factory(read_only=True) as uow:
            # Buyer pages are audited as the buyer channel: the same key, the same person.
            actor = actor_for_buyer_key(uow, key_id, Channel.BUYER_API)
    if actor is None:
        sign_out(request)  # the key was revoked since signing in: start over
        raise SignInRequiredError(_return_path(request), area="buyer")
    return actor


def agent_actor(request: Request) -> Actor:
    agent_id = signed_in_agent(request)
    actor = None
    if agent_id is not None:
        with container_of(request).uow_factory(read_only=True) as uow:
            actor = actor_for_agent(uow, agent_id)
    if actor is None:
        sign_out(request)
        raise SignInRequiredError(_return_path(request), area="ops")
    return actor


FIRST_PAGE = {"seller": "seller_orders", "buyer": "buyer_orders", "ops": "ops_disputes"}
POSTED_FORM = "fairmarket.posted_form"  # the fields as read, for answer_sign_in_required
READING_A_FORM_SECONDS = 2


async def checked_form(request: Request) -> dict[str, str]:
    form = await request.form()
    request.scope[POSTED_FORM] = [
        (name, value) for name, value in form.multi_items() if isinstance(value, str)
    ]
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    if not csrf_matches(request, values.pop(CSRF_FIELD, None)):
        area = area_of(request)
        if not signed_in_to(request, area):  # the session ended: sign in, keep the typing
            raise SignInRequiredError("", area=area)
        raise CsrfRejectedError
    return values


SellerActor = Annotated[Actor, Depends(seller_center_actor)]
ChatActor = Annotated[Actor, Depends(chatbot_actor)]
BuyerActor = Annotated[Actor, Depends(buyer_actor)]
AgentActor = Annotated[Actor, Depends(agent_actor)]
CheckedForm = Annotated[dict[str, str], Depends(checked_form)]


def safe_next_path(candidate: str | None, area: str = "seller") -> str | None:
    """Only return to the same area's pages after login (never an open redirect)."""
    if candidate and candidate.startswith(f"/{area}/") and "//" not in candidate:
        return candidate
    return None


async def answer_sign_in_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequiredError)
    login = str(request.app.url_path_for(f"{error.area}_login"))
    next_path = safe_next_path(error.next_path, error.area)
    if request.method == "POST" and request.url.path == login:
        flash(request, i18n.gettext("This sign-in form had expired. Please sign in again."), "info")
    elif request.method == "POST":
        next_path = await _keep_what_was_typed(request, error.area) or next_path
    target = f"{login}?{urlencode({'next': next_path})}" if next_path else login
    return RedirectResponse(target, status_code=303)


async def _keep_what_was_typed(request: Request, area: str) -> str | None:
    """A form sent after the session ended: keep its fields in the (new) session and return
    the page it was sent from, with the draft's one-time token; None if nothing to keep."""
    page = _sending_page(request, area)
    fields = request.scope.get(POSTED_FORM)
    if fields is None:  # the guard refused before the form was read: read it now
        with anyio.move_on_after(READING_A_FORM_SECONDS):
            form = await request.form()
            fields = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    token = keep_draft(request, request.url.path, page, fields or [])
    if not token:
        return None
    flash(
        request,
        i18n.gettext(
            "Your session had ended, so nothing was sent. Sign in again and what you typed "
            "will be back on the page, ready to send."
        ),
        "info",
    )
    return f"{page}?{urlencode({DRAFT_QUERY: token})}"


def _sending_page(request: Request, area: str) -> str:
    """The page the form was on (its Referer, on this site and in this area), else the area's
    first page."""
    referer = urlsplit(request.headers.get("referer", ""))
    same_site = referer.netloc == request.url.netloc
    page = safe_next_path(referer.path, area) if same_site else None
    return page or str(request.app.url_path_for(FIRST_PAGE[area]))


async def answer_csrf_rejected(request: Request, error: Exception) -> Response:
    assert isinstance(error, CsrfRejectedError)
    return render_error(request, csrf_error())

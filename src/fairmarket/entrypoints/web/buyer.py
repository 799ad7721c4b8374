"""Buyer pages (/buyer): my orders, ask to cancel or return, and follow my requests.

A buyer signs in with one of their buyer API keys (`fairmarket apikeys create --buyer ID`):
buyers have no password in Fairmarket, and an e-mail alone would prove nothing. The session
keeps only the key's id, and every request checks the key again, so revoking it signs out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from fairmarket.domains.accounts.credentials import authenticate_buyer_key
from fairmarket.domains.accounts.security import split_api_key
from fairmarket.domains.after_sales.machines import JOURNEYS, JourneyType
from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.dependencies import BuyerActor, CheckedForm, safe_next_path
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.forms import action_input, opening_input
from fairmarket.entrypoints.web.rendering import container_of, redirect, render, render_error
from fairmarket.entrypoints.web.session import flash, sign_in_buyer, sign_out
from fairmarket.entrypoints.web.sign_in_throttle import checked_sign_in
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError, ErrorKind

router = APIRouter(prefix="/buyer", include_in_schema=False)

LOGIN_FAILED = DomainError(
    code="login_failed",
    message="That is not a valid buyer API key (it may have been revoked). Paste the whole "
    "key, starting with its prefix, or ask the marketplace for a new one.",
    kind=ErrorKind.UNAUTHENTICATED,
)
# The buyer's actions on a request: journey action name -> capability.
BUYER_ACTIONS = {
    "ship_return": "buyer.after_sales.ship_return",
    "accept_offer": "buyer.after_sales.accept_offer",
    "decline_offer": "buyer.after_sales.decline_offer",
    "escalate": "buyer.after_sales.escalate",
    "withdraw": "buyer.after_sales.withdraw",
}
BUTTON_LABELS = {
    "ship_return": "I shipped the return",
    "accept_offer": "Accept the offer",
    "decline_offer": "Decline the offer",
    "escalate": "Ask Fairmarket to decide",
    "withdraw": "Withdraw my request",
}


@router.get("/login", name="buyer_login")
def login_page(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> Response:
    return render(request, "buyer_login.html", {"next": next_path})


@router.post("/login", name="buyer_login_submit")
async def login(request: Request, form: CheckedForm) -> Response:
    key = form.get("api_key", "").strip()
    # The account is the key's public lookup prefix, so guesses at one key's secret add up.
    account = split_api_key(key) or key
    key_id = await checked_sign_in(
        request, "buyer", account, lambda: _authenticate(request, key), LOGIN_FAILED
    )
    next_path = form.get("next", "")
    if isinstance(key_id, DomainError):
        error = page_error(key_id)
        return render(request, "buyer_login.html", {"next": next_path}, error=error)
    sign_in_buyer(request, key_id)
    target = safe_next_path(next_path, "buyer")
    return (
        RedirectResponse(target, status_code=303) if target else redirect(request, "buyer_orders")
    )


def _authenticate(request: Request, key: str) -> int | None:
    with container_of(request).uow_factory(read_only=True) as uow:
        return authenticate_buyer_key(uow, key)


@router.post("/logout", name="buyer_logout")
def logout(request: Request, form: CheckedForm) -> Response:
    sign_out(request)
    flash(request, "You are signed out.")
    return redirect(request, "buyer_login")


@router.get("", name="buyer_home")
@router.get("/orders", name="buyer_orders")
def orders_page(request: Request, actor: BuyerActor, cursor: str = "") -> Response:
    context: dict[str, Any] = {"orders": [], "next_cursor": None, "cursor": cursor}
    try:
        page = read(request, actor, "buyer.orders.list", {"cursor": cursor})
    except DomainError as error:
        return render(request, "buyer_orders.html", context, error=page_error(error))
    context.update(orders=page.items, next_cursor=page.next_cursor)
    return render(request, "buyer_orders.html", context)


@router.get("/orders/{order_number}", name="buyer_order")
def order_page(request: Request, actor: BuyerActor, order_number: str) -> Response:
    return show_order(request, actor, order_number)


def show_order(
    request: Request,
    actor: Actor,
    order_number: str,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    try:
        order = read(request, actor, "buyer.orders.get", {"order_number": order_number})
        requests = read(
            request, actor, "buyer.after_sales.list", {"order_number": order_number, "limit": "50"}
        ).items
    except DomainError as failure:
        return render_error(request, page_error(failure))
    context = {
        "order": order,
        "requests": requests,
        "values": dict(values or {}),
        "cancel_reasons": _reasons(JourneyType.CANCELLATION),
        "return_reasons": _reasons(JourneyType.RETURN),
        "return_kinds": [kind.value for kind in JOURNEYS[JourneyType.RETURN].kinds],
    }
    return render(request, "buyer_order.html", context, error=error)


def _reasons(journey: JourneyType) -> list[tuple[str, str]]:
    return [(reason.code, reason.description) for reason in JOURNEYS[journey].reasons]


@router.post("/orders/{order_number}/cancel", name="buyer_order_cancel")
def request_cancellation(
    request: Request, actor: BuyerActor, form: CheckedForm, order_number: str
) -> Response:
    return _open(request, actor, form, order_number, "buyer.after_sales.cancel", "cancel")


@router.post("/orders/{order_number}/return", name="buyer_order_return")
def request_return(
    request: Request, actor: BuyerActor, form: CheckedForm, order_number: str
) -> Response:
    return _open(request, actor, form, order_number, "buyer.after_sales.return", "return")


def _open(  # noqa: PLR0917 - one form's whole context
    request: Request,
    actor: Actor,
    form: dict[str, str],
    order_number: str,
    capability: str,
    form_name: str,
) -> Response:
    return submit_form(
        request,
        actor,
        capability=capability,
        form_name=form_name,
        raw=opening_input(form, order_number),
        rerender=lambda error, _typed: show_order(request, actor, order_number, error, form),
        success=("buyer_order", {"order_number": order_number}),
    )


@router.get("/requests/{request_id}", name="buyer_request")
def request_page(request: Request, actor: BuyerActor, request_id: str) -> Response:
    return show_request(request, actor, request_id)


def show_request(
    request: Request,
    actor: Actor,
    request_id: str,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    try:
        found = read(request, actor, "buyer.after_sales.get", {"request_id": request_id})
    except DomainError as failure:
        return render_error(request, page_error(failure))
    offered = {offer.action: offer for offer in found.available_actions}
    context = {
        "item": found,
        "offers": [offered[name] for name in BUYER_ACTIONS if name in offered],
        "labels": BUTTON_LABELS,
        "action_route": buyer_action_route,
        "values": dict(values or {}),
    }
    return render(request, "buyer_request.html", context, error=error)


def buyer_action_route(action: str) -> str:
    return f"buyer_request_{action}"


def _register(action: str) -> None:
    capability = BUYER_ACTIONS[action]

    def handler(
        request: Request, actor: BuyerActor, form: CheckedForm, request_id: str
    ) -> Response:
        return submit_form(
            request,
            actor,
            capability=capability,
            form_name=action,
            raw=action_input(form, request_id),
            rerender=lambda error, _typed: show_request(request, actor, request_id, error, form),
            success=("buyer_request", {"request_id": request_id}),
        )

    handler.__name__ = f"buyer_{action}"
    router.add_api_route(
        f"/requests/{{request_id}}/{action.replace('_', '-')}",
        handler,
        methods=["POST"],
        name=buyer_action_route(action),
    )


for _action in BUYER_ACTIONS:
    _register(_action)

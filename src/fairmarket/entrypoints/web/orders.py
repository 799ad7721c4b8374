"""Orders: the list (status filter, cursor paging), one order with its timeline, ship, cancel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import choices
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import render, render_error
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)


@router.get("/orders", name="seller_orders")
def orders_page(
    request: Request, actor: SellerActor, status: str = "", cursor: str = ""
) -> Response:
    context: dict[str, Any] = {
        "status": status,
        "cursor": cursor,
        "statuses": choices("orders.list", "status"),
        "orders": [],
        "next_cursor": None,
    }
    try:
        page = read(request, actor, "orders.list", {"status": status, "cursor": cursor})
    except DomainError as error:
        return render(request, "orders.html", context, error=page_error(error))
    context.update(orders=page.items, next_cursor=page.next_cursor)
    return render(request, "orders.html", context)


@router.get("/orders/{order_number}", name="seller_order")
def order_page(request: Request, actor: SellerActor, order_number: str) -> Response:
    return show_order(request, actor, order_number)


def show_order(
    request: Request,
    actor: Actor,
    order_number: str,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    reference = {"order_number": order_number}
    try:
        order = read(request, actor, "orders.get", reference)
        timeline = read(request, actor, "orders.timeline", reference).entries
    except DomainError as failure:
        return render_error(request, page_error(failure))
    context = {
        "order": order,
        "timeline": timeline,
        "requests": read(
            request, actor, "after_sales.list", {"order_number": str(order.number), "limit": "50"}
        ).items,
        "values": dict(values or {}),
        "cancel_reasons": choices("orders.cancel", "reason"),
    }
    return render(request, "order.html", context, error=error)


@router.post("/orders/{order_number}/ship", name="seller_order_ship")
def ship_order(
    request: Request, actor: SellerActor, form: CheckedForm, order_number: str
) -> Response:
    return _order_action(
        request, actor, form, order_number, capability="orders.ship", form_name="ship"
    )


@router.post("/orders/{order_number}/cancel", name="seller_order_cancel")
def cancel_order(
    request: Request, actor: SellerActor, form: CheckedForm, order_number: str
) -> Response:
    return _order_action(
        request, actor, form, order_number, capability="orders.cancel", form_name="cancel"
    )


def _order_action(
    request: Request,
    actor: Actor,
    form: dict[str, str],
    order_number: str,
    *,
    capability: str,
    form_name: str,
) -> Response:
    return submit_form(
        request,
        actor,
        capability=capability,
        form_name=form_name,
        raw={**form, "order_number": order_number},
        rerender=lambda error, values: show_order(request, actor, order_number, error, values),
        success=("seller_order", {"order_number": order_number}),
    )

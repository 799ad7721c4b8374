"""Orders: the list (status filter, cursor paging), one order with its timeline, ship, cancel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.domains.orders.to_ship import orders_to_ship, ship_by
from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import choices
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import container_of, render, render_error
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)

TO_SHIP = "to_ship"  # the view of orders awaiting shipment, the nearest ship-by time first
PER_PAGE = 25


@router.get("/orders", name="seller_orders")
def orders_page(  # noqa: PLR0917 - the list's filters, one query parameter each
    request: Request,
    actor: SellerActor,
    status: str = "",
    cursor: str = "",
    view: str = "",
    page: str = "1",
) -> Response:
    context: dict[str, Any] = {
        "status": status,
        "cursor": cursor,
        "view": view,
        "statuses": choices("orders.list", "status"),
        "orders": [],
        "next_cursor": None,
        "to_ship": None,
        "ship_by": _ship_by_of(request),
    }
    if view == TO_SHIP:
        number = int(page) if page.isdigit() and 0 < len(page) < 7 else 1
        with container_of(request).uow_factory(read_only=True) as uow:
            found = orders_to_ship(uow, actor, page=max(number, 1), per_page=PER_PAGE)
        context.update(orders=found.orders, to_ship=found)
        return render(request, "orders.html", context)
    try:
        listed = read(request, actor, "orders.list", {"status": status, "cursor": cursor})
    except DomainError as error:
        return render(request, "orders.html", context, error=page_error(error))
    context.update(orders=listed.items, next_cursor=listed.next_cursor)
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
        "ship_by": _ship_by_of(request),
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


def _ship_by_of(request: Request) -> Callable[[Any], datetime | None]:
    """`ship_by(order)` for templates: when an order awaiting shipment must ship (placed +
    the handling window, when the platform cancels it otherwise), else None."""
    handling = container_of(request).uow_factory.policies.handling_window
    return lambda order: ship_by(order.status, order.placed_at, handling)

"""Seller Center after-sales: the queue (filters by type, status and kind; cursor paging), one
request with its timeline and how it was decided (the rules engine's explanation), and one form
per action the request offers the seller.

Every form posts the request's version as `expected_version`, so a seller acting on a page that
someone (or a timer) changed meanwhile sees the current state and a message instead of acting
blind. Actions that move money have a "Preview refund" button: the same capability with
`dry_run`, which shows the refund breakdown and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.capabilities.catalogue import parse_input
from fairmarket.domains.after_sales.machines import ALL_STATUSES, JourneyType, RequestKind
from fairmarket.domains.after_sales.queue import (
    QueueOrder,
    QueueQuery,
    QueueView,
    buyer_history,
    next_needing_action,
    seller_queue,
)
from fairmarket.domains.orders.to_ship import ship_by
from fairmarket.domains.rules.schemas import DecisionExplanation
from fairmarket.entrypoints.web import i18n
from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import call_capability, choices, submitted_values
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.forms import action_input, is_preview
from fairmarket.entrypoints.web.rendering import container_of, redirect, render, render_error
from fairmarket.entrypoints.web.session import flash
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)

# The seller's actions: journey action name -> capability (each has its own form and route).
SELLER_ACTIONS = {
    "approve": "after_sales.approve",
    "reject": "after_sales.reject",
    "offer_partial_refund": "after_sales.offer_partial_refund",
    "request_interception": "after_sales.request_interception",
    "confirm_received": "after_sales.confirm_received",
    "issue_refund": "after_sales.issue_refund",
}
BUTTON_LABELS = {
    "approve": "Approve",
    "reject": "Reject",
    "offer_partial_refund": "Offer partial refund",
    "request_interception": "Ask the carrier to intercept",
    "confirm_received": "Confirm the return arrived",
    "issue_refund": "Refund now",
}
NEEDS_ACTION = QueueView.NEEDS_ACTION.value
ALL = QueueView.ALL.value
DEFAULT_STATUS = NEEDS_ACTION
# "Submit and go to next": the button's field, stripped before the capability sees the form.
THEN_FIELD, THEN_NEXT = "then", "next"


def action_route(action: str) -> str:
    return f"seller_after_sale_{action}"


@router.get("/after-sales", name="seller_after_sales")
def queue_page(  # noqa: PLR0917 - the queue's filters, one query parameter each
    request: Request,
    actor: SellerActor,
    status: str = DEFAULT_STATUS,
    type: str = "",
    kind: str = "",
    q: str = "",
    order: str = QueueOrder.URGENCY.value,
    page: str = "1",
) -> Response:
    """The queue, most urgent first: by default everything waiting on the seller, whatever
    its status; a status, type or kind narrows it; `q` finds an order number or a buyer."""
    filters = {"status": status, "type": type, "kind": kind, "q": q, "order": order}
    context: dict[str, Any] = {
        "filters": filters,
        "statuses": [NEEDS_ACTION, ALL, *sorted(ALL_STATUSES)],
        "types": [t.value for t in JourneyType],
        "kinds": [k.value for k in RequestKind],
        "orders": [o.value for o in QueueOrder],
        "queue": None,
        "query_string": urlencode(filters),
    }
    view = status if status in {NEEDS_ACTION, ALL} else ALL
    raw = {
        "view": view,
        "status": "" if status in {NEEDS_ACTION, ALL} else status,
        "type": type,
        "kind": kind,
        "search": q,
        "order": order,
        "page": page,
    }
    try:
        query = parse_input(QueueQuery, submitted_values(raw))
        with container_of(request).uow_factory(read_only=True) as uow:
            context["queue"] = seller_queue(uow, actor, query)
    except DomainError as error:
        return render(request, "after_sales.html", context, error=page_error(error))
    return render(request, "after_sales.html", context)


@router.get("/after-sales/{request_id}/next", name="seller_after_sale_next")
def next_request(request: Request, actor: SellerActor, request_id: str) -> Response:
    """After answering `request_id`: the most urgent request still waiting on the seller."""
    answered = int(request_id) if request_id.isdigit() and len(request_id) < 10 else 0
    with container_of(request).uow_factory(read_only=True) as uow:
        following = next_needing_action(uow, actor, after_id=answered)
    if following is None:
        flash(request, i18n.gettext("Nothing else needs your action now."))
        return redirect(request, "seller_after_sales")
    return redirect(request, "seller_after_sale", request_id=following)


@router.get("/after-sales/{request_id}", name="seller_after_sale")
def request_page(request: Request, actor: SellerActor, request_id: str) -> Response:
    return show_request(request, actor, request_id)


def show_request(  # noqa: PLR0917 - what a re-rendered page may carry
    request: Request,
    actor: Actor,
    request_id: str,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
    preview: Any = None,
) -> Response:
    try:
        found = read(request, actor, "after_sales.get", {"request_id": request_id})
    except DomainError as failure:
        return render_error(request, page_error(failure))
    offered = {offer.action: offer for offer in found.available_actions}
    context = {
        **decision_context(request, actor, found),
        "item": found,
        "offers": [offered[name] for name in SELLER_ACTIONS if name in offered],
        "labels": BUTTON_LABELS,
        "action_route": action_route,
        "values": dict(values or {}),
        "reject_reasons": choices("after_sales.reject", "reason"),
        "preview": preview,
        "explanation": explanation_of(request, actor, found.id),
    }
    return render(request, "after_sale.html", context, error=error)


def decision_context(request: Request, actor: Actor, found: Any) -> dict[str, Any]:
    """What helps decide: the buyer's history with this shop, and the order's shipments
    (tracking, shipped and delivered dates) and ship-by time."""
    uow_factory = container_of(request).uow_factory
    with uow_factory(read_only=True) as uow:
        history = buyer_history(uow, actor, found.id)
    handling = uow_factory.policies.handling_window
    try:
        order = read(request, actor, "orders.get", {"order_number": found.order_number})
    except DomainError:
        order = None
    return {
        "history": history,
        "order": order,
        "ship_by": ship_by(order.status, order.placed_at, handling) if order else None,
        "then_next": THEN_NEXT,
    }


def explanation_of(request: Request, actor: Actor, request_id: int) -> DecisionExplanation | None:
    """The "How this was decided" section: the same capability as the API and the chatbot.
    Without it (say the key lacks a scope) the page still shows the request."""
    try:
        explanation: DecisionExplanation = read(
            request, actor, "after_sales.explain", {"request_id": request_id}
        )
    except DomainError:
        return None
    return explanation


def _act(
    request: Request, actor: Actor, form: dict[str, str], request_id: str, action: str
) -> Response:
    capability = SELLER_ACTIONS[action]
    form = dict(form)
    go_next = form.pop(THEN_FIELD, "") == THEN_NEXT
    raw = action_input(form, request_id)
    if is_preview(form):
        return _preview(request, actor, form, request_id, capability, action, raw)
    return submit_form(
        request,
        actor,
        capability=capability,
        form_name=action,
        raw=raw,
        rerender=lambda error, _typed: show_request(request, actor, request_id, error, form),
        success=(
            "seller_after_sale_next" if go_next else "seller_after_sale",
            {"request_id": request_id},
        ),
    )


def _preview(  # noqa: PLR0917 - one action's whole context
    request: Request,
    actor: Actor,
    form: dict[str, str],
    request_id: str,
    capability: str,
    action: str,
    raw: dict[str, object],
) -> Response:
    """The same call with dry_run: the page again, with what the action would do."""
    try:
        outcome = call_capability(container_of(request).uow_factory, actor, capability, raw)
    except DomainError as error:
        return show_request(request, actor, request_id, page_error(error, form=action), form)
    preview = {"action": action, "dry_run": outcome.result.dry_run}
    return show_request(request, actor, request_id, None, form, preview)


def _register(action: str) -> None:
    def handler(
        request: Request, actor: SellerActor, form: CheckedForm, request_id: str
    ) -> Response:
        return _act(request, actor, form, request_id, action)

    handler.__name__ = f"after_sale_{action}"
    router.add_api_route(
        f"/after-sales/{{request_id}}/{action.replace('_', '-')}",
        handler,
        methods=["POST"],
        name=action_route(action),
    )


for _action in SELLER_ACTIONS:
    _register(_action)

"""The Ops Console's exception queue (/ops/exceptions): the requests rules escalated or left
undecided, the nearest deadline and highest priority first; one item with its request, facts
and rule trace; and the agent's decision (kept as a label back-tests learn from)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import choices
from fairmarket.entrypoints.web.dependencies import AgentActor, CheckedForm
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import render, render_error
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError
from fairmarket.kernel.money import MINOR_UNIT_DIGITS

router = APIRouter(prefix="/exceptions")

PAGE_SIZE = 50
DECISIONS = ("approve", "reject", "refund", "request_evidence", "no_decision")


@router.get("", name="ops_exceptions")
def queue_page(request: Request, actor: AgentActor) -> Response:
    query = request.query_params
    queue, cursor = query.get("queue", ""), query.get("cursor", "")
    raw = {"queue": queue, "cursor": cursor, "limit": str(PAGE_SIZE)}
    context: dict[str, Any] = {"items": [], "next_cursor": None, "queue": queue}
    try:
        page = read(request, actor, "exceptions.list", raw)
    except DomainError as error:
        return render(request, "ops_exceptions.html", context, error=page_error(error))
    # The service already orders the queue: nearest deadline first, then higher priority.
    context.update(items=page.items, next_cursor=page.next_cursor)
    return render(request, "ops_exceptions.html", context)


@router.get("/{item_id}", name="ops_exception")
def item_page(request: Request, actor: AgentActor, item_id: int) -> Response:
    return show_item(request, actor, item_id)


def show_item(
    request: Request,
    actor: Actor,
    item_id: int,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    try:
        item = read(request, actor, "exceptions.get", {"item_id": item_id})
    except DomainError as failure:
        return render_error(request, page_error(failure))
    context = {
        "item": item,
        "values": dict(values or {}),
        "decisions": DECISIONS,
        "reject_reasons": choices("after_sales.reject", "reason"),
    }
    return render(request, "ops_exception.html", context, error=error)


@router.post("/{item_id}/decide", name="ops_exception_decide")
def decide(request: Request, actor: AgentActor, form: CheckedForm, item_id: int) -> Response:
    raw: dict[str, object] = {**form, "item_id": str(item_id)}
    amount = form.get("amount", "").strip()
    raw.pop("amount", None)
    if amount:
        raw["amount_minor"] = to_minor(amount, form.get("currency", ""))
    raw.pop("currency", None)
    return submit_form(
        request,
        actor,
        capability="exceptions.decide",
        form_name="decide",
        raw=raw,
        rerender=lambda error, _typed: show_item(request, actor, item_id, error, form),
        success=("ops_exceptions", {}),
    )


def to_minor(amount: str, currency: str) -> str:
    """`12.50` USD -> `1250`, `1200` JPY -> `1200`; what is not an amount in that currency
    passes as typed, so the command schema names the problem next to the field."""
    digits = MINOR_UNIT_DIGITS.get(currency, 2)
    try:
        value = Decimal(amount.replace(",", "")) * 10**digits
    except InvalidOperation:
        return amount
    return str(int(value)) if value == value.to_integral_value() else amount

"""The cancellation queue (soonest deadline first), one request, and the approve/reject forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.domains.cancellations.journey import ACTIONS_BY_NAME
from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import choices
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import render, render_error
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)

# The queue opens on what needs an answer; "all" is the filter's way of saying no status.
DEFAULT_TAB = "pending"
ALL = "all"


@router.get("/cancellations", name="seller_cancellations")
def cancellations_page(
    request: Request, actor: SellerActor, status: str = DEFAULT_TAB, cursor: str = ""
) -> Response:
    context: dict[str, Any] = {
        "status": status,
        "cursor": cursor,
        "tabs": [*choices("cancellations.list", "status"), ALL],
        "requests": [],
        "next_cursor": None,
    }
    query = {"status": "" if status == ALL else status, "cursor": cursor}
    try:
        page = read(request, actor, "cancellations.list", query)
    except DomainError as error:
        return render(request, "cancellations.html", context, error=page_error(error))
    context.update(requests=page.items, next_cursor=page.next_cursor)
    return render(request, "cancellations.html", context)


@router.get("/cancellations/{request_id}", name="seller_cancellation")
def cancellation_page(request: Request, actor: SellerActor, request_id: str) -> Response:
    return show_cancellation(request, actor, request_id)


def show_cancellation(
    request: Request,
    actor: Actor,
    request_id: str,
    error: PageError | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    try:
        cancellation = read(request, actor, "cancellations.get", {"request_id": request_id})
    except DomainError as failure:
        return render_error(request, page_error(failure))
    context = {
        "cancellation": cancellation,
        "values": dict(values or {}),
        "reject_reasons": choices("cancellations.reject", "reason"),
        "reject_hint": ACTIONS_BY_NAME["reject"].description,
    }
    return render(request, "cancellation.html", context, error=error)


@router.post("/cancellations/{request_id}/approve", name="seller_cancellation_approve")
def approve_cancellation(
    request: Request, actor: SellerActor, form: CheckedForm, request_id: str
) -> Response:
    return _decide(
        request, actor, form, request_id, capability="cancellations.approve", form_name="approve"
    )


@router.post("/cancellations/{request_id}/reject", name="seller_cancellation_reject")
def reject_cancellation(
    request: Request, actor: SellerActor, form: CheckedForm, request_id: str
) -> Response:
    return _decide(
        request, actor, form, request_id, capability="cancellations.reject", form_name="reject"
    )


def _decide(
    request: Request,
    actor: Actor,
    form: dict[str, str],
    request_id: str,
    *,
    capability: str,
    form_name: str,
) -> Response:
    # Back to the queue: the seller is usually working through it one request at a time.
    return submit_form(
        request,
        actor,
        capability=capability,
        form_name=form_name,
        raw={**form, "request_id": request_id},
        rerender=lambda error, values: show_cancellation(request, actor, request_id, error, values),
        success=("seller_cancellations", {}),
    )

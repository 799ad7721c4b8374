"""Approving several after-sale requests at once, from the queue.

The seller ticks requests; a preview (the approve capability with `dry_run`, one call per
request) lists each with the refund it would move and the total per currency, and asks to
confirm. Confirming runs the same approve capability once per request, each in its own unit of
work and with the version the seller saw: a request changed meanwhile (or no longer
approvable) is reported and left as it is, and the others go through. Nothing is written here
that the one approve path does not write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from fairmarket.entrypoints.web import i18n
from fairmarket.entrypoints.web.capability_calls import call_capability
from fairmarket.entrypoints.web.dependencies import CheckedForm, SellerActor
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import container_of, render
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

router = APIRouter(prefix="/seller", include_in_schema=False)

CAPABILITY = "after_sales.approve"
SELECTED, APPROVE = "select_", "approve_"
MAX_AT_ONCE = 50
TEMPLATE = "after_sales_bulk.html"


@dataclass(frozen=True)
class Outcome:
    """One request's answer: the request as it is now (or None when unreadable), the refund
    the approval moves (or moved), and the error when it cannot be (or was not) approved."""

    request_id: int
    version: int
    item: Any
    refund_minor: int
    currency: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def chosen(form: Mapping[str, str], prefix: str) -> list[tuple[int, int]]:
    """`<prefix><request id>=<version seen>` fields, in the order the page listed them."""
    picked = []
    for name, value in form.items():
        request_id, version = name.removeprefix(prefix), value.strip()
        if name.startswith(prefix) and request_id.isdigit() and version.isdigit():
            picked.append((int(request_id), int(version)))
    return picked


@router.post("/after-sales/bulk-approve", name="seller_after_sales_bulk_preview")
def preview(request: Request, actor: SellerActor, form: CheckedForm) -> Response:
    picked = chosen(form, SELECTED)
    problem = _refusal(picked)
    if problem is not None:
        return render(request, TEMPLATE, {"stage": "preview", "outcomes": []}, error=problem)
    outcomes = [_approve(request, actor, rid, version, dry_run=True) for rid, version in picked]
    context = {"stage": "preview", "outcomes": outcomes, "totals": totals(outcomes)}
    return render(request, TEMPLATE, context)


@router.post("/after-sales/bulk-approve/confirm", name="seller_after_sales_bulk_confirm")
def confirm(request: Request, actor: SellerActor, form: CheckedForm) -> Response:
    picked = chosen(form, APPROVE)
    problem = _refusal(picked)
    if problem is not None:
        return render(request, TEMPLATE, {"stage": "done", "outcomes": []}, error=problem)
    outcomes = [_approve(request, actor, rid, version, dry_run=False) for rid, version in picked]
    context = {"stage": "done", "outcomes": outcomes, "totals": totals(outcomes)}
    return render(request, TEMPLATE, context)


def _refusal(picked: list[tuple[int, int]]) -> PageError | None:
    if not picked:
        message = i18n.gettext("Select at least one request to approve, then try again.")
    elif len(picked) > MAX_AT_ONCE:
        message = i18n.gettext("Select at most %(limit)s requests at once.") % {
            "limit": MAX_AT_ONCE
        }
    else:
        return None
    return PageError(status=422, code="bulk_selection_invalid", message=message)


def _approve(
    request: Request, actor: Actor, request_id: int, version: int, *, dry_run: bool
) -> Outcome:
    raw: dict[str, object] = {"request_id": request_id, "expected_version": version}
    if dry_run:
        raw["dry_run"] = "true"
    try:
        result = call_capability(container_of(request).uow_factory, actor, CAPABILITY, raw).result
    except DomainError as error:
        return Outcome(request_id, version, None, 0, "", page_error(error).message)
    if dry_run:
        refund = result.dry_run.refund if result.dry_run else None
        moved = refund.refund_minor if refund else 0
    else:
        moved = result.refund_minor or 0
    return Outcome(request_id, version, result, moved, result.currency)


def totals(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """The refund per currency of the requests that can be (or were) approved; amounts in
    different currencies are never added together."""
    summed: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        if outcome.ok:
            summed[outcome.currency] += outcome.refund_minor
    return dict(sorted(summed.items()))

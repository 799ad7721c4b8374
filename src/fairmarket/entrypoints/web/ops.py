"""The Ops Console (/ops): platform agents sign in, work through the disputes oldest first,
read both sides of one, and rule for the buyer or for the seller (binding on both)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from fairmarket.domains.after_sales.machines import AfterSaleStatus
from fairmarket.domains.ops.service import authenticate_agent
from fairmarket.entrypoints.web import ops_exceptions, ops_rules
from fairmarket.entrypoints.web.actions import read, submit_form
from fairmarket.entrypoints.web.capability_calls import call_capability
from fairmarket.entrypoints.web.dependencies import AgentActor, CheckedForm, safe_next_path
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.forms import action_input, is_preview
from fairmarket.entrypoints.web.rendering import container_of, redirect, render, render_error
from fairmarket.entrypoints.web.session import flash, sign_in_agent, sign_out
from fairmarket.entrypoints.web.sign_in_throttle import checked_sign_in
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError, ErrorKind

router = APIRouter(prefix="/ops", include_in_schema=False)
# The rules pages and the exception queue live in their own modules, under /ops as well.
router.include_router(ops_rules.router)
router.include_router(ops_exceptions.router)

LOGIN_FAILED = DomainError(
    code="login_failed",
    message="That e-mail and password do not match an agent account. Check both and try "
    "again; agents are created with `fairmarket agents create`.",
    kind=ErrorKind.UNAUTHENTICATED,
)
DISPUTE: str = AfterSaleStatus.IN_DISPUTE
PAGE_SIZE = 100
# The queue reads every open dispute to show the oldest first; past this many, it says so.
QUEUE_CAP = 1000


@router.get("/login", name="ops_login")
def login_page(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> Response:
    return render(request, "ops_login.html", {"next": next_path, "values": {"email": ""}})


@router.post("/login", name="ops_login_submit")
async def login(request: Request, form: CheckedForm) -> Response:
    email, password = form.get("email", ""), form.get("password", "")
    actor = await checked_sign_in(
        request, "ops", email, lambda: _authenticate(request, email, password), LOGIN_FAILED
    )
    next_path = form.get("next", "")
    if isinstance(actor, DomainError) or actor.id is None:
        context = {"next": next_path, "values": {"email": email}}
        failure = actor if isinstance(actor, DomainError) else LOGIN_FAILED
        return render(request, "ops_login.html", context, error=page_error(failure))
    sign_in_agent(request, actor.id, actor.label)
    target = safe_next_path(next_path, "ops")
    return (
        RedirectResponse(target, status_code=303) if target else redirect(request, "ops_disputes")
    )


def _authenticate(request: Request, email: str, password: str) -> Actor | None:
    with container_of(request).uow_factory(read_only=True) as uow:
        return authenticate_agent(uow, email, password)


@router.post("/logout", name="ops_logout")
def logout(request: Request, form: CheckedForm) -> Response:
    sign_out(request)
    flash(request, "You are signed out.")
    return redirect(request, "ops_login")


@router.get("", name="ops_home")
@router.get("/disputes", name="ops_disputes")
def disputes_page(request: Request, actor: AgentActor) -> Response:
    context: dict[str, Any] = {"disputes": [], "capped": False}
    try:
        disputes, capped = _open_disputes(request, actor)
    except DomainError as error:
        return render(request, "ops_disputes.html", context, error=page_error(error))
    context.update(disputes=disputes, capped=capped)
    return render(request, "ops_disputes.html", context)


def _open_disputes(request: Request, actor: Actor) -> tuple[list[Any], bool]:
    """Every request in dispute, across all sellers, the longest-waiting first. The list is
    newest first by id, so it is read whole and turned around (disputes are few)."""
    found: list[Any] = []
    cursor = ""
    while len(found) < QUEUE_CAP:
        query = {"status": DISPUTE, "limit": str(PAGE_SIZE), "cursor": cursor}
        page = read(request, actor, "after_sales.list", query)
        found.extend(page.items)
        if page.next_cursor is None:
            return sorted(found, key=lambda item: (item.updated_at, item.id)), False
        cursor = page.next_cursor
    return sorted(found, key=lambda item: (item.updated_at, item.id)), True


@router.get("/disputes/{request_id}", name="ops_dispute")
def dispute_page(request: Request, actor: AgentActor, request_id: str) -> Response:
    return show_dispute(request, actor, request_id)


def show_dispute(  # noqa: PLR0917 - what a re-rendered page may carry
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
    context = {
        "item": found,
        "can_rule": any(offer.action.startswith("rule_") for offer in found.available_actions),
        "values": dict(values or {}),
        "preview": preview,
    }
    return render(request, "ops_dispute.html", context, error=error)


@router.post("/disputes/{request_id}/rule", name="ops_dispute_rule")
def rule(request: Request, actor: AgentActor, form: CheckedForm, request_id: str) -> Response:
    raw = action_input(form, request_id)
    if is_preview(form):
        try:
            outcome = call_capability(
                container_of(request).uow_factory, actor, "ops.after_sales.rule", raw
            )
        except DomainError as error:
            return show_dispute(request, actor, request_id, page_error(error, "rule"), form)
        preview = {"action": "rule", "dry_run": outcome.result.dry_run}
        return show_dispute(request, actor, request_id, None, form, preview)
    return submit_form(
        request,
        actor,
        capability="ops.after_sales.rule",
        form_name="rule",
        raw=raw,
        rerender=lambda error, _typed: show_dispute(request, actor, request_id, error, form),
        success=("ops_disputes", {}),
    )

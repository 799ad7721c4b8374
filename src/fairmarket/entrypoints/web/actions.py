"""One shape for every Seller Center form: run the capability, then redirect with a flash
message, or show the same page again with the error and what the seller typed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from fairmarket.entrypoints.web.capability_calls import call_capability, success_message
from fairmarket.entrypoints.web.errors import PageError, page_error
from fairmarket.entrypoints.web.rendering import container_of, redirect
from fairmarket.entrypoints.web.session import flash
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

# Re-renders the page the form was on, given the error and the seller's input.
Rerender = Callable[[PageError, Mapping[str, str]], Response]


def submit_form(
    request: Request,
    actor: Actor,
    *,
    capability: str,
    form_name: str,
    raw: Mapping[str, object],
    rerender: Rerender,
    success: tuple[str, dict[str, Any]],
    after: Callable[[Any], None] | None = None,
) -> Response:
    """`success` is (route name, path params) of the page to go to once the change is made;
    `after` is told the result once it is committed."""
    try:
        outcome = call_capability(container_of(request).uow_factory, actor, capability, raw)
    except DomainError as error:
        return rerender(page_error(error, form=form_name), _as_text(raw))
    if after is not None:
        after(outcome.result)
    flash(request, success_message(capability, outcome))
    route, params = success
    return redirect(request, route, **params)


def read(request: Request, actor: Actor, capability: str, raw: Mapping[str, object]) -> Any:
    """A read through the catalogue; raises DomainError (not found, invalid cursor, ...)."""
    return call_capability(container_of(request).uow_factory, actor, capability, raw).result


def _as_text(raw: Mapping[str, object]) -> dict[str, str]:
    """What to show again in the form: the typed strings (lists are shown from their inputs)."""
    return {name: value for name, value in raw.items() if isinstance(value, str)}

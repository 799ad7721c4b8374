"""Templates (Jinja2, autoescaped: buyers write some of the text we show) and page responses."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.web import formatting, i18n
from fairmarket.entrypoints.web.errors import PageError
from fairmarket.entrypoints.web.sandbox_banner import sandbox_banner
from fairmarket.entrypoints.web.session import (
    AGENT_LABEL,
    csrf_token,
    pop_flashes,
    session_ends_at,
    signed_in_agent,
    signed_in_buyer_key,
    signed_in_user,
    take_draft,
)

# Scripts and styles only from our own origin, and never inside someone else's frame.
SECURITY_HEADERS = {
    # Evidence pictures are shown from the buyer's own https links (sent without a referrer).
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: https:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("fairmarket.entrypoints.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # `{{ _("Text") }}` in templates: the request's language (i18n.py), autoescape-aware.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    environment.filters.update(
        money=formatting.format_money, utc=formatting.format_utc, humanize=formatting.humanize
    )
    environment.tests["offering"] = offers_action
    return environment


def offers_action(read_model: Any, action: str) -> bool:
    """`{% if order is offering "ship" %}`: forms appear only for what the read model allows."""
    return any(item.action == action for item in read_model.available_actions)


TEMPLATES = Jinja2Templates(env=_environment())


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    error: PageError | None = None,
) -> Response:
    clock = container_of(request).clock
    now = clock.now()
    area = area_of(request)
    user = signed_in_user(request) if area == "seller" else None
    signed_in = _signed_in(request, area)
    page: dict[str, Any] = {
        "area": area,
        "user": user,
        "signed_in": signed_in,
        # No lost work: when the session will end (session.js warns), what was typed before.
        "session_ends_at": session_ends_at(request) if signed_in else None,
        "draft": take_draft(request),
        "sandbox": sandbox_banner(clock, user.seller_id) if user else None,
        "csrf_token": csrf_token(request),
        "flashes": pop_flashes(request),
        "error": error,
        "values": {},
        "now": now,
        "time_left": lambda deadline: formatting.time_left(deadline, now),
        "is_urgent": lambda deadline: formatting.is_urgent(deadline, now),
        "url": lambda name, **params: str(request.app.url_path_for(name, **params)),
        **(context or {}),
    }
    return TEMPLATES.TemplateResponse(
        request,
        template,
        page,
        status_code=error.status if error and status == 200 else status,
        headers=SECURITY_HEADERS,
    )


def area_of(request: Request) -> str:
    """Which part of the site a page belongs to: its header, its login page."""
    path = request.url.path
    for area in ("buyer", "ops"):
        if path == f"/{area}" or path.startswith(f"/{area}/"):
            return area
    return "seller"


def _signed_in(request: Request, area: str) -> str | None:
    """A short label of who is signed in to this area (for the header), or None."""
    if area == "buyer":
        return "buyer" if signed_in_buyer_key(request) is not None else None
    if area == "ops":
        return str(request.session.get(AGENT_LABEL, "")) if signed_in_agent(request) else None
    user = signed_in_user(request)
    return user.email if user else None


def render_error(request: Request, error: PageError) -> Response:
    return render(request, "error.html", error=error)


def redirect(request: Request, name: str, query: str = "", **params: Any) -> Response:
    """303 See Other: after a POST the browser follows with a GET (no double submit on reload)."""
    path = str(request.app.url_path_for(name, **params))
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)

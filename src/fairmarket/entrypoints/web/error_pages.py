"""Error pages for browsers: an address no page serves, a wrong method or our own failure
answers `error.html` in the look of the area it belongs to, when the request accepts HTML.
The API keeps answering problem+json (entrypoints/api/problems.py asks `wants_page` first)."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response

from fairmarket.entrypoints.web.errors import http_error
from fairmarket.entrypoints.web.rendering import render_error

log = logging.getLogger(__name__)

WEB_AREAS = ("/seller", "/buyer", "/ops", "/oauth/authorize")
API_PREFIXES = ("/v1/", "/oauth/", "/openapi.json", "/docs", "/redoc")


def wants_page(request: Request) -> bool:
    """A page for the web areas (unless the caller asked for JSON only, as the chat panel's
    script does), and for any other non-API address a browser opens."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    if any(path == area or path.startswith(area + "/") for area in WEB_AREAS):
        return "text/html" in accept or "json" not in accept
    if path.startswith(API_PREFIXES):
        return False
    return "text/html" in accept


def error_page(request: Request, status: int, request_id: str = "") -> Response | None:
    """The page, or None when it cannot be drawn (the caller then answers problem+json)."""
    try:
        return render_error(request, http_error(status, request_id))
    except Exception:  # the page failing must not hide the original answer
        log.exception("the error page for %s could not be rendered", request.url.path)
        return None

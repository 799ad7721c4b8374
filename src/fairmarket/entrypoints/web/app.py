"""Mounts Seller Center, the server-rendered seller web app, on the application."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.web import auth, cancellations, chat, orders
from fairmarket.entrypoints.web.dependencies import (
    CsrfRejectedError,
    SignInRequiredError,
    answer_csrf_rejected,
    answer_sign_in_required,
)

SESSION_COOKIE = "fairmarket_seller"
SESSION_HOURS = 12

# capability name -> the Seller Center route name that serves it (read by `fairmarket parity`).
SELLER_CENTER_BINDINGS: dict[str, str] = {
    "orders.list": "seller_orders",
    "orders.get": "seller_order",
    "orders.timeline": "seller_order",  # the timeline is a section of the order page
    "orders.ship": "seller_order_ship",
    "orders.cancel": "seller_order_cancel",
    "cancellations.list": "seller_cancellations",
    "cancellations.get": "seller_cancellation",
    "cancellations.approve": "seller_cancellation_approve",
    "cancellations.reject": "seller_cancellation_reject",
}


def mount_seller_center(app: FastAPI, container: Container) -> None:
    """Add the Seller Center routes (login, orders, cancellations, chat panel) to `app`."""
    app.state.container = container
    settings = container.settings
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        path="/seller",
        same_site="lax",
        https_only=settings.session_cookie_secure,
    )
    for router in (auth.router, orders.router, cancellations.router, chat.router):
        app.include_router(router)
    app.mount(
        "/seller/static",
        StaticFiles(packages=[("fairmarket.entrypoints.web", "static")]),
        name="seller_static",
    )
    app.add_exception_handler(SignInRequiredError, answer_sign_in_required)
    app.add_exception_handler(CsrfRejectedError, answer_csrf_rejected)

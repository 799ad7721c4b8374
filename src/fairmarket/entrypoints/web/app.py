"""Mounts Seller Center, the server-rendered seller web app, on the application."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.responses import RedirectResponse
from starlette.staticfiles import StaticFiles

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.web import (
    after_sales,
    after_sales_bulk,
    api_keys,
    auth,
    buyer,
    chat,
    connected_apps,
    home,
    oauth_consent,
    ops,
    orders,
)
from fairmarket.entrypoints.web.area_sessions import AreaSessions
from fairmarket.entrypoints.web.dependencies import (
    CsrfRejectedError,
    SignInRequiredError,
    answer_csrf_rejected,
    answer_sign_in_required,
)
from fairmarket.entrypoints.web.session_store import SessionStore
from fairmarket.entrypoints.web.sign_in_throttle import SignInsInFlight
from fairmarket.kernel.clock import SystemClock

# capability name -> the Seller Center route name that serves it (read by `fairmarket parity`).
SELLER_CENTER_BINDINGS: dict[str, str] = {
    "orders.list": "seller_orders",
    "orders.get": "seller_order",
    "orders.timeline": "seller_order",  # the timeline is a section of the order page
    "after_sales.explain": "seller_after_sale",  # a section of the request page
    "orders.ship": "seller_order_ship",
    "orders.cancel": "seller_order_cancel",
    "after_sales.list": "seller_after_sales",
    "after_sales.get": "seller_after_sale",
    "api_keys.list": "seller_api_keys",
    "api_keys.create": "seller_api_key_create",
    "api_keys.revoke": "seller_api_key_revoke",
    "api_keys.rotate": "seller_api_key_rotate",
    **{
        capability: after_sales.action_route(action)
        for action, capability in after_sales.SELLER_ACTIONS.items()
    },
}


def mount_seller_center(app: FastAPI, container: Container) -> None:
    """Add the web pages to `app`: Seller Center (login, orders, after-sales, chat panel), the
    buyer pages (/buyer) and the Ops Console for platform agents (/ops)."""
    app.state.container = container
    settings = container.settings
    app.state.sign_ins_in_flight = SignInsInFlight(settings.password_check_concurrency)
    app.add_middleware(
        AreaSessions,
        store=SessionStore(container.uow_factory, SystemClock()),
        secret_key=settings.secret_key,
        https_only=settings.session_cookie_secure,
    )
    routers = (
        auth.router,
        home.router,
        orders.router,
        after_sales_bulk.router,
        after_sales.router,
        chat.router,
        api_keys.router,
        buyer.router,
        ops.router,
        oauth_consent.router,
        connected_apps.router,
    )
    for router in routers:
        app.include_router(router)
    app.mount(
        "/seller/static",
        StaticFiles(packages=[("fairmarket.entrypoints.web", "static")]),
        name="seller_static",
    )
    # Browsers ask for /favicon.ico on pages without the <link rel="icon"> (a raw file, say).
    app.add_route(
        "/favicon.ico",
        lambda request: RedirectResponse(
            request.url_for("seller_static", path="favicon.svg").path, status_code=301
        ),
        include_in_schema=False,
    )
    app.add_exception_handler(SignInRequiredError, answer_sign_in_required)
    app.add_exception_handler(CsrfRejectedError, answer_csrf_rejected)

"""A buyer's own tools (the buyer API): their orders, and asking, answering and withdrawing
after-sale requests."""

from __future__ import annotations

from fairmarket.capabilities.after_sales import AREA as RETURNS_AREA
from fairmarket.capabilities.after_sales import request_action
from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.capabilities.orders import AREA as ORDERS_AREA
from fairmarket.domains.after_sales import service as after_sales
from fairmarket.domains.after_sales.schemas import (
    AcceptOffer,
    AfterSaleListQuery,
    AfterSalePage,
    AfterSaleRead,
    AfterSaleRef,
    DeclineOffer,
    Escalate,
    OpenCancellation,
    OpenReturn,
    ShipReturn,
    Withdraw,
)
from fairmarket.domains.orders import service as orders
from fairmarket.domains.orders.schemas import OrderListQuery, OrderPage, OrderRead, OrderRef

BUYER = Audience.BUYER

BUYER_ORDER_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="buyer.orders.list",
        area=ORDERS_AREA,
        summary="List my orders (buyer).",
        command=OrderListQuery,
        result=OrderPage,
        scope="orders:read",
        handler=orders.list_orders,
        http_method="GET",
        http_path="/v1/buyer/orders",
        audience=BUYER,
    ),
    Capability(
        name="buyer.orders.get",
        area=ORDERS_AREA,
        summary="Show one of my orders (buyer).",
        command=OrderRef,
        result=OrderRead,
        scope="orders:read",
        handler=orders.get_order,
        http_method="GET",
        http_path="/v1/buyer/orders/{order_number}",
        audience=BUYER,
    ),
)

BUYER_AFTER_SALE_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="buyer.after_sales.list",
        area=RETURNS_AREA,
        summary="List my cancellation and return requests (buyer).",
        command=AfterSaleListQuery,
        result=AfterSalePage,
        scope="after_sales:read",
        handler=after_sales.list_requests,
        http_method="GET",
        http_path="/v1/buyer/after-sales",
        audience=BUYER,
    ),
    Capability(
        name="buyer.after_sales.get",
        area=RETURNS_AREA,
        summary="Show one of my requests (buyer).",
        command=AfterSaleRef,
        result=AfterSaleRead,
        scope="after_sales:read",
        handler=after_sales.get_request,
        http_method="GET",
        http_path="/v1/buyer/after-sales/{request_id}",
        audience=BUYER,
    ),
    Capability(
        name="buyer.after_sales.cancel",
        area=RETURNS_AREA,
        summary="Ask to cancel an order: before shipment, or in transit by interception (buyer).",
        command=OpenCancellation,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=after_sales.open_cancellation,
        http_method="POST",
        http_path="/v1/buyer/orders/{order_number}/after-sales/cancellation",
        writes=True,
        creates=True,
        audience=BUYER,
    ),
    Capability(
        name="buyer.after_sales.return",
        area=RETURNS_AREA,
        summary="Ask for a refund, a return and refund, or a replacement after delivery (buyer).",
        command=OpenReturn,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=after_sales.open_return,
        http_method="POST",
        http_path="/v1/buyer/orders/{order_number}/after-sales/return",
        writes=True,
        creates=True,
        audience=BUYER,
    ),
    request_action(
        "ship_return", ShipReturn, "Give the return's carrier and tracking number (buyer).", BUYER
    ),
    request_action(
        "accept_offer", AcceptOffer, "Accept the seller's partial refund (buyer).", BUYER
    ),
    request_action(
        "decline_offer",
        DeclineOffer,
        "Decline the partial refund; the seller answers again (buyer).",
        BUYER,
    ),
    request_action(
        "escalate", Escalate, "Ask the platform to decide a rejected request (buyer).", BUYER
    ),
    request_action("withdraw", Withdraw, "Withdraw my request (buyer).", BUYER),
)

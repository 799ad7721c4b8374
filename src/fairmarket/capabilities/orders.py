"""The orders domain's seller tools: list, look up, trace, ship and cancel an order."""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Capability
from fairmarket.domains.after_sales import seller_cancel
from fairmarket.domains.after_sales.seller_cancel import SellerCancelOrder
from fairmarket.domains.orders import service as orders
from fairmarket.domains.orders.schemas import (
    OrderListQuery,
    OrderPage,
    OrderRead,
    OrderRef,
    OrderTimeline,
    ShipOrder,
)

ORDER_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="orders.list",
        summary="List your orders, newest first, optionally by status.",
        command=OrderListQuery,
        result=OrderPage,
        scope="orders:read",
        handler=orders.list_orders,
        http_method="GET",
        http_path="/v1/orders",
        examples=(
            "show my orders",
            "list orders awaiting shipment",
            "which orders are in transit",
            "show cancelled orders",
        ),
    ),
    Capability(
        name="orders.get",
        summary="Show one order with its lines, shipments and money.",
        command=OrderRef,
        result=OrderRead,
        scope="orders:read",
        handler=orders.get_order,
        http_method="GET",
        http_path="/v1/orders/{order_number}",
        examples=("show order 1042", "what is the status of order 58213", "details of #77120"),
    ),
    Capability(
        name="orders.timeline",
        summary="Show the audit trail of one order: who did what, where.",
        command=OrderRef,
        result=OrderTimeline,
        scope="orders:read",
        handler=orders.order_timeline,
        http_method="GET",
        http_path="/v1/orders/{order_number}/timeline",
        examples=(
            "show the history of order 1042",
            "timeline for 58213",
            "who changed order 77120",
        ),
    ),
    Capability(
        name="orders.ship",
        summary="Mark an order shipped with its carrier and tracking number.",
        command=ShipOrder,
        result=OrderRead,
        scope="orders:write",
        handler=orders.ship_order,
        http_method="POST",
        http_path="/v1/orders/{order_number}/ship",
        writes=True,
        examples=(
            "ship order 1042 with UPS tracking 1Z999AA10123456784",
            "mark 58213 as shipped via DHL, tracking JD014600006281230",
        ),
        confirm="Mark order {order_number} shipped with {carrier}, tracking {tracking_number}?",
        done="Order {order_number} is marked shipped with {carrier} ({tracking_number}).",
    ),
    Capability(
        name="orders.cancel",
        summary="Cancel an order before shipment (counts as seller fault); the buyer is refunded.",
        command=SellerCancelOrder,
        result=OrderRead,
        scope="orders:write",
        handler=seller_cancel.cancel_order,
        http_method="POST",
        http_path="/v1/orders/{order_number}/cancel",
        writes=True,
        examples=(
            "cancel 77120, out of stock",
            "cancel order 1042 because of a pricing error",
            "I can't ship order 58213 to that address, cancel it",
        ),
        confirm="Cancel order {order_number} ({reason}) and refund the buyer in full? "
        "This counts as a seller-fault cancellation.",
        done="Order {order_number} is cancelled ({reason}) and the buyer refunded.",
    ),
)

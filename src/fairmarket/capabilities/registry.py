"""The declarations. Adding a capability here puts it in every channel (parity checks it)."""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.cancellations import service as cancellations
from fairmarket.domains.cancellations.schemas import (
    ApproveCancellation,
    CancellationListQuery,
    CancellationPage,
    CancellationRead,
    CancellationRef,
    RejectCancellation,
    RequestCancellation,
    SellerCancelOrder,
)
from fairmarket.domains.events import service as events
from fairmarket.domains.events.schemas import EventListQuery, EventPage
from fairmarket.domains.orders import service as orders
from fairmarket.domains.orders.schemas import (
    OrderListQuery,
    OrderPage,
    OrderRead,
    OrderRef,
    OrderTimeline,
    ShipOrder,
)

CAPABILITIES: tuple[Capability, ...] = (
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
        handler=cancellations.cancel_order,
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
    Capability(
        name="cancellations.list",
        summary="List buyers' cancellation requests, soonest deadline first.",
        command=CancellationListQuery,
        result=CancellationPage,
        scope="cancellations:read",
        handler=cancellations.list_cancellations,
        http_method="GET",
        http_path="/v1/cancellations",
        examples=(
            "show pending cancellations",
            "list rejected cancellation requests",
            "which cancellation requests need my answer",
        ),
    ),
    Capability(
        name="cancellations.get",
        summary="Show one cancellation request, its deadline and actions.",
        command=CancellationRef,
        result=CancellationRead,
        scope="cancellations:read",
        handler=cancellations.get_cancellation,
        http_method="GET",
        http_path="/v1/cancellations/{request_id}",
        examples=("show the cancellation for order 1042", "cancellation request 17"),
    ),
    Capability(
        name="cancellations.approve",
        summary="Approve a buyer's cancellation: the order is cancelled and refunded in full.",
        command=ApproveCancellation,
        result=CancellationRead,
        scope="cancellations:write",
        handler=cancellations.approve_cancellation,
        http_method="POST",
        http_path="/v1/cancellations/{request_id}/approve",
        writes=True,
        examples=(
            "approve the cancellation for order 1042",
            "accept cancellation request 17",
            "ok cancel it for the buyer, order 58213",
        ),
        confirm="Approve the cancellation request for {target}? The order will be cancelled and "
        "the buyer refunded in full.",
        done="Approved: {target} is cancelled and the buyer refunded.",
    ),
    Capability(
        name="cancellations.reject",
        summary="Reject a buyer's cancellation with a reason code.",
        command=RejectCancellation,
        result=CancellationRead,
        scope="cancellations:write",
        handler=cancellations.reject_cancellation,
        http_method="POST",
        http_path="/v1/cancellations/{request_id}/reject",
        writes=True,
        examples=(
            "reject 58213, it already shipped",
            "decline the cancellation for order 1042, the buyer agreed to keep it",
            "refuse cancellation of 77120 because it is custom made",
        ),
        confirm="Reject the cancellation request for {target} ({reason})?",
        done="Rejected: the cancellation request for {target} ({reason}).",
    ),
    Capability(
        name="buyer.orders.list",
        summary="List my orders (buyer).",
        command=OrderListQuery,
        result=OrderPage,
        scope="orders:read",
        handler=orders.list_orders,
        http_method="GET",
        http_path="/v1/buyer/orders",
        audience=Audience.BUYER,
    ),
    Capability(
        name="buyer.orders.get",
        summary="Show one of my orders (buyer).",
        command=OrderRef,
        result=OrderRead,
        scope="orders:read",
        handler=orders.get_order,
        http_method="GET",
        http_path="/v1/buyer/orders/{order_number}",
        audience=Audience.BUYER,
    ),
    Capability(
        name="buyer.cancellations.request",
        summary="Ask the seller to cancel an order that has not shipped (buyer).",
        command=RequestCancellation,
        result=CancellationRead,
        scope="cancellations:write",
        handler=cancellations.request_cancellation,
        http_method="POST",
        http_path="/v1/buyer/orders/{order_number}/cancellation",
        writes=True,
        audience=Audience.BUYER,
    ),
    Capability(
        name="buyer.cancellations.get",
        summary="Show one of my cancellation requests (buyer).",
        command=CancellationRef,
        result=CancellationRead,
        scope="cancellations:read",
        handler=cancellations.get_cancellation,
        http_method="GET",
        http_path="/v1/buyer/cancellations/{request_id}",
        audience=Audience.BUYER,
    ),
    Capability(
        name="events.list",
        summary="Read the ordered log of changes to your orders and cancellation requests.",
        command=EventListQuery,
        result=EventPage,
        scope="events:read",
        handler=events.list_events,
        http_method="GET",
        http_path="/v1/events",
        audience=Audience.INTEGRATOR,
    ),
)

BY_NAME: dict[str, Capability] = {capability.name: capability for capability in CAPABILITIES}


def seller_capabilities() -> list[Capability]:
    return [c for c in CAPABILITIES if c.audience is Audience.SELLER]


def get_capability(name: str) -> Capability:
    return BY_NAME[name]


__all__ = ["BY_NAME", "CAPABILITIES", "get_capability", "seller_capabilities"]

"""The sandbox's declarations: each seller's clock and simulated buyers and carriers.

Kept apart from `registry.CAPABILITIES` on purpose: they must not exist on a production
deployment, so the API mounts them only in sandbox mode (and each service refuses to run
without the sandbox clock besides). They are machine-facing (INTEGRATOR): API only.
"""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.after_sales.schemas import (
    AcceptOffer,
    AfterSaleRead,
    CarrierUpdate,
    Decide,
    DeclineOffer,
    Escalate,
    OpenCancellation,
    OpenReturn,
    ShipReturn,
    Withdraw,
)
from fairmarket.domains.orders.schemas import OrderRead, OrderRef
from fairmarket.domains.sandbox import service as sandbox
from fairmarket.domains.sandbox import simulations
from fairmarket.domains.sandbox.schemas import (
    AdvanceClock,
    ClockQuery,
    CreateTestOrder,
    SandboxClockRead,
)

AREA = "Sandbox"
CLOCK_ADVANCE = "sandbox.clock.advance"
SIMULATE = "/v1/sandbox/simulate"


def _buyer(name: str, path: str, command: type[Decide], summary: str) -> Capability:
    return Capability(
        name=f"sandbox.buyer.{name}",
        area=AREA,
        summary=summary,
        command=command,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=simulations.buyer_action(name),
        http_method="POST",
        http_path=f"{SIMULATE}/after-sales/{{request_id}}/{path}",
        writes=True,
        audience=Audience.INTEGRATOR,
    )


SANDBOX_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="sandbox.clock.get",
        area=AREA,
        summary="Your sandbox time (each seller has their own clock), and how far it runs "
        "ahead of real time.",
        command=ClockQuery,
        result=SandboxClockRead,
        scope="orders:read",
        handler=sandbox.get_clock,
        http_method="GET",
        http_path="/v1/sandbox/clock",
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name=CLOCK_ADVANCE,
        area=AREA,
        summary="Move your sandbox clock forward (by seconds, or to a moment; at most 365 days) "
        "and fire your orders' timers now due at once; their webhooks follow within seconds. "
        "Other sellers' clocks do not move.",
        command=AdvanceClock,
        result=SandboxClockRead,
        scope="orders:write",
        handler=sandbox.advance_clock,
        http_method="POST",
        http_path="/v1/sandbox/clock/advance",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="sandbox.orders.create",
        area=AREA,
        summary="Create a test order for your shop: paid, awaiting shipment, from your sandbox "
        "buyer.",
        command=CreateTestOrder,
        result=OrderRead,
        scope="orders:write",
        handler=simulations.create_test_order,
        http_method="POST",
        http_path=f"{SIMULATE}/orders",
        writes=True,
        creates=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="sandbox.carrier.deliver",
        area=AREA,
        summary="The carrier delivers a shipped order (in_transit -> delivered).",
        command=OrderRef,
        result=OrderRead,
        scope="orders:write",
        handler=simulations.deliver_order,
        http_method="POST",
        http_path=f"{SIMULATE}/orders/{{order_number}}/deliver",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="sandbox.buyer.cancel",
        area=AREA,
        summary="The order's buyer asks to cancel it (before shipment, or by interception).",
        command=OpenCancellation,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=simulations.buyer_cancels,
        http_method="POST",
        http_path=f"{SIMULATE}/orders/{{order_number}}/cancellation",
        writes=True,
        creates=True,
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="sandbox.buyer.return",
        area=AREA,
        summary="The order's buyer asks for a refund, a return and refund, or a replacement.",
        command=OpenReturn,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=simulations.buyer_returns,
        http_method="POST",
        http_path=f"{SIMULATE}/orders/{{order_number}}/return",
        writes=True,
        creates=True,
        audience=Audience.INTEGRATOR,
    ),
    _buyer("ship_return", "ship-return", ShipReturn, "The buyer ships the return parcel."),
    _buyer("accept_offer", "accept-offer", AcceptOffer, "The buyer accepts your offer."),
    _buyer("decline_offer", "decline-offer", DeclineOffer, "The buyer declines your offer."),
    _buyer("escalate", "escalate", Escalate, "The buyer asks the platform to decide."),
    _buyer("withdraw", "withdraw", Withdraw, "The buyer withdraws the request."),
    Capability(
        name="sandbox.carrier.report",
        area=AREA,
        summary="The carrier reports on a request's parcel: parcel_returned or "
        "interception_failed (an interception), return_delivered (a return).",
        command=CarrierUpdate,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=simulations.carrier_reports,
        http_method="POST",
        http_path=f"{SIMULATE}/after-sales/{{request_id}}/carrier",
        writes=True,
        audience=Audience.INTEGRATOR,
    ),
)

BY_NAME: dict[str, Capability] = {c.name: c for c in SANDBOX_CAPABILITIES}

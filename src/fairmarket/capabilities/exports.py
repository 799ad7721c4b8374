"""Bulk exports: declared like every capability, but their handlers return an iterator that is
read inside the unit of work while the answer streams, so the API serves them with its own
small route (entrypoints/api/exports.py) instead of the generic one. API only (integrators)."""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.after_sales.exports import export_requests
from fairmarket.domains.after_sales.schemas import AfterSaleExportQuery, AfterSaleRead
from fairmarket.domains.orders.exports import export_orders
from fairmarket.domains.orders.schemas import OrderExportQuery, OrderRead

AREA = "Exports"
EXPORT_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="exports.orders",
        area=AREA,
        summary="Export every order placed in a date range (at most 31 days) as JSON lines, "
        "oldest first.",
        command=OrderExportQuery,
        result=OrderRead,
        scope="orders:read",
        handler=export_orders,
        http_method="GET",
        http_path="/v1/exports/orders",
        audience=Audience.INTEGRATOR,
        many=True,
        tags=("Exports",),
    ),
    Capability(
        name="exports.after_sales",
        area=AREA,
        summary="Export every after-sale request made in a date range (at most 31 days) as "
        "JSON lines, oldest first.",
        command=AfterSaleExportQuery,
        result=AfterSaleRead,
        scope="after_sales:read",
        handler=export_requests,
        http_method="GET",
        http_path="/v1/exports/after-sales",
        audience=Audience.INTEGRATOR,
        many=True,
        tags=("Exports",),
    ),
)

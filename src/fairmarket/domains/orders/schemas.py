from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.kernel.commands import BigId, Command
from fairmarket.kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT
from fairmarket.kernel.synonyms import (
    INABILITY,
    NEGATION,
    declare_descriptions,
    declare_synonyms,
)
from fairmarket.kernel.time_windows import CreatedWindow, ExportWindow, UpdatedSince


class SellerCancelReason(StrEnum):
    """Reasons a seller may cancel an order themselves; each is attributed to the seller."""

    OUT_OF_STOCK = "out_of_stock"
    PRICING_ERROR = "pricing_error"
    CANNOT_SHIP_TO_ADDRESS = "cannot_ship_to_address"


declare_synonyms(
    SellerCancelReason,
    {
        SellerCancelReason.OUT_OF_STOCK: (
            r"out of (?:stock|inventory)",
            r"sold out",
            r"no (?:more )?(?:inventory|stock)",
            r"none left",
            r"not in stock",
            r"(?:ran|run|running) (?:out|dry)",
            r"(?:stock|inventory) (?:is |has )?(?:gone|empty|depleted|exhausted)",
            r"oos",
            r"unavailable",
            r"no longer (?:available|in stock)",
            r"discontinued",
            r"stockout",
            r"(?:nothing|none|no more|no units?|not (?:a single )?one|zero)(?: \w+){0,3} left",
            rf"(?:{NEGATION}|{INABILITY}|can no longer|no longer able to) (?:restock|re-stock"
            r"|source|supply|get (?:any )?more)",
        ),
        SellerCancelReason.PRICING_ERROR: (
            r"pric(?:e|ing) (?:error|mistake|glitch|bug|typo)",
            r"wrong(?:ly)? pric(?:e|ed|ing)",
            r"mispric(?:e|ed|ing)",
            r"priced (?:wrong|wrongly|incorrectly|too low)",
            r"incorrect(?:ly)? pric(?:e|ed)",
            r"price (?:was|is) (?:wrong|incorrect)",
            r"(?:error|mistake|typo) (?:in|on|with) the price",
            r"pric(?:e|ed|ing)\b[\w\s]{0,25}\b(?:wrong|wrongly|incorrect|incorrectly|mistaken"
            r"|by mistake|in error|too low|too cheap)",
        ),
        SellerCancelReason.CANNOT_SHIP_TO_ADDRESS: (
            rf"{NEGATION} (?:ship|deliver|send)\b[\w\s#]{{0,30}}\b(?:there|address|location"
            r"|country|region|area|place)",
            r"(?:address|location|destination) (?:is )?(?:invalid|wrong|undeliverable|unreachable"
            r"|not (?:serviceable|supported|deliverable))",
            r"undeliverable",
            r"po box",
            r"outside (?:our|my) (?:shipping|delivery) (?:area|zone|region)",
        ),
    },
)


declare_descriptions(
    SellerCancelReason,
    {
        SellerCancelReason.OUT_OF_STOCK: (
            "the item is out of stock",
            "we have no more units of this product to send",
        ),
        SellerCancelReason.PRICING_ERROR: (
            "the item was listed at the wrong price",
            "we made a mistake in the price",
        ),
        SellerCancelReason.CANNOT_SHIP_TO_ADDRESS: (
            "we cannot deliver to the buyer's address",
            "we do not ship to that country or region",
        ),
    },
)


class OrderListQuery(Command, CreatedWindow, UpdatedSince):
    """Created means placed (`placed_at`); updated means any change (`updated_at`)."""

    status: OrderStatus | None = Field(None, description="Only orders in this status.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(None, description="next_cursor from the previous page.")


class OrderExportQuery(Command, ExportWindow):
    """Every order placed in `[created_from, created_to)`, oldest first."""


class OrderRef(Command):
    order_number: BigId = Field(description="The public order number, e.g. 1042.")


class ShipOrder(OrderRef):
    carrier: str = Field(min_length=2, max_length=60, description="Carrier name, e.g. UPS.")
    tracking_number: str = Field(
        min_length=4,
        max_length=60,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]*$",
        description="Carrier tracking number (letters, digits and dashes).",
    )


class CancelOrder(OrderRef):
    reason: SellerCancelReason = Field(description="Why the seller cancels (seller fault).")
    note: str | None = Field(None, max_length=500, description="Optional note to the buyer.")


class OrderLineRead(BaseModel):
    line_id: int = Field(description="Name this line in a cancellation or return request.")
    product_id: int
    title: str
    quantity: int
    unit_price_minor: int


class ShipmentRead(BaseModel):
    carrier: str
    tracking_number: str
    status: str
    shipped_at: datetime
    delivered_at: datetime | None


class AvailableAction(BaseModel):
    action: str
    deadline: datetime | None = None
    inputs: list[str] = Field(default_factory=list)


class OrderRead(BaseModel):
    number: int
    status: OrderStatus
    seller_id: int
    buyer_id: int
    currency: str
    subtotal_minor: int
    shipping_fee_minor: int
    total_minor: int
    paid_minor: int
    refunded_minor: int
    placed_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None
    cancel_reason: str | None
    cancel_fault: str | None
    lines: list[OrderLineRead]
    shipments: list[ShipmentRead]
    available_actions: list[AvailableAction]
    version: str = Field(description="Opaque version for ETag / If-Match.")


class OrderPage(BaseModel):
    items: list[OrderRead]
    next_cursor: str | None


class TimelineEntry(BaseModel):
    at: datetime
    action: str
    actor: str
    actor_kind: str
    channel: str
    reason: str | None
    note: str | None
    before: dict[str, object] | None
    after: dict[str, object] | None


class OrderTimeline(BaseModel):
    order_number: int
    entries: list[TimelineEntry]

"""How much a request refunds, and why: pure arithmetic, the same for a dry run and for real."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class PricedLine:
    line_id: int
    unit_price_minor: int
    quantity: int  # how many the request covers


class RefundBreakdown(BaseModel):
    """The refund a request moves, line by line, and the cap that the ledger enforces."""

    items_minor: int = Field(description="Sum of unit price x quantity of the requested lines.")
    shipping_minor: int = Field(description="The shipping fee, when the reason refunds it.")
    requested_minor: int = Field(description="items_minor + shipping_minor.")
    already_refunded_minor: int = Field(description="Refunded on this order before.")
    refundable_minor: int = Field(description="Paid minus already refunded: the ledger's cap.")
    refund_minor: int = Field(description="What this action refunds.")
    capped: bool = Field(description="True when the cap cut the refund below what was asked.")
    currency: str


def breakdown(
    lines: Sequence[PricedLine],
    *,
    shipping_fee_minor: int,
    include_shipping: bool,
    paid_minor: int,
    refunded_minor: int,
    currency: str,
    amount_minor: int | None = None,
) -> RefundBreakdown:
    """`amount_minor` (an accepted offer, or a seller's chosen amount) replaces the asked total
    but never exceeds it. The result never exceeds what is left to refund."""
    items = sum(line.unit_price_minor * line.quantity for line in lines)
    shipping = shipping_fee_minor if include_shipping else 0
    requested = items + shipping
    wanted = requested if amount_minor is None else min(amount_minor, requested)
    refundable = max(paid_minor - refunded_minor, 0)
    refund = max(min(wanted, refundable), 0)
    return RefundBreakdown(
        items_minor=items,
        shipping_minor=shipping,
        requested_minor=requested,
        already_refunded_minor=refunded_minor,
        refundable_minor=refundable,
        refund_minor=refund,
        capped=refund < wanted,
        currency=currency,
    )

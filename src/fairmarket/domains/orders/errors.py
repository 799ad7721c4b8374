"""Errors the orders domain raises (a stable code each)."""

from __future__ import annotations

from fairmarket.kernel.errors import DomainError, not_found


def order_not_found(order_number: int) -> DomainError:
    return not_found(
        "order_not_found",
        f"Order {order_number} does not exist or is not yours; check the order number.",
    )

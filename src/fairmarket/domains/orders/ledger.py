"""Payments and refunds. The ledger never refunds more than was paid."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.orders.models import Order, Payment, Refund
from fairmarket.kernel.errors import conflict, invalid


def record_payment(uow: UnitOfWork, order: Order, amount_minor: int, method: str) -> Payment:
    if amount_minor <= 0:
        raise invalid("invalid_amount", "A payment must be a positive amount.", "amount_minor")
    payment = Payment(
        order_id=order.id,
        amount_minor=amount_minor,
        currency=order.currency,
        method=method,
        captured_at=uow.clock.now(),
    )
    uow.session.add(payment)
    order.paid_minor += amount_minor
    return payment


def refundable_minor(order: Order) -> int:
    return order.paid_minor - order.refunded_minor


def record_refund(
    uow: UnitOfWork,
    order: Order,
    amount_minor: int,
    *,
    reason: str,
    after_sale_request_id: int | None = None,
) -> Refund:
    """Add a refund to the ledger. The caller holds the order's row lock."""
    if amount_minor <= 0:
        raise invalid("invalid_amount", "A refund must be a positive amount.", "amount_minor")
    if amount_minor > refundable_minor(order):
        raise conflict(
            "refund_exceeds_paid",
            f"Order {order.number} has {refundable_minor(order)} {order.currency} (minor units) "
            f"left to refund; {amount_minor} was asked.",
            current_state={"paid_minor": order.paid_minor, "refunded_minor": order.refunded_minor},
        )
    refund = Refund(
        order_id=order.id,
        amount_minor=amount_minor,
        currency=order.currency,
        reason=reason,
        after_sale_request_id=after_sale_request_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(refund)
    order.refunded_minor += amount_minor
    return refund


def refund_remaining(
    uow: UnitOfWork,
    order: Order,
    *,
    reason: str,
    after_sale_request_id: int | None = None,
) -> Refund | None:
    """A full refund of whatever is still refundable; None when nothing was paid."""
    remaining = refundable_minor(order)
    if remaining == 0:
        return None
    return record_refund(
        uow,
        order,
        remaining,
        reason=reason,
        after_sale_request_id=after_sale_request_id,
    )

"""Typed factories for orders (paid, awaiting shipment by default)."""

from __future__ import annotations

from itertools import count

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.catalog.models import Category, Product
from fairmarket.domains.orders.ledger import record_payment
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Order, OrderLine

_numbers = count(1042)


def make_order(
    factory: UnitOfWorkFactory,
    *,
    seller_id: int,
    buyer_id: int,
    status: OrderStatus = OrderStatus.AWAITING_SHIPMENT,
    unit_price_minor: int = 2500,
    quantity: int = 2,
    shipping_fee_minor: int = 499,
    number: int | None = None,
) -> int:
    """Create an order and return its public number."""
    number = number or next(_numbers)
    with factory() as uow:
        now = uow.clock.now()
        category = Category(name=f"category-{number}")
        uow.session.add(category)
        uow.session.flush()
        product = Product(
            seller_id=seller_id,
            category_id=category.id,
            title="Ceramic mug",
            price_minor=unit_price_minor,
            currency="USD",
            created_at=now,
        )
        uow.session.add(product)
        uow.session.flush()
        subtotal = unit_price_minor * quantity
        order = Order(
            number=number,
            seller_id=seller_id,
            buyer_id=buyer_id,
            status=status.value,
            currency="USD",
            subtotal_minor=subtotal,
            shipping_fee_minor=shipping_fee_minor,
            total_minor=subtotal + shipping_fee_minor,
            shipping_region="US",
            placed_at=now,
            updated_at=now,
        )
        order.lines.append(
            OrderLine(
                product_id=product.id,
                title=product.title,
                quantity=quantity,
                unit_price_minor=unit_price_minor,
            )
        )
        uow.session.add(order)
        uow.session.flush()
        if status is not OrderStatus.AWAITING_PAYMENT:
            record_payment(uow, order, order.total_minor, "card")
    return number

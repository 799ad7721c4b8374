"""The ledger never refunds more than was paid, whatever sequence of refunds is attempted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.orders.ledger import record_refund, refund_remaining
from fairmarket.domains.orders.models import Order, Refund
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order


def order_id(factory: UnitOfWorkFactory, number: int) -> int:
    with factory(read_only=True) as uow:
        return uow.session.scalars(select(Order.id).where(Order.number == number)).one()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attempts=st.lists(st.integers(min_value=-50, max_value=4000), min_size=1, max_size=8))
def test_refunds_never_exceed_payments(uow_factory: UnitOfWorkFactory, attempts: list[int]) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(
        uow_factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        unit_price_minor=1000,
        quantity=3,
        shipping_fee_minor=500,
    )
    target = order_id(uow_factory, number)
    accepted = 0
    refusals: set[str] = set()
    for amount in attempts:
        try:
            with uow_factory() as uow:
                order = uow.session.get(Order, target, with_for_update=True)
                assert order is not None
                record_refund(uow, order, amount, reason="goodwill")
            accepted += amount
        except DomainError as error:
            refusals.add(error.code)
    assert refusals <= {"invalid_amount", "refund_exceeds_paid"}
    with uow_factory(read_only=True) as uow:
        order = uow.session.get(Order, target)
        assert order is not None
        total = uow.session.scalar(
            select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(Refund.order_id == target)
        )
    assert total == accepted == order.refunded_minor
    assert order.refunded_minor <= order.paid_minor == 3500


def test_full_refund_takes_only_what_is_left(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    target = order_id(uow_factory, number)
    with uow_factory() as uow:
        order = uow.session.get(Order, target)
        assert order is not None
        record_refund(uow, order, 1000, reason="goodwill")
        rest = refund_remaining(uow, order, reason="cancelled")
        assert rest is not None
        assert rest.amount_minor == order.paid_minor - 1000
        assert refund_remaining(uow, order, reason="again") is None


def test_the_database_itself_refuses_refunded_above_paid(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    target = order_id(uow_factory, number)

    def overrefund() -> None:
        with uow_factory() as uow:
            order = uow.session.get(Order, target)
            assert order is not None
            order.refunded_minor = order.paid_minor + 1

    with pytest.raises(IntegrityError):
        overrefund()

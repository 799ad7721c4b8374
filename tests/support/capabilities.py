"""Calling capabilities in tests as every channel does: the raw arguments parsed into the
capability's command, run in one unit of work as `actor`.

    request = call(uow_factory, buyer.actor(), "buyer.after_sales.cancel", order_number=n, ...)
    read = call_returning(AfterSaleRead, uow_factory, seller.actor(), "after_sales.get", ...)
    error = fails(uow_factory, another_seller.actor(), "after_sales.approve", request_id=...)
    assert error.code == "after_sale_not_found"
"""

from __future__ import annotations

from typing import Any, TypeVar

import pytest

from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError

Result = TypeVar("Result")


def call(factory: UnitOfWorkFactory, actor: Actor, name: str, /, **raw: object) -> Any:
    """Run capability `name` as `actor` with `raw` arguments; its result (a read model)."""
    capability = get_capability(name)
    return run_capability(capability, factory, actor, parse_command(capability, raw))


def call_returning(
    expected: type[Result],
    factory: UnitOfWorkFactory,
    actor: Actor,
    name: str,
    /,
    **raw: object,
) -> Result:
    """`call`, asserting the result is an `expected`."""
    result = call(factory, actor, name, **raw)
    assert isinstance(result, expected), f"{name} returned {type(result).__name__}"
    return result


def fails(factory: UnitOfWorkFactory, actor: Actor, name: str, /, **raw: object) -> DomainError:
    """`call`, which must be refused; the DomainError, for its code, kind and state."""
    with pytest.raises(DomainError) as caught:
        call(factory, actor, name, **raw)
    return caught.value

"""Which after-sale request a message means, when it names the order rather than the request.

"the return for order 1042" is looked up through `after_sales.list` (the seller's own requests,
as every channel sees them). It is unambiguous when exactly one request of that order offers the
action asked for, or when the order has only one request at all (the action then answers with
its own precise error). Otherwise the seller is asked which one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fairmarket.capabilities.catalogue import (
    Capability,
    parse_command,
    parse_input,
    run_capability,
)
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.schemas import AfterSalePage, AfterSaleRead, AfterSaleRef
from fairmarket.domains.orders.schemas import OrderRef
from fairmarket.entrypoints.chatbot.arguments import AMOUNT_SHARE, REFERENCE_BY_ORDER
from fairmarket.entrypoints.chatbot.money_words import share_from_text
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import DomainError, ErrorKind, not_found
from fairmarket.kernel.money import Money
from fairmarket.kernel.pagination import MAX_LIMIT

MAX_PAGES = 10  # the newest 2,000 requests: an older one is named by its id


@dataclass(frozen=True)
class Resolution:
    arguments: dict[str, Any] | None  # with `request_id` in place of the order number
    candidates: list[AfterSaleRead]  # when several requests fit: ask which


def names_a_request(capability: Capability) -> bool:
    return "request_id" in capability.command.model_fields


def action_of(capability: Capability) -> str | None:
    """The journey action a write capability runs ('after_sales.approve' -> 'approve')."""
    return capability.name.rsplit(".", 1)[-1] if capability.writes else None


def resolve(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    capability: Capability,
    arguments: dict[str, Any],
) -> Resolution:
    """Raises the not-found DomainError when the order has no request of this seller (and the
    validation DomainError when the order number is not one)."""
    order_number = parse_input(
        OrderRef, {"order_number": arguments[REFERENCE_BY_ORDER]}
    ).order_number
    found = requests_of_order(uow_factory, actor, order_number)
    if not found:
        raise not_found(
            "after_sale_not_found_for_order",
            f"Order {order_number} has no after-sale request of yours; list your requests "
            "(e.g. 'show pending returns') to find the one you mean, and name it by its id.",
        )
    action = action_of(capability)
    offering = [r for r in found if action in {a.action for a in r.available_actions}]
    chosen = offering or found
    if len(chosen) > 1:
        return Resolution(arguments=None, candidates=chosen)
    rest = {name: value for name, value in arguments.items() if name != REFERENCE_BY_ORDER}
    return Resolution(arguments={**rest, "request_id": chosen[0].id}, candidates=[])


def requests_of_order(
    uow_factory: UnitOfWorkFactory, actor: Actor, order_number: int
) -> list[AfterSaleRead]:
    listing = get_capability("after_sales.list")
    found: list[AfterSaleRead] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        query = parse_command(listing, {"limit": MAX_LIMIT, "cursor": cursor})
        page = run_capability(listing, uow_factory, actor, query)
        if not isinstance(page, AfterSalePage):
            raise TypeError("after_sales.list returns an AfterSalePage")
        found += [r for r in page.items if r.order_number == order_number]
        cursor = page.next_cursor
        if cursor is None:
            break
    return found


def order_meant(
    uow_factory: UnitOfWorkFactory, actor: Actor, arguments: dict[str, Any]
) -> dict[str, Any]:
    """ "reject 58213": the number after the verb is read as the request's id; when no request
    of the seller has that id but an order of that number has requests, the order was meant."""
    request_id = arguments.get("request_id")
    if not isinstance(request_id, int) or not request_is_unknown(uow_factory, actor, request_id):
        return arguments
    if not requests_of_order(uow_factory, actor, request_id):
        return arguments
    rest = {name: value for name, value in arguments.items() if name != "request_id"}
    return {**rest, REFERENCE_BY_ORDER: request_id}


def request_is_unknown(uow_factory: UnitOfWorkFactory, actor: Actor, request_id: int) -> bool:
    """No request of the seller has this id (any other error is left to the action to say)."""
    try:
        run_capability(
            get_capability("after_sales.get"),
            uow_factory,
            actor,
            parse_input(AfterSaleRef, {"request_id": request_id}),
        )
    except DomainError as error:
        return error.kind is ErrorKind.NOT_FOUND
    return False


def settle_share(
    uow_factory: UnitOfWorkFactory, actor: Actor, arguments: dict[str, Any]
) -> dict[str, Any]:
    """'half', '20%': the share of the amount the buyer asked, in the request's currency. The
    share stays in the arguments so the confirmation can say what it was taken of. A share that
    is not one is dropped (the bot then asks how much); a request that cannot be read is left to
    the action's own dry run, which says why."""
    if AMOUNT_SHARE not in arguments or "request_id" not in arguments:
        return arguments
    if "amount_minor" in arguments:
        return arguments
    try:
        share = share_from_text(str(arguments[AMOUNT_SHARE]))
        asked = requested_money(uow_factory, actor, int(arguments["request_id"]))
    except (ValueError, ZeroDivisionError):
        return {name: value for name, value in arguments.items() if name != AMOUNT_SHARE}
    except DomainError:
        return arguments
    return {**arguments, "amount_minor": asked.share(share).amount_minor}


def requested_money(uow_factory: UnitOfWorkFactory, actor: Actor, request_id: int) -> Money:
    reading = get_capability("after_sales.get")
    found = run_capability(
        reading, uow_factory, actor, parse_input(AfterSaleRef, {"request_id": request_id})
    )
    if not isinstance(found, AfterSaleRead):
        raise TypeError("after_sales.get returns an AfterSaleRead")
    return Money(found.requested_minor, found.currency)

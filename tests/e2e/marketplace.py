"""A small marketplace with something on every page of the three web areas, and the address
of each page: Seller Center, the buyer pages and the Ops Console, enumerated from the app's own
routes so a new page is walked (or names the id it needs) without anyone listing it here."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import FastAPI
from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.models import ApiKey
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.rules.evaluation import evaluate_trigger
from fairmarket.domains.rules.models import ExceptionItem
from fairmarket.domains.rules.schemas import Trigger
from fairmarket.entrypoints.web.pages import AREAS, page_path, web_pages
from tests.factories.accounts import SellerPersona, make_api_key, make_buyer, make_seller
from tests.factories.apps import make_app
from tests.factories.ops import make_agent
from tests.factories.orders import make_order
from tests.factories.rules import make_rule_version
from tests.support.capabilities import call

AGENT_EMAIL = "ruth@ops.fairmarket.test"
AGENT_PASSWORD = "a long agent password"
ESCALATIONS = """\
name: big-orders
trigger: after_sale.requested
description: People look at big cancellations.
rules:
  - id: big-order
    description: Orders over 40 go to a person.
    when: [request.type == "cancellation", order.value > 40]
    then:
      - escalate: {queue: big-orders, priority: 1}
default: [no_decision]
"""


@dataclass(frozen=True)
class Visit:
    area: str
    name: str  # the route's name, or the name of an extra visit
    path: str
    status: int = 200  # what the page answers: error pages are pages too

    @property
    def signed_out(self) -> bool:
        return self.name.endswith("_login")


@dataclass(frozen=True)
class Marketplace:
    seller: SellerPersona
    buyer_key: str
    # path parameter -> value, per area: every page that needs an id gets one that exists
    ids: dict[str, dict[str, int]]
    queries: dict[str, dict[str, str]] = field(default_factory=dict)
    extra: tuple[Visit, ...] = ()


def populate(factory: UnitOfWorkFactory) -> Marketplace:
    """Clay & Co with a disputed order, a pending cancellation and a delivered order; an
    escalation in the exception queue; an API key, an app asking to connect, an agent."""
    seller = make_seller(factory, name="Clay & Co")
    buyer = make_buyer(factory)

    def order(status: OrderStatus = OrderStatus.AWAITING_SHIPMENT) -> int:
        return make_order(
            factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id, status=status
        )

    disputed, pending, delivered = order(), order(), order(OrderStatus.DELIVERED)
    dispute_id = call(
        factory, buyer.actor(), "buyer.after_sales.cancel", order_number=disputed, reason="other"
    ).id
    call(
        factory,
        seller.actor(),
        "after_sales.reject",
        request_id=dispute_id,
        reason="custom_made",
        note="Engraved already, see the photo.",
    )
    call(
        factory,
        buyer.actor(),
        "buyer.after_sales.escalate",
        request_id=dispute_id,
        note="I cancelled within the hour; nothing was engraved.",
    )
    version_id = make_rule_version(factory, ESCALATIONS)
    pending_id = call(
        factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=pending,
        reason="changed_mind",
        note="Ordered twice, sorry.",
    ).id
    with factory() as uow:
        evaluate_trigger(uow, Trigger.REQUEST_CREATED, pending_id, event_id=None)
    with factory(read_only=True) as uow:
        item_id = uow.session.scalars(select(ExceptionItem.id)).one()
    make_api_key(factory, seller_id=seller.seller_id, scopes=["orders:read"])
    with factory(read_only=True) as uow:
        key_id = uow.session.scalars(
            select(ApiKey.id).where(ApiKey.seller_id == seller.seller_id)
        ).one()
    buyer_key = make_api_key(factory, buyer_id=buyer.buyer_id)
    make_agent(factory, AGENT_EMAIL, AGENT_PASSWORD)
    app = make_app(factory)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 48).digest()).rstrip(b"=")
    return Marketplace(
        seller=seller,
        buyer_key=buyer_key,
        ids={
            "seller": {
                "order_number": disputed,
                "request_id": dispute_id,
                "key_id": key_id,
            },
            "buyer": {"order_number": disputed, "request_id": dispute_id},
            "ops": {"request_id": dispute_id, "item_id": item_id, "version_id": version_id},
        },
        queries={
            "seller_oauth_consent": {
                "response_type": "code",
                "client_id": app.client_id,
                "redirect_uri": app.redirect_uri,
                "scope": "orders:read orders:write",
                "state": "s-1",
                "code_challenge": challenge.decode(),
                "code_challenge_method": "S256",
            }
        },
        # Pages in a second state worth looking at: forms that act on a pending request, the
        # return form of a delivered order.
        extra=(
            Visit("seller", "pending request", f"/seller/after-sales/{pending_id}"),
            Visit("seller", "pending order", f"/seller/orders/{pending}"),
            Visit("buyer", "delivered order", f"/buyer/orders/{delivered}"),
            Visit("buyer", "pending request", f"/buyer/requests/{pending_id}"),
            *(Visit(area, "no such page", f"/{area}/no-such-page", 404) for area in AREAS),
        ),
    )


def visits(app: FastAPI, market: Marketplace) -> list[Visit]:
    """Every page a browser can open (a GET route of an area), with real ids filled in."""
    found: list[Visit] = []
    for page in web_pages(app):
        try:
            path = page_path(app, page, market.ids[page.area])
        except LookupError as missing:
            raise AssertionError(f"{missing}: add it to tests/e2e/marketplace.py") from missing
        query = market.queries.get(page.name)
        found.append(Visit(page.area, page.name, f"{path}?{urlencode(query)}" if query else path))
    return [*found, *market.extra]

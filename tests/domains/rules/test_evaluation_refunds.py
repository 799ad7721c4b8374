"""A rule's refund on a return: in full without the item, or a capped share offered; asking for
evidence and notifying the seller leave the request with the seller."""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.machines import RequestKind
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import OpenReturn
from fairmarket.domains.after_sales.service import open_return
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.orders.models import Refund
from fairmarket.domains.rules.models import RequestTag, RuleEvaluation
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.factories.rules import make_rule_version, run_rules

RETURNS = """
name: returns
trigger: after_sale.requested
description: Settle small returns at once.
rules:
  - id: small-refund
    description: Refund returns under 15 without asking for the item back.
    when: [request.type == "return", request.amount < 15]
    then:
      - refund
      - notify_seller: "Refunded a small return for you."
  - id: half-for-a-change-of-mind
    description: Offer half, at most 10, to buyers who changed their mind.
    when: [request.type == "return", request.reason == "changed_mind"]
    then:
      - refund: {percent: 50, cap: 10}
      - tag: half-offered
  - id: need-photos
    description: Ask for photos of anything else.
    when: [request.type == "return"]
    then:
      - request_evidence: "Please send a photo of the item."
default: [no_decision]
"""


def given_a_return(
    factory: UnitOfWorkFactory, *, unit_price_minor: int, shipping: int, kind: str, reason: str
) -> int:
    seller, buyer = make_seller(factory), make_buyer(factory)
    number = make_order(
        factory,
        seller_id=seller.seller_id,
        buyer_id=buyer.buyer_id,
        status=OrderStatus.DELIVERED,
        unit_price_minor=unit_price_minor,
        shipping_fee_minor=shipping,
    )
    with factory() as uow:
        return open_return(
            uow,
            buyer.actor(),
            OpenReturn(order_number=number, kind=RequestKind(kind), reason=reason),
        ).id


def test_rules_refund_offer_and_ask_for_evidence(uow_factory: UnitOfWorkFactory) -> None:
    # Given the returns rule set, and three returns: 13.00 defective, 50.00 change of mind,
    # 54.99 defective return-and-refund
    make_rule_version(uow_factory, RETURNS)
    small = given_a_return(
        uow_factory, unit_price_minor=500, shipping=300, kind="refund_only", reason="defective"
    )
    changed = given_a_return(
        uow_factory, unit_price_minor=2500, shipping=499, kind="refund_only", reason="changed_mind"
    )
    photos = given_a_return(
        uow_factory,
        unit_price_minor=2500,
        shipping=499,
        kind="return_and_refund",
        reason="defective",
    )

    # When the rules run
    assert run_rules(uow_factory, expect=3) == 3

    with uow_factory(read_only=True) as uow:
        requests = {
            r.id: r
            for r in uow.session.scalars(select(AfterSaleRequest).order_by(AfterSaleRequest.id))
        }
        # Then the small one is refunded in full, the buyer keeps the item
        assert (
            requests[small].status,
            requests[small].refund_minor,
            requests[small].decided_action,
            requests[small].decided_by,
        ) == ("refunded", 1300, "refund_without_return", "system_rule")
        refunds = uow.session.scalars(select(Refund.amount_minor)).all()
        assert refunds == [1300]
        # And the change of mind is offered half of 50.00, capped at 10.00
        assert (requests[changed].status, requests[changed].offered_minor) == (
            "partial_offered",
            1000,
        )
        # And the third waits for the buyer's photos, still the seller's to decide
        assert (requests[photos].status, requests[photos].decided_action) == ("pending", None)
        tags = {(t.request_id, t.tag) for t in uow.session.scalars(select(RequestTag))}
        assert tags == {(changed, "half-offered"), (photos, "evidence_requested")}
        events = {
            (e.type, e.resource_id, e.data.get("message"))
            for e in uow.session.scalars(
                select(Event).where(
                    Event.type.in_(["after_sale.seller_notified", "after_sale.evidence_requested"])
                )
            )
        }
        assert events == {
            ("after_sale.seller_notified", small, "Refunded a small return for you."),
            ("after_sale.evidence_requested", photos, "Please send a photo of the item."),
        }
        outcomes = {
            e.request_id: (e.rule_id, e.outcome)
            for e in uow.session.scalars(select(RuleEvaluation))
        }
        assert outcomes == {
            small: ("small-refund", "applied"),
            changed: ("half-for-a-change-of-mind", "applied"),
            photos: ("need-photos", "applied"),
        }

"""'Why was this request decided this way': one capability, the same answer in the Seller API,
Seller Center and the chatbot; another seller's request is not found by any of them."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.orders.models import Order
from fairmarket.domains.rules import versions
from fairmarket.domains.rules.facts import record_from_mapping, record_to_mapping
from fairmarket.domains.rules.models import RuleEvaluation
from fairmarket.domains.rules.schemas import RuleSetDraftCreate
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.chatbot.dialog import ChatState, converse
from fairmarket.kernel.actors import Channel, system_actor
from tests.entrypoints.test_rules_api import SOURCE, make_agent_key
from tests.factories.accounts import (
    BuyerPersona,
    SellerPersona,
    make_api_key,
    make_buyer,
    make_seller,
)
from tests.factories.orders import make_order
from tests.support.capabilities import call

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FACTS = {
    "request.type": "cancellation",
    "order.status": "awaiting_shipment",
    "buyer.cancellation_rate_90d": 0.12,
}
EXPECTED_SUMMARY = (
    "Rule 'approve-unshipped' of rule set 'cancellations' (version 1) approved this request."
)


class World:
    """A seller whose buyer's cancellation a rule approved, and another seller."""

    def __init__(self, container: Container) -> None:
        self.factory: UnitOfWorkFactory = container.uow_factory
        self.client = TestClient(create_app(container), follow_redirects=False)
        self.seller: SellerPersona = make_seller(self.factory)
        self.another_seller: SellerPersona = make_seller(self.factory)
        self.buyer: BuyerPersona = make_buyer(self.factory)
        self.seller_key = make_api_key(self.factory, seller_id=self.seller.seller_id)
        self.other_key = make_api_key(self.factory, seller_id=self.another_seller.seller_id)
        order = make_order(
            self.factory, seller_id=self.seller.seller_id, buyer_id=self.buyer.buyer_id
        )
        self.request_id: int = call(
            self.factory,
            self.buyer.actor(),
            "buyer.after_sales.cancel",
            order_number=order,
            reason="changed_mind",
        ).id
        self.decide_by_rule()

    def decide_by_rule(self) -> None:
        """The rows the evaluator writes when rule 'approve-unshipped' of an active version
        approves the request."""
        with self.factory() as uow:
            version = versions.create_draft(
                uow, system_actor("cli"), RuleSetDraftCreate(source=SOURCE)
            )
            uow.session.add(
                RuleEvaluation(
                    version_id=version.id,
                    request_id=self.request_id,
                    trigger="after_sale.requested",
                    event_id=None,
                    mode="active",
                    rule_id="approve-unshipped",
                    facts=record_to_mapping(record_from_mapping(FACTS)),
                    trace=[
                        {
                            "rule": "approve-unshipped",
                            "conditions": [
                                {"text": 'request.type == "cancellation"', "held": True},
                                {"text": "order.status in [...]", "held": True},
                                {"text": "buyer.cancellation_rate_90d < 0.3", "held": True},
                            ],
                        }
                    ],
                    actions=[{"kind": "approve"}],
                    decision="approve",
                    outcome="applied",
                    outcome_detail=None,
                    created_at=uow.clock.now(),
                )
            )

    def sign_in(self, persona: SellerPersona) -> None:
        page = self.client.get("/seller/login").text
        match = CSRF.search(page)
        assert match
        response = self.client.post(
            "/seller/login",
            data={"email": persona.email, "password": persona.password, "csrf_token": match[1]},
        )
        assert response.status_code == 303


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


def test_the_api_explains_the_sellers_own_request_without_the_buyers_numbers(
    world: World,
) -> None:
    response = world.client.get(
        f"/v1/after-sales/{world.request_id}/decision",
        headers={"Authorization": f"Bearer {world.seller_key}"},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"].startswith(EXPECTED_SUMMARY)
    assert (body["decided_by_rule"], body["rule_set_name"], body["version_number"]) == (
        True,
        "cancellations",
        1,
    )
    assert (body["rule_id"], body["decision"], body["outcome"]) == (
        "approve-unshipped",
        "approve",
        "applied",
    )
    assert [reason["text"] for reason in body["reasons"]] == [
        'request.type == "cancellation"',
        'order.status in ["awaiting_payment", "awaiting_shipment"]',
        "buyer.cancellation_rate_90d < 0.3",
    ]
    assert "0.12" not in response.text
    assert "12%" not in response.text


def test_another_sellers_request_is_not_found(world: World) -> None:
    response = world.client.get(
        f"/v1/after-sales/{world.request_id}/decision",
        headers={"Authorization": f"Bearer {world.other_key}"},
    )

    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "approve-unshipped" not in response.text


def test_seller_center_shows_how_the_request_was_decided(world: World) -> None:
    explained = world.client.get(
        f"/v1/after-sales/{world.request_id}/decision",
        headers={"Authorization": f"Bearer {world.seller_key}"},
    ).json()
    world.sign_in(world.seller)

    page = html.unescape(world.client.get(f"/seller/after-sales/{world.request_id}").text)

    assert "How this was decided" in page
    assert explained["summary"] in page
    assert "approve-unshipped" in page
    assert "Conditions that held" in page
    for reason in explained["reasons"]:
        assert reason["words"] in page


def test_seller_center_says_who_decided_when_no_rule_did(
    world: World, uow_factory: UnitOfWorkFactory
) -> None:
    order = make_order(uow_factory, seller_id=world.seller.seller_id, buyer_id=world.buyer.buyer_id)
    undecided = call(
        uow_factory,
        world.buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=order,
        reason="changed_mind",
    ).id
    world.sign_in(world.seller)

    page = html.unescape(world.client.get(f"/seller/after-sales/{undecided}").text)

    assert "How this was decided" in page
    assert "Nobody has decided this request yet; it is pending." in page
    assert "Conditions that held" not in page


def test_the_chatbot_answers_why_a_request_was_decided(world: World) -> None:
    actor = world.seller.actor(Channel.CHATBOT)

    turn = converse(
        world.factory, actor, ChatState(), f"why was request {world.request_id} approved"
    )

    assert turn.status != "error", turn.reply
    lines = turn.reply.splitlines()
    assert lines[0].startswith(EXPECTED_SUMMARY)
    assert lines[1] == "Conditions that held:"
    assert len(lines) == 5
    assert all(line.startswith("• ") for line in lines[2:])


def test_the_chatbot_does_not_explain_another_sellers_request(world: World) -> None:
    actor = world.another_seller.actor(Channel.CHATBOT)

    turn = converse(world.factory, actor, ChatState(), f"explain request {world.request_id}")

    assert turn.status == "error"
    assert "approve-unshipped" not in turn.reply


def test_the_chatbot_finds_the_request_by_its_order_number(world: World) -> None:
    actor = world.seller.actor(Channel.CHATBOT)
    with world.factory(read_only=True) as uow:
        request = uow.session.get_one(AfterSaleRequest, world.request_id)
        order_number = uow.session.get_one(Order, request.order_id).number

    turn = converse(
        world.factory,
        actor,
        ChatState(),
        f"why was the cancellation for order {order_number} approved",
    )

    assert turn.status != "error", turn.reply
    assert turn.reply.startswith(EXPECTED_SUMMARY)


def test_an_agent_simulates_a_version_on_a_request_through_the_api(
    world: World, uow_factory: UnitOfWorkFactory
) -> None:
    agent_key = make_agent_key(uow_factory)
    with uow_factory(read_only=True) as uow:
        version_id = uow.session.scalars(select(RuleEvaluation.version_id)).one()

    response = world.client.post(
        f"/v1/rules/versions/{version_id}/simulate",
        headers={"Authorization": f"Bearer {agent_key}"},
        json={"request_id": world.request_id},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["version_id"], body["request_id"]) == (version_id, world.request_id)
    assert (body["rule_id"], body["decision"]) == ("approve-unshipped", "approve")


def test_an_agent_lists_the_open_exception_queue_through_the_api(
    world: World, uow_factory: UnitOfWorkFactory
) -> None:
    agent_key = make_agent_key(uow_factory)

    response = world.client.get(
        "/v1/ops/exceptions", headers={"Authorization": f"Bearer {agent_key}"}
    )
    refused = world.client.get(
        "/v1/ops/exceptions", headers={"Authorization": f"Bearer {world.seller_key}"}
    )

    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "next_cursor": None}
    assert refused.status_code == 403
    assert refused.json()["code"] == "agent_key_required"

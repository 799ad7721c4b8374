"""The Seller Chatbot through `converse`, `POST /v1/chat` and `fairmarket chat interpret`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from fairmarket.bootstrap import Container
from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.cancellations.models import CancellationRequest
from fairmarket.domains.orders.models import Order
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.chatbot.dialog import ChatState, ChatTurn, converse
from fairmarket.entrypoints.cli.main import app as cli_app
from fairmarket.kernel.actors import Actor, Channel
from tests.factories.accounts import (
    BuyerPersona,
    SellerPersona,
    make_api_key,
    make_buyer,
    make_seller,
)
from tests.factories.orders import make_order

PROBLEM = "application/problem+json"


class World:
    """A seller with an order its buyer asked to cancel, and another seller."""

    def __init__(self, container: Container) -> None:
        self.factory: UnitOfWorkFactory = container.uow_factory
        self.seller: SellerPersona = make_seller(self.factory)
        self.another_seller: SellerPersona = make_seller(self.factory)
        self.buyer: BuyerPersona = make_buyer(self.factory)
        self.order = make_order(
            self.factory, seller_id=self.seller.seller_id, buyer_id=self.buyer.buyer_id
        )
        self.request_id = self.request_cancellation(self.order)
        self.actor: Actor = self.seller.actor(Channel.CHATBOT)

    def request_cancellation(self, order_number: int) -> int:
        capability = get_capability("buyer.cancellations.request")
        command = parse_command(
            capability, {"order_number": order_number, "reason": "changed_mind"}
        )
        created = run_capability(capability, self.factory, self.buyer.actor(), command)
        request_id: int = created.id
        return request_id

    def say(self, *messages: str, actor: Actor | None = None) -> ChatTurn:
        state = ChatState()
        turn = ChatTurn(reply="", state=state)
        for message in messages:
            turn = converse(self.factory, actor or self.actor, state, message)
            state = turn.state
        return turn

    def request_status(self) -> tuple[str, str | None]:
        with self.factory(read_only=True) as uow:
            request = uow.session.get(CancellationRequest, self.request_id)
            assert request is not None
            return request.status, request.reject_reason

    def order_status(self, number: int | None = None) -> str:
        with self.factory(read_only=True) as uow:
            order = uow.session.scalars(
                select(Order).where(Order.number == (number or self.order))
            ).one()
            return order.status

    def decisions(self) -> list[tuple[str, str, str | None]]:
        with self.factory(read_only=True) as uow:
            records = uow.session.scalars(
                select(AuditRecord)
                .where(AuditRecord.subject_type == "cancellation_request")
                .where(AuditRecord.action != "cancellation.requested")
                .order_by(AuditRecord.id)
            ).all()
            return [(r.action, r.channel, r.reason) for r in records]


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


# --- through converse -------------------------------------------------------------------------


def test_reject_asks_for_the_missing_reason_then_for_confirmation(world: World) -> None:
    asked = world.say(f"reject the cancellation for order {world.order}")

    assert asked.status == "needs_input"
    assert asked.reply == "Which reason: already_shipped, buyer_agreed_to_keep or custom_made?"
    assert asked.state.awaiting == "reason"

    noted = converse(world.factory, world.actor, asked.state, "custom made")

    assert noted.status == "needs_input"
    assert noted.state.awaiting == "note"

    confirm = converse(world.factory, world.actor, noted.state, "It is engraved with your name")

    assert confirm.status == "needs_confirmation"
    assert confirm.reply.startswith(
        f"Reject the cancellation request for order {world.order} (custom_made)?"
    )
    assert world.request_status() == ("pending", None)


def test_answering_no_changes_nothing(world: World) -> None:
    turn = world.say(f"approve the cancellation for order {world.order}", "no")

    assert turn.reply == "OK, I did not do it; nothing was changed."
    assert turn.state == ChatState()
    assert world.request_status() == ("pending", None)
    assert world.order_status() == "awaiting_shipment"
    assert world.decisions() == []


def test_yes_approves_through_the_chatbot_channel(world: World) -> None:
    confirm = world.say(f"approve the cancellation for order {world.order}")

    assert confirm.status == "needs_confirmation"
    assert confirm.reply == (
        f"Approve the cancellation request for order {world.order}? The order will be cancelled "
        "and the buyer refunded in full. Reply yes or no."
    )

    done = converse(world.factory, world.actor, confirm.state, "yes")

    assert done.status == "done"
    assert done.reply.startswith(f"Approved: order {world.order} is cancelled and the buyer")
    assert "refunded 54.99 USD" in done.reply
    assert world.request_status() == ("approved", None)
    assert world.order_status() == "cancelled"
    assert world.decisions() == [("cancellation.approved", "chatbot", None)]


def test_reject_with_the_order_named_in_a_bare_number_answer(world: World) -> None:
    turn = world.say(
        "reject it, the buyer agreed to keep it",
        str(world.order),
        "The buyer wrote that they will keep the mug.",
        "yes",
    )

    assert turn.status == "done", turn.reply
    assert world.request_status() == ("rejected", "buyer_agreed_to_keep")
    assert world.decisions() == [("cancellation.rejected", "chatbot", "buyer_agreed_to_keep")]


def test_a_replayed_yes_does_not_run_the_change_twice(world: World) -> None:
    confirm = world.say(f"approve cancellation request {world.request_id}")
    first = converse(world.factory, world.actor, confirm.state, "yes")

    replayed = converse(world.factory, world.actor, confirm.state, "yes")

    assert first.status == "done"
    assert replayed == first
    assert world.decisions() == [("cancellation.approved", "chatbot", None)]


def test_a_domain_error_is_answered_with_its_exact_message(world: World) -> None:
    turn = world.say(f"reject {world.order}, it already shipped", "yes")

    assert turn.status == "error"
    assert turn.error_code == "no_shipment_recorded"
    assert turn.reply == (
        f"Order {world.order} has no shipment, so 'already_shipped' is not a valid reason; "
        "mark the order shipped with its tracking number first, or choose another reason."
    )
    assert [p.field for p in turn.errors] == ["reason"]
    assert world.request_status() == ("pending", None)


def test_another_sellers_order_is_not_found(world: World) -> None:
    other = world.another_seller.actor(Channel.CHATBOT)

    shown = world.say(f"show order {world.order}", actor=other)
    approved = world.say(f"approve the cancellation for order {world.order}", "yes", actor=other)

    assert (shown.status, shown.error_code) == ("error", "order_not_found")
    assert (approved.status, approved.error_code) == ("error", "cancellation_not_found")
    assert world.request_status() == ("pending", None)


def test_reads_run_at_once_with_a_readable_summary(world: World) -> None:
    pending = world.say("show pending cancellations")
    order = world.say(f"what is the status of order {world.order}")
    history = world.say(f"timeline for {world.order}")

    assert pending.status == "answered"
    assert pending.reply == (
        "1 cancellation request(s), soonest deadline first:\n"
        f"• request {world.request_id}, order {world.order}: changed_mind, 48h 00m left to decide"
    )
    assert order.reply.startswith(
        f"Order {world.order} is awaiting shipment. Total 54.99 USD (paid 54.99 USD, "
        "refunded 0.00 USD). Items: 2 x Ceramic mug."
    )
    assert order.data["number"] == world.order
    assert history.reply.startswith(f"History of order {world.order}:")
    assert "cancellation.requested" in history.reply


def test_ship_asks_for_carrier_and_tracking_then_ships(world: World) -> None:
    order = make_order(
        world.factory, seller_id=world.seller.seller_id, buyer_id=world.buyer.buyer_id
    )

    carrier = world.say(f"ship order {order}")
    tracking = converse(world.factory, world.actor, carrier.state, "UPS")
    confirm = converse(world.factory, world.actor, tracking.state, "1Z999AA10123456784")
    done = converse(world.factory, world.actor, confirm.state, "yes")

    assert carrier.state.awaiting == "carrier"
    assert tracking.state.awaiting == "tracking_number"
    assert confirm.reply.startswith(
        f"Mark order {order} shipped with UPS, tracking 1Z999AA10123456784?"
    )
    assert done.status == "done"
    assert world.order_status(order) == "in_transit"


def test_seller_cancels_an_order_in_one_message_after_confirmation(world: World) -> None:
    order = make_order(
        world.factory, seller_id=world.seller.seller_id, buyer_id=world.buyer.buyer_id
    )

    done = world.say(f"cancel {order}, out of stock", "yes")

    assert done.reply.startswith(f"Order {order} is cancelled (out_of_stock) and the buyer")
    assert world.order_status(order) == "cancelled"


def test_unknown_requests_get_help(world: World) -> None:
    turn = world.say("delete my shop")

    assert turn.status == "unknown"
    assert "show pending cancellations" in turn.reply
    assert turn.state == ChatState()


@pytest.mark.parametrize(
    ("message", "code"),
    [("", "empty_message"), ("   ", "empty_message"), ("x" * 2001, "message_too_long")],
)
def test_empty_or_overlong_messages_are_error_turns(world: World, message: str, code: str) -> None:
    confirm = world.say(f"approve the cancellation for order {world.order}")

    turn = converse(world.factory, world.actor, confirm.state, message)

    assert (turn.status, turn.error_code) == ("error", code)
    assert turn.state == confirm.state
    assert world.request_status() == ("pending", None)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=st.text(max_size=200), awaiting=st.sampled_from([None, "reason", "confirmation"]))
def test_no_input_crashes_a_turn(world: World, message: str, awaiting: str | None) -> None:
    state = ChatState(
        pending_capability="cancellations.reject",
        arguments={"order_number": world.order},
        awaiting=awaiting,
    )

    turn = converse(world.factory, world.actor, state, message)

    assert turn.status in {"answered", "needs_input", "needs_confirmation", "error", "unknown"}
    assert world.request_status() == ("pending", None)


# --- through POST /v1/chat ----------------------------------------------------------------------


class Api:
    def __init__(self, container: Container, world: World) -> None:
        self.client = TestClient(create_app(container))
        self.key = make_api_key(world.factory, seller_id=world.seller.seller_id)
        self.other_key = make_api_key(world.factory, seller_id=world.another_seller.seller_id)

    def chat(
        self, message: str, state: dict[str, Any] | None = None, key: str | None = None
    ) -> Any:
        return self.client.post(
            "/v1/chat",
            headers={"Authorization": f"Bearer {key or self.key}"},
            json={"message": message, "state": state},
        )


@pytest.fixture
def api(container: Container, world: World) -> Api:
    return Api(container, world)


def test_api_chat_needs_a_seller_key(api: Api, world: World) -> None:
    buyer_key = make_api_key(world.factory, buyer_id=world.buyer.buyer_id)

    missing = api.client.post("/v1/chat", json={"message": "hi"})
    buyer = api.chat("show my orders", key=buyer_key)

    assert (missing.status_code, missing.json()["code"]) == (401, "missing_credentials")
    assert (buyer.status_code, buyer.json()["code"]) == (403, "seller_key_required")


def test_api_chat_asks_confirms_and_approves_as_the_chatbot_channel(api: Api, world: World) -> None:
    asked = api.chat(f"approve the cancellation for order {world.order}")

    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "needs_confirmation"
    assert world.request_status() == ("pending", None)

    done = api.chat("yes", asked.json()["state"])
    replayed = api.chat("yes", asked.json()["state"])

    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done"
    assert replayed.json() == done.json()
    assert world.request_status() == ("approved", None)
    assert world.decisions() == [("cancellation.approved", "chatbot", None)]


def test_api_chat_no_changes_nothing(api: Api, world: World) -> None:
    asked = api.chat(f"reject {world.order}, custom made, note: engraved with your name")
    answered = api.chat("no", asked.json()["state"])

    assert asked.json()["status"] == "needs_confirmation"
    assert answered.json()["reply"] == "OK, I did not do it; nothing was changed."
    assert world.request_status() == ("pending", None)


def test_api_chat_error_is_the_api_problem_for_the_same_command(api: Api, world: World) -> None:
    asked = api.chat(f"reject {world.order}, it already shipped")
    chat_error = api.chat("yes", asked.json()["state"])
    api_error = api.client.post(
        f"/v1/cancellations/{world.request_id}/reject",
        headers={"Authorization": f"Bearer {api.key}", "Idempotency-Key": "reject-1"},
        json={"reason": "already_shipped"},
    )

    assert chat_error.status_code == api_error.status_code == 422
    assert chat_error.headers["content-type"] == PROBLEM
    chat_problem, api_problem = chat_error.json(), api_error.json()
    assert chat_problem["detail"] == api_problem["detail"]
    assert chat_problem["code"] == api_problem["code"] == "no_shipment_recorded"
    assert chat_problem["errors"] == api_problem["errors"]
    assert chat_problem["current_state"]["chat_turn"]["status"] == "error"
    assert world.request_status() == ("pending", None)


def test_api_chat_another_sellers_order_is_not_found(api: Api, world: World) -> None:
    asked = api.chat(f"approve the cancellation for order {world.order}", key=api.other_key)
    response = api.chat("yes", asked.json()["state"], key=api.other_key)
    api_response = api.client.get(
        f"/v1/orders/{world.order}", headers={"Authorization": f"Bearer {api.other_key}"}
    )
    shown = api.chat(f"show order {world.order}", key=api.other_key)

    assert (response.status_code, response.json()["code"]) == (404, "cancellation_not_found")
    assert shown.status_code == api_response.status_code == 404
    assert shown.json()["detail"] == api_response.json()["detail"]
    assert world.request_status() == ("pending", None)


def test_api_chat_refuses_an_overlong_message(api: Api, world: World) -> None:
    response = api.chat("approve " + "x" * 2500)

    assert (response.status_code, response.json()["code"]) == (422, "message_too_long")


# --- through the CLI ------------------------------------------------------------------------------


def test_cli_chat_interpret_prints_one_json_object_per_line() -> None:
    result = CliRunner().invoke(
        cli_app, ["chat", "interpret"], input="reject 58213, it already shipped\nhi\n"
    )

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["capability"] == "cancellations.reject"
    assert lines[0]["arguments"] == {"order_number": 58213, "reason": "already_shipped"}
    assert lines[0]["confidence"] >= 0.9
    assert lines[1] == {"capability": None, "arguments": {}, "confidence": 0.02}


def test_cli_chat_talks_as_the_seller_user_through_the_chatbot_channel(
    container: Container, world: World
) -> None:
    result = CliRunner().invoke(
        cli_app,
        ["chat", "--seller-email", world.seller.email],
        input=f"approve the cancellation for order {world.order}\nyes\nexit\n",
        env={"FAIRMARKET_DATABASE_URL": container.settings.database_url},
    )

    assert result.exit_code == 0, result.output
    assert f"bot> Approve the cancellation request for order {world.order}?" in result.output
    assert f"bot> Approved: order {world.order} is cancelled" in result.output
    assert world.decisions() == [("cancellation.approved", "chatbot", None)]


def test_cli_chat_refuses_an_unknown_seller_login(container: Container) -> None:
    result = CliRunner().invoke(
        cli_app,
        ["chat", "--seller-email", "nobody@nowhere.example"],
        input="hi\n",
        env={"FAIRMARKET_DATABASE_URL": container.settings.database_url},
    )

    assert result.exit_code == 4

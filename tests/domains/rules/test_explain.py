"""'Why was this request decided this way?': the rule, its version and the conditions that held,
in words a seller can read (without the buyer's numbers), or who decided when no rule did."""

from __future__ import annotations

import pytest

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.schemas import ApproveRequest, Decide
from fairmarket.domains.after_sales.service import act
from fairmarket.domains.rules.explain import explain_decision
from fairmarket.domains.rules.schemas import DecisionExplanation, ExplainRequest
from fairmarket.kernel.actors import Actor, system_actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.conftest import START
from tests.domains.rules.test_exceptions import (
    AN_AGENT,
    a_cancellation,
    a_version,
    an_evaluation,
    decide,
    queued,
)
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller

FIRST_TIMER = {
    "request.type": "cancellation",
    "order.status": "awaiting_shipment",
    "order.value": 54.99,
    "buyer.cancellation_rate_90d": 0.1,
}
SERIAL_CANCELLER = FIRST_TIMER | {"buyer.cancellation_rate_90d": 0.7}
RATE_HIDDEN = "the buyer's cancellation requests ÷ their orders over the last 90 days is below 0.3"
RATE_SHOWN = (
    "the buyer's cancellation requests ÷ their orders over the last 90 days (10%) is below 0.3"
)


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def another_seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def buyer(uow_factory: UnitOfWorkFactory) -> BuyerPersona:
    return make_buyer(uow_factory)


def explain(factory: UnitOfWorkFactory, actor: Actor, request_id: int) -> DecisionExplanation:
    with factory() as uow:
        return explain_decision(uow, actor, ExplainRequest(request_id=request_id))


def approved_by_rule(factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona) -> int:
    """A first-time canceller's request that rule 'approve-unshipped' of version 1 approved:
    the evaluation as the evaluator records it (the explanation reads only that record)."""
    request_id = a_cancellation(factory, seller, buyer)
    version_id = a_version(factory)
    an_evaluation(factory, version_id, request_id, FIRST_TIMER, outcome="applied")
    return request_id


def test_a_seller_reads_which_rule_decided_and_why_without_the_buyers_numbers(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a cancellation that a rule approved
    request_id = approved_by_rule(uow_factory, seller, buyer)

    # When the seller asks why
    explanation = explain(uow_factory, seller.actor(), request_id)

    # Then it names the rule set, the version, the rule and the conditions that held
    assert explanation.decided_by_rule is True
    assert (explanation.rule_set_name, explanation.version_number) == ("cancellations", 1)
    assert explanation.rule_id == "approve-unshipped"
    assert explanation.rule_description == (
        "Approve when the order has not shipped and the buyer is not a serial canceller."
    )
    assert (explanation.decision, explanation.outcome) == ("approve", "applied")
    assert explanation.decided_at == START
    assert [r.text for r in explanation.reasons] == [
        'request.type == "cancellation"',
        'order.status in ["awaiting_payment", "awaiting_shipment"]',
        "buyer.cancellation_rate_90d < 0.3",
        "0 < order.value <= 200",
    ]
    assert all(r.held for r in explanation.reasons)
    # And the buyer's cancellation rate is named, but its value is not shown
    assert explanation.reasons[2].words == RATE_HIDDEN
    assert "10%" not in explanation.summary
    assert explanation.summary.startswith(
        "Rule 'approve-unshipped' of rule set 'cancellations' (version 1) approved this request."
    )
    assert RATE_HIDDEN in explanation.summary


def test_an_agent_sees_the_buyers_numbers_too(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = approved_by_rule(uow_factory, seller, buyer)

    explanation = explain(uow_factory, AN_AGENT, request_id)

    assert explanation.reasons[2].words == RATE_SHOWN
    assert RATE_SHOWN in explanation.summary


def test_another_seller_cannot_tell_the_request_exists(
    uow_factory: UnitOfWorkFactory,
    seller: SellerPersona,
    another_seller: SellerPersona,
    buyer: BuyerPersona,
) -> None:
    request_id = approved_by_rule(uow_factory, seller, buyer)

    with pytest.raises(DomainError) as caught:
        explain(uow_factory, another_seller.actor(), request_id)

    assert (caught.value.kind, caught.value.code) == (ErrorKind.NOT_FOUND, "after_sale_not_found")


def test_a_request_the_seller_decided_says_so(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a cancellation the seller approved the next day, with no rule involved
    request_id = a_cancellation(uow_factory, seller, buyer)
    clock.freeze(START.replace(day=3, hour=14, minute=30))
    with uow_factory() as uow:
        act(uow, seller.actor(), "approve", ApproveRequest(request_id=request_id))

    explanation = explain(uow_factory, seller.actor(), request_id)

    assert explanation.decided_by_rule is False
    assert explanation.summary == "The seller approved this request on 03 March 2026 at 14:30 UTC."
    assert explanation.decided_at == START.replace(day=3, hour=14, minute=30)
    assert (explanation.rule_set_name, explanation.rule_id, explanation.reasons) == (None, None, [])


def test_a_request_the_platform_decided_on_a_timer_says_why(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_cancellation(uow_factory, seller, buyer)
    with uow_factory() as uow:
        act(uow, system_actor("timer"), "auto_approve", Decide(request_id=request_id))

    explanation = explain(uow_factory, seller.actor(), request_id)

    assert explanation.decided_by_rule is False
    assert explanation.summary == (
        "The platform approved this request automatically on 02 March 2026 at 09:00 UTC "
        "because nobody answered within the response window."
    )


def test_an_undecided_request_says_nobody_has_decided(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_cancellation(uow_factory, seller, buyer)

    explanation = explain(uow_factory, seller.actor(), request_id)

    assert explanation.decided_by_rule is False
    assert explanation.summary == "Nobody has decided this request yet; it is pending."
    assert explanation.decided_at is None


def test_a_shadow_evaluation_never_explains_a_request(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given only a shadow version's proposal (nothing was applied)
    request_id = a_cancellation(uow_factory, seller, buyer)
    version_id = a_version(uow_factory, status="shadow")
    an_evaluation(
        uow_factory, version_id, request_id, FIRST_TIMER, mode="shadow", outcome="shadowed"
    )

    explanation = explain(uow_factory, seller.actor(), request_id)

    assert explanation.decided_by_rule is False
    assert explanation.rule_set_name is None
    assert explanation.summary == "Nobody has decided this request yet; it is pending."


def test_an_escalated_request_names_the_rule_and_the_agent_who_decided(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a serial canceller's request that a rule sent to the queue and an agent rejected
    request_id = a_cancellation(uow_factory, seller, buyer)
    version_id = a_version(uow_factory)
    evaluation_id = an_evaluation(
        uow_factory, version_id, request_id, SERIAL_CANCELLER, outcome="escalated"
    )
    item_id = queued(uow_factory, request_id, priority=2, evaluation_id=evaluation_id)
    decide(
        uow_factory,
        item_id=item_id,
        action="reject",
        reason="custom_made",
        note="Engraved to order; cannot be cancelled.",
    )

    explanation = explain(uow_factory, seller.actor(), request_id)

    assert explanation.decided_by_rule is False
    assert (explanation.rule_id, explanation.decision) == ("serial-canceller", "escalate")
    assert explanation.outcome == "escalated"
    assert [r.text for r in explanation.reasons] == [
        'request.type == "cancellation"',
        "buyer.cancellation_rate_90d >= 0.6",
    ]
    assert "70%" not in explanation.summary
    assert explanation.summary.endswith(
        "The request was put in front of a Fairmarket agent. "
        "A Fairmarket agent rejected this request on 02 March 2026 at 09:00 UTC."
    )
    assert explanation.decided_at == START

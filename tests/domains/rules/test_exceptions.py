"""The exception queue: requests waiting for a person, most pressing first, decided by an agent
through the same after-sales actions every channel uses, the decision kept as a label."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import ApproveRequest, OpenCancellation, OpenReturn
from fairmarket.domains.after_sales.service import act, open_cancellation, open_return
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.lifecycle import OrderStatus
from fairmarket.domains.rules import exceptions
from fairmarket.domains.rules.compiler import compiled_for_source
from fairmarket.domains.rules.facts import record_from_mapping, record_to_mapping
from fairmarket.domains.rules.models import ExceptionItem, RuleEvaluation, RuleSet, RuleSetVersion
from fairmarket.domains.rules.schemas import (
    DecideException,
    ExceptionListQuery,
    ExceptionPage,
    ExceptionRead,
    ExceptionRef,
)
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.factories.accounts import BuyerPersona, SellerPersona, make_buyer, make_seller
from tests.factories.after_sales import AGENT
from tests.factories.orders import make_order
from tests.support.rule_sets import CANCELLATIONS

AN_AGENT = replace(AGENT, scopes=AGENT.scopes | {"exceptions:write"})


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


@pytest.fixture
def buyer(uow_factory: UnitOfWorkFactory) -> BuyerPersona:
    return make_buyer(uow_factory)


# --- helpers shared with test_explain ------------------------------------------------------


def a_cancellation(factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona) -> int:
    """The buyer asks to cancel an unshipped order; the request id."""
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    with factory() as uow:
        cmd = OpenCancellation(order_number=number, reason="changed_mind")
        return open_cancellation(uow, buyer.actor(), cmd).id


def a_return(
    factory: UnitOfWorkFactory,
    seller: SellerPersona,
    buyer: BuyerPersona,
    kind: str = "refund_only",
) -> int:
    """The buyer returns a delivered order (2 x 25.00, seller's fault: 54.99 refundable)."""
    number = make_order(
        factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id, status=OrderStatus.DELIVERED
    )
    with factory() as uow:
        cmd = OpenReturn(order_number=number, reason="defective", kind=kind)  # type: ignore[arg-type]
        return open_return(uow, buyer.actor(), cmd).id


def queued(
    factory: UnitOfWorkFactory,
    request_id: int,
    *,
    queue: str = "carrier-exceptions",
    priority: int = 3,
    evaluation_id: int | None = None,
) -> int:
    with factory() as uow:
        item = exceptions.enqueue_exception(
            uow,
            request_id=request_id,
            queue=queue,
            priority=priority,
            reason="Escalated by rule 'serial-canceller'.",
            evaluation_id=evaluation_id,
        )
        return item.id


def a_version(
    factory: UnitOfWorkFactory, source: str = CANCELLATIONS, status: str = "active"
) -> int:
    """Version 1 of the 'cancellations' rule set, written straight to the tables."""
    with factory() as uow:
        now = uow.clock.now()
        rule_set = RuleSet(
            name="cancellations",
            trigger="after_sale.requested",
            created_at=now,
            created_by="agent:rules@fairmarket.test",
        )
        uow.session.add(rule_set)
        uow.session.flush()
        version = RuleSetVersion(
            rule_set_id=rule_set.id,
            number=1,
            trigger="after_sale.requested",
            status=status,
            source=source,
            description="",
            rule_count=3,
            tests_passed=True,
            test_report=None,
            created_at=now,
            created_by="agent:rules@fairmarket.test",
            status_changed_at=now,
            status_changed_by="agent:rules@fairmarket.test",
            replaced_version_id=None,
        )
        uow.session.add(version)
        uow.session.flush()
        return version.id


def an_evaluation(
    factory: UnitOfWorkFactory,
    version_id: int,
    request_id: int,
    facts: dict[str, Any],
    *,
    mode: str = "active",
    outcome: str = "applied",
) -> int:
    """What the evaluator records: the rule that fired on these facts, with its trace."""
    compiled = compiled_for_source(CANCELLATIONS)
    record = record_from_mapping(facts)
    index, outcomes = compiled.trace(record)
    rules = compiled.definition.rules
    trace = [
        {
            "rule": rule.id,
            "conditions": [
                {"text": c.text, "held": held}
                for c, held in zip(rule.conditions, rule_outcomes, strict=True)
            ],
        }
        for rule, rule_outcomes in zip(rules, outcomes, strict=False)
    ]
    actions = compiled.definition.actions_for(index)
    decision = rules[index].decision if index >= 0 else actions[0]
    with factory() as uow:
        evaluation = RuleEvaluation(
            version_id=version_id,
            request_id=request_id,
            trigger="after_sale.requested",
            event_id=None,
            mode=mode,
            rule_id=compiled.definition.rule_id_for(index),
            facts=record_to_mapping(record),
            trace=trace,
            actions=[a.as_dict() for a in actions],
            decision=decision.kind.value,
            outcome=outcome,
            outcome_detail=None,
            created_at=uow.clock.now(),
        )
        uow.session.add(evaluation)
        uow.session.flush()
        return evaluation.id


def listed(factory: UnitOfWorkFactory, actor: Actor = AN_AGENT, **query: Any) -> ExceptionPage:
    with factory(read_only=True) as uow:  # as the capability runs it
        return exceptions.list_exceptions(uow, actor, ExceptionListQuery(**query))


def decide(factory: UnitOfWorkFactory, actor: Actor = AN_AGENT, **cmd: Any) -> ExceptionRead:
    with factory() as uow:
        return exceptions.decide_exception(uow, actor, DecideException(**cmd))


def refused(factory: UnitOfWorkFactory, actor: Actor = AN_AGENT, **cmd: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        decide(factory, actor, **cmd)
    return caught.value


def item_row(factory: UnitOfWorkFactory, item_id: int) -> ExceptionItem:
    with factory(read_only=True) as uow:
        item = uow.session.get_one(ExceptionItem, item_id)
        uow.session.expunge(item)
        return item


def request_row(factory: UnitOfWorkFactory, request_id: int) -> AfterSaleRequest:
    with factory(read_only=True) as uow:
        request = uow.session.get_one(AfterSaleRequest, request_id)
        uow.session.expunge(request)
        return request


# --- the queue -----------------------------------------------------------------------------


def test_the_queue_shows_the_nearest_deadline_first_then_the_most_urgent(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given four requests: one opened first (nearest deadline), two an hour later (same
    # deadline, different priorities), and one whose timer is not running
    earliest = a_cancellation(uow_factory, seller, buyer)
    clock.advance(timedelta(hours=1))
    routine = a_cancellation(uow_factory, seller, buyer)
    urgent = a_cancellation(uow_factory, seller, buyer)
    no_deadline = a_cancellation(uow_factory, seller, buyer)
    with uow_factory() as uow:
        uow.session.get_one(AfterSaleRequest, no_deadline).deadline = None
    queued(uow_factory, no_deadline, priority=1)
    queued(uow_factory, routine, priority=4)
    queued(uow_factory, urgent, priority=1)
    queued(uow_factory, earliest, priority=5)

    # When an agent lists the queue
    page = listed(uow_factory)

    # Then the nearest deadline comes first, ties go to the most urgent, no deadline last
    assert [i.request_id for i in page.items] == [earliest, urgent, routine, no_deadline]
    assert [i.priority for i in page.items] == [5, 1, 4, 1]
    assert page.items[0].deadline == request_row(uow_factory, earliest).deadline
    assert page.items[3].deadline is None
    assert {i.status for i in page.items} == {"open"}
    assert {i.request_type for i in page.items} == {"cancellation"}
    assert page.next_cursor is None


def test_the_queue_pages_with_a_cursor_and_filters_by_queue(
    uow_factory: UnitOfWorkFactory, clock: MovableClock, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given five queued requests, one of them in another queue, one without a deadline
    ids = []
    for _ in range(4):
        ids.append(a_cancellation(uow_factory, seller, buyer))
        clock.advance(timedelta(minutes=10))
    with uow_factory() as uow:
        uow.session.get_one(AfterSaleRequest, ids[3]).deadline = None
    for request_id in ids:
        queued(uow_factory, request_id)
    elsewhere = a_cancellation(uow_factory, seller, buyer)
    queued(uow_factory, elsewhere, queue="serial-cancellers")

    # When an agent reads the carrier queue two at a time
    first = listed(uow_factory, queue="carrier-exceptions", limit=2)
    second = listed(uow_factory, queue="carrier-exceptions", limit=2, cursor=first.next_cursor)

    # Then the pages follow each other without gaps or repeats, and stop at the end
    assert [i.request_id for i in first.items] == ids[:2]
    assert first.next_cursor is not None
    assert [i.request_id for i in second.items] == ids[2:]
    assert second.next_cursor is None
    # And the other queue holds only its own item
    other = listed(uow_factory, queue="serial-cancellers")
    assert [i.request_id for i in other.items] == [elsewhere]


def test_a_cursor_this_api_did_not_issue_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(DomainError) as caught:
        listed(uow_factory, cursor="bm90LWEtY3Vyc29y")
    assert caught.value.kind is ErrorKind.INVALID
    assert caught.value.code == "invalid_cursor"


def test_queueing_a_request_twice_keeps_one_item_made_more_urgent(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a request in the queue at priority 3
    request_id = a_cancellation(uow_factory, seller, buyer)
    first = queued(uow_factory, request_id, priority=3)

    # When rules queue it again, less urgent, then more urgent
    less = queued(uow_factory, request_id, priority=5)
    more = queued(uow_factory, request_id, priority=1)

    # Then there is still one item, at the most urgent priority, with the request's deadline
    assert less == first
    assert more == first
    page = listed(uow_factory)
    assert [(i.id, i.priority) for i in page.items] == [(first, 1)]
    assert page.items[0].deadline == request_row(uow_factory, request_id).deadline


def test_sellers_do_not_see_the_queue(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given the seller's own request in the queue
    item_id = queued(uow_factory, a_cancellation(uow_factory, seller, buyer))

    # When the seller lists, opens or decides it, then each is forbidden
    for attempt in (
        lambda uow: exceptions.list_exceptions(uow, seller.actor(), ExceptionListQuery()),
        lambda uow: exceptions.get_exception(uow, seller.actor(), ExceptionRef(item_id=item_id)),
        lambda uow: exceptions.decide_exception(
            uow, seller.actor(), DecideException(item_id=item_id, action="approve")
        ),
        lambda uow: exceptions.list_exceptions(uow, buyer.actor(), ExceptionListQuery()),
    ):
        with pytest.raises(DomainError) as caught, uow_factory() as uow:
            attempt(uow)
        assert caught.value.kind is ErrorKind.FORBIDDEN

    # And nothing changed
    assert item_row(uow_factory, item_id).status == "open"
    assert item_row(uow_factory, item_id).label is None


def test_an_agent_without_the_queue_permission_cannot_decide(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_cancellation(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    error = refused(uow_factory, AGENT, item_id=item_id, action="approve")

    assert error.kind is ErrorKind.FORBIDDEN
    assert "exceptions:write" in error.message
    assert request_row(uow_factory, request_id).status == "pending"
    assert item_row(uow_factory, item_id).status == "open"


def test_the_detail_shows_the_request_timeline_and_the_rule_trace(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a serial canceller's request that a rule sent to the queue
    request_id = a_cancellation(uow_factory, seller, buyer)
    version_id = a_version(uow_factory)
    facts = {
        "request.type": "cancellation",
        "order.status": "awaiting_shipment",
        "order.value": 54.99,
        "buyer.cancellation_rate_90d": 0.7,
    }
    evaluation_id = an_evaluation(uow_factory, version_id, request_id, facts, outcome="escalated")
    item_id = queued(uow_factory, request_id, priority=2, evaluation_id=evaluation_id)

    # When an agent opens the item
    with uow_factory() as uow:
        detail = exceptions.get_exception(uow, AN_AGENT, ExceptionRef(item_id=item_id))

    # Then it carries the request with its timeline, the facts and the trace in words
    assert detail.request.id == request_id
    assert detail.request.timeline is not None
    assert detail.evaluation is not None
    assert detail.evaluation.rule_id == "serial-canceller"
    assert detail.evaluation.decision == "escalate"
    assert detail.evaluation.facts["buyer.cancellation_rate_90d"] == 0.7
    assert [t.rule_id for t in detail.evaluation.trace] == [
        "approve-unshipped",
        "small-return-refund",
        "serial-canceller",
    ]
    matched = detail.evaluation.trace[2]
    assert matched.matched is True
    assert [c.held for c in matched.conditions] == [True, True]
    assert matched.conditions[1].words == (
        "the buyer's cancellation requests ÷ their orders over the last 90 days (70%) "
        "is at least 0.6"
    )


# --- deciding ------------------------------------------------------------------------------


def test_an_agent_approves_a_cancellation_and_the_label_is_kept(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a cancellation in the queue
    request_id = a_cancellation(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    # When the agent approves it
    decided = decide(uow_factory, item_id=item_id, action="approve", note="Not shipped yet.")

    # Then the order is cancelled through the journey, as the agent
    request = request_row(uow_factory, request_id)
    assert request.status == "cancelled"
    assert request.decided_action == "approve"
    assert request.decided_by == "agent"
    assert request.last_actor == AN_AGENT.label
    # And the item is decided with the agent's label
    assert decided.status == "decided"
    assert decided.label == "approve"
    assert decided.request_status == "cancelled"
    assert decided.decided_by == AN_AGENT.label
    item = item_row(uow_factory, item_id)
    assert (item.status, item.label, item.label_note) == ("decided", "approve", "Not shipped yet.")
    assert item.decided_at is not None
    # And it has left the open queue
    assert listed(uow_factory).items == []
    assert [i.id for i in listed(uow_factory, status="decided").items] == [item_id]


def test_an_agent_rejects_a_return_with_a_reason_and_a_note(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    decided = decide(
        uow_factory,
        item_id=item_id,
        action="reject",
        reason="outside_return_policy",
        note="Returned after the 30-day window.",
    )

    request = request_row(uow_factory, request_id)
    assert request.status == "rejected"
    assert request.decision_reason == "outside_return_policy"
    assert request.decision_note == "Returned after the 30-day window."
    assert (decided.status, decided.label) == ("decided", "reject")


def test_an_agent_refunds_a_return_without_asking_for_the_item(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    decided = decide(uow_factory, item_id=item_id, action="refund")

    request = request_row(uow_factory, request_id)
    assert request.status == "refunded"
    assert request.last_action == "refund_without_return"
    assert request.refund_minor == 5499  # the seller's fault: shipping refunded too
    assert decided.label == "refund"


def test_an_agent_offers_a_partial_refund(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    decide(uow_factory, item_id=item_id, action="refund", amount_minor=2000, note="Keep it.")

    request = request_row(uow_factory, request_id)
    assert (request.status, request.offered_minor) == ("partial_offered", 2000)
    assert item_row(uow_factory, item_id).label == "refund"


def test_asking_for_evidence_publishes_an_event_and_leaves_the_request_pending(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    decide(uow_factory, item_id=item_id, action="request_evidence", note="Send a photo.")

    assert request_row(uow_factory, request_id).status == "pending"
    with uow_factory(read_only=True) as uow:
        event = uow.session.scalars(
            select(Event).where(Event.type == "after_sale.evidence_requested")
        ).one()
    assert event.resource_id == request_id
    assert event.data["message"] == "Send a photo."
    assert item_row(uow_factory, item_id).label == "request_evidence"


def test_a_rejection_without_a_note_is_refused_and_the_item_stays_open(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    no_note = refused(uow_factory, item_id=item_id, action="reject", reason="custom_made")
    no_reason = refused(uow_factory, item_id=item_id, action="reject", note="Made to order.")

    assert (no_note.kind, no_note.code) == (ErrorKind.INVALID, "note_required")
    assert [p.field for p in no_note.field_problems] == ["note"]
    assert (no_reason.code, [p.field for p in no_reason.field_problems]) == (
        "reason_required",
        ["reason"],
    )
    item = item_row(uow_factory, item_id)
    assert (item.status, item.label, item.decided_at) == ("open", None, None)
    assert request_row(uow_factory, request_id).status == "pending"


def test_a_refused_after_sales_action_leaves_the_item_open(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a return whose partial offer would be the full amount (not partial)
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    error = refused(uow_factory, item_id=item_id, action="refund", amount_minor=5499)

    assert error.code == "offer_not_partial"
    item = item_row(uow_factory, item_id)
    assert (item.status, item.label) == ("open", None)
    assert request_row(uow_factory, request_id).status == "pending"


def test_deciding_a_request_that_moved_on_is_a_conflict(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a queued cancellation that the seller approves meanwhile
    request_id = a_cancellation(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)
    with uow_factory() as uow:
        act(uow, seller.actor(), "approve", ApproveRequest(request_id=request_id))

    # When the agent decides the item
    error = refused(uow_factory, item_id=item_id, action="reject", reason="custom_made", note="x")

    # Then it is a conflict that says where the request is now, and nothing changed
    assert (error.kind, error.code) == (ErrorKind.CONFLICT, "request_moved_on")
    assert error.current_state is not None
    assert error.current_state["request_status"] == "cancelled"
    assert item_row(uow_factory, item_id).label is None
    # And the queue reads the item as resolved elsewhere
    assert listed(uow_factory).items == []
    moved = listed(uow_factory, status="resolved_elsewhere")
    assert [(i.id, i.request_status) for i in moved.items] == [(item_id, "cancelled")]


def test_deciding_an_item_twice_is_a_conflict(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_return(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)
    decide(uow_factory, item_id=item_id, action="no_decision", note="Let the seller answer.")

    error = refused(uow_factory, item_id=item_id, action="approve")

    assert (error.kind, error.code) == (ErrorKind.CONFLICT, "exception_not_open")
    assert item_row(uow_factory, item_id).label == "no_decision"
    assert request_row(uow_factory, request_id).status == "pending"


def test_an_agent_who_disagrees_with_a_shadow_rule_overrides_its_proposal(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a shadow version that would approve this first-time canceller
    request_id = a_cancellation(uow_factory, seller, buyer)
    version_id = a_version(uow_factory, status="shadow")
    facts = {
        "request.type": "cancellation",
        "order.status": "awaiting_shipment",
        "order.value": 54.99,
    }
    shadow_id = an_evaluation(
        uow_factory, version_id, request_id, facts, mode="shadow", outcome="shadowed"
    )
    item_id = queued(uow_factory, request_id)

    # When the agent rejects instead
    decide(
        uow_factory,
        item_id=item_id,
        action="reject",
        reason="custom_made",
        note="Engraved to order; cannot be cancelled.",
    )

    # Then the shadow evaluation is marked overridden, naming who decided what
    with uow_factory(read_only=True) as uow:
        shadow = uow.session.get_one(RuleEvaluation, shadow_id)
        assert shadow.outcome == "overridden"
        assert shadow.outcome_detail == (f"{AN_AGENT.label} decided 'reject' instead of 'approve'.")


def test_an_agent_who_agrees_with_a_shadow_rule_leaves_it_shadowed(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_cancellation(uow_factory, seller, buyer)
    version_id = a_version(uow_factory, status="shadow")
    facts = {
        "request.type": "cancellation",
        "order.status": "awaiting_shipment",
        "order.value": 54.99,
    }
    shadow_id = an_evaluation(
        uow_factory, version_id, request_id, facts, mode="shadow", outcome="shadowed"
    )
    item_id = queued(uow_factory, request_id)

    decide(uow_factory, item_id=item_id, action="approve")

    with uow_factory(read_only=True) as uow:
        assert uow.session.get_one(RuleEvaluation, shadow_id).outcome == "shadowed"


def a_cancellation_in_transit(
    factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> int:
    number = make_order(
        factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id, status=OrderStatus.IN_TRANSIT
    )
    with factory() as uow:
        cmd = OpenCancellation(order_number=number, reason="changed_mind")
        return open_cancellation(uow, buyer.actor(), cmd).id


def test_approving_a_cancellation_in_transit_asks_the_carrier_to_intercept(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    # Given a cancellation of an order already in transit, in the queue
    request_id = a_cancellation_in_transit(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    # When the agent approves it
    decide(uow_factory, item_id=item_id, action="approve")

    # Then the carrier is asked to stop the parcel (the refund follows when it comes back)
    request = request_row(uow_factory, request_id)
    assert (request.type, request.status) == ("fulfilment_cancellation", "intercepting")
    assert request.last_action == "request_interception"
    assert item_row(uow_factory, item_id).label == "approve"


def test_a_refund_cannot_be_promised_while_the_parcel_is_in_transit(
    uow_factory: UnitOfWorkFactory, seller: SellerPersona, buyer: BuyerPersona
) -> None:
    request_id = a_cancellation_in_transit(uow_factory, seller, buyer)
    item_id = queued(uow_factory, request_id)

    error = refused(uow_factory, item_id=item_id, action="refund")

    assert (error.kind, error.code) == (ErrorKind.INVALID, "refund_needs_interception")
    assert "approve" in error.message
    assert request_row(uow_factory, request_id).status == "pending"
    assert item_row(uow_factory, item_id).status == "open"

"""Rules decide live after-sale requests through the same service a seller's click uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import OpenCancellation
from fairmarket.domains.after_sales.service import open_cancellation
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.events.models import Event
from fairmarket.domains.orders.models import Order, Shipment
from fairmarket.domains.rules import jobs
from fairmarket.domains.rules.evaluation import evaluate_trigger, list_evaluations, simulate_request
from fairmarket.domains.rules.jobs import detect_shipment_exceptions, run_rules_on_new_events
from fairmarket.domains.rules.models import ExceptionItem, RequestTag, RuleEvaluation
from fairmarket.domains.rules.schemas import (
    ActionKind,
    EvaluationListQuery,
    Simulate,
    Trigger,
    VersionStatus,
)
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.kernel.actors import system_actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.factories.accounts import BuyerPersona, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.factories.rules import make_rule_version, run_rules

CANCELLATIONS = """
name: cancellations
trigger: after_sale.requested
description: Decide buyers' cancellation requests before shipment.
rules:
  - id: approve-unshipped
    description: Approve when the order has not shipped and the buyer is not a serial canceller.
    when:
      - request.type == "cancellation"
      - order.status in ["awaiting_payment", "awaiting_shipment"]
      - buyer.cancellation_rate_90d < 0.3
      - 0 < order.value <= 200
    then:
      - approve
      - tag: auto-approved
default: [no_decision]
"""

ESCALATIONS = """
name: big-orders
trigger: after_sale.requested
description: People look at big cancellations.
rules:
  - id: big-order
    description: Orders over 40 go to a person.
    when: [order.value > 40]
    then:
      - escalate: {queue: big-orders, priority: 1}
default: [no_decision]
"""


def open_for(factory: UnitOfWorkFactory, buyer: BuyerPersona, number: int) -> int:
    with factory() as uow:
        read = open_cancellation(
            uow, buyer.actor(), OpenCancellation(order_number=number, reason="changed_mind")
        )
    return read.id


def given_an_open_cancellation(factory: UnitOfWorkFactory) -> int:
    seller, buyer = make_seller(factory), make_buyer(factory)
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    return open_for(factory, buyer, number)


def test_an_active_rule_cancels_the_request_as_the_rule(uow_factory: UnitOfWorkFactory) -> None:
    # Given an active rule set and a first-time canceller's 54.99 order
    make_rule_version(uow_factory, CANCELLATIONS)
    request_id = given_an_open_cancellation(uow_factory)

    # When the rules job reads the new events
    evaluated = run_rules(uow_factory, expect=1)

    # Then the request is cancelled by the rule, audited with the rule's label
    assert evaluated == 1
    with uow_factory(read_only=True) as uow:
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        assert (request.status, request.decided_action, request.decided_by) == (
            "cancelled",
            "approve",
            "system_rule",
        )
        audit = uow.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "after_sale.approve")
        ).one()
        assert audit.actor_label == "rule:cancellations@v1#approve-unshipped"
        assert audit.channel == "rules"
        evaluation = uow.session.scalars(select(RuleEvaluation)).one()
        assert (evaluation.mode, evaluation.rule_id, evaluation.decision, evaluation.outcome) == (
            "active",
            "approve-unshipped",
            "approve",
            "applied",
        )
        assert evaluation.trace[0]["matched"] is True
        assert [c["held"] for c in evaluation.trace[0]["conditions"]] == [True] * 4
        assert evaluation.facts["order.value"] == 54.99
    # And reading the log again evaluates nothing twice
    assert run_rules_on_new_events(uow_factory) == 0


def test_a_shadow_version_is_logged_and_nothing_is_applied(
    uow_factory: UnitOfWorkFactory,
) -> None:
    make_rule_version(uow_factory, CANCELLATIONS, status=VersionStatus.SHADOW)
    request_id = given_an_open_cancellation(uow_factory)

    run_rules(uow_factory, expect=1)

    with uow_factory(read_only=True) as uow:
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        assert (request.status, request.decided_action, request.version) == ("pending", None, 1)
        evaluation = uow.session.scalars(select(RuleEvaluation)).one()
        assert (evaluation.mode, evaluation.outcome) == ("shadow", "shadowed")


def test_a_request_that_moved_on_is_not_applicable_and_nothing_is_half_applied(
    uow_factory: UnitOfWorkFactory,
) -> None:
    # Given a rule that approves and tags, and a request the buyer withdrew before it ran
    make_rule_version(uow_factory, CANCELLATIONS)
    request_id = given_an_open_cancellation(uow_factory)
    with uow_factory() as uow:
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        request.status = "withdrawn"

    # When the rule set is evaluated on it anyway
    with uow_factory() as uow:
        evaluate_trigger(uow, Trigger.REQUEST_CREATED, request_id, event_id=None)

    with uow_factory(read_only=True) as uow:
        evaluation = uow.session.scalars(select(RuleEvaluation)).one()
        assert evaluation.outcome == "not_applicable"
        assert evaluation.outcome_detail is not None
        assert "is withdrawn; 'approve' is not possible now" in evaluation.outcome_detail
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        assert (request.status, request.refund_minor, request.decided_action) == (
            "withdrawn",
            None,
            None,
        )
        assert uow.session.scalars(select(RequestTag)).all() == []
        assert uow.session.scalars(select(AuditRecord.action)).all() == ["after_sale.requested"]


def test_an_escalation_puts_the_request_in_the_queue(uow_factory: UnitOfWorkFactory) -> None:
    make_rule_version(uow_factory, ESCALATIONS)
    request_id = given_an_open_cancellation(uow_factory)

    run_rules(uow_factory, expect=1)

    with uow_factory(read_only=True) as uow:
        item = uow.session.scalars(select(ExceptionItem)).one()
        assert (item.request_id, item.queue, item.priority, item.status) == (
            request_id,
            "big-orders",
            1,
            "open",
        )
        evaluation = uow.session.scalars(select(RuleEvaluation)).one()
        assert (evaluation.outcome, item.evaluation_id) == ("escalated", evaluation.id)
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        assert request.status == "pending"


def test_a_stalled_parcel_raises_one_shipment_exception(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    # Given a shipped order under an open cancellation, scanned last when it shipped
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    with uow_factory() as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        order.status = "in_transit"
        uow.session.add(
            Shipment(
                order_id=order.id,
                carrier="UPS",
                tracking_number="1Z999",
                status="in_transit",
                shipped_at=uow.clock.now(),
            )
        )
    request_id = open_for(uow_factory, buyer, number)

    # When 71 hours pass, nothing; after 73 hours, one exception, and only one
    clock.advance(timedelta(hours=71))
    with uow_factory() as uow:
        assert detect_shipment_exceptions(uow, now=uow.clock.now(), after_hours=72) == 0
    clock.advance(timedelta(hours=2))
    with uow_factory() as uow:
        assert detect_shipment_exceptions(uow, now=uow.clock.now(), after_hours=72) == 1
    with uow_factory() as uow:
        assert detect_shipment_exceptions(uow, now=uow.clock.now(), after_hours=72) == 0

    with uow_factory(read_only=True) as uow:
        event = uow.session.scalars(select(Event).where(Event.type == "shipment.exception")).one()
        assert (event.resource_id, event.data["carrier"], event.data["hours_without_scan"]) == (
            request_id,
            "UPS",
            73.0,
        )


DEADLINE_WATCH = """
name: deadline-watch
trigger: after_sale.deadline_approaching
description: Refund small returns before the deadline; leave the rest to people.
rules:
  - id: small-return
    description: Refund returns under 15.
    when: [request.type == "return", request.amount < 15]
    then: [refund]
default: [no_decision]
"""


def test_a_deadline_nearing_with_no_decision_queues_the_request_as_undecided(
    uow_factory: UnitOfWorkFactory,
) -> None:
    # Given a deadline watch that decides nothing on cancellations
    make_rule_version(uow_factory, DEADLINE_WATCH)
    request_id = given_an_open_cancellation(uow_factory)
    with uow_factory() as uow:
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        request.warn_at = uow.clock.now()

    # When the warning goes out and the rules read it
    run_after_sale_timers(uow_factory)
    run_rules(uow_factory, expect=1)

    # Then a person gets it in the "undecided" queue, linked to the evaluation
    with uow_factory(read_only=True) as uow:
        evaluation = uow.session.scalars(select(RuleEvaluation)).one()
        item = uow.session.scalars(select(ExceptionItem)).one()
        assert (evaluation.trigger, evaluation.outcome) == (
            "after_sale.deadline_approaching",
            "no_decision",
        )
        assert (item.queue, item.priority, item.reason, item.evaluation_id) == (
            "undecided",
            2,
            "No rule decided before the deadline",
            evaluation.id,
        )


def test_a_simulation_explains_the_decision_and_writes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    version_id = make_rule_version(uow_factory, CANCELLATIONS, status=VersionStatus.DRAFT)
    request_id = given_an_open_cancellation(uow_factory)

    with uow_factory() as uow:
        simulation = simulate_request(
            uow, system_actor(), Simulate(version_id=version_id, request_id=request_id)
        )

    assert (simulation.rule_id, simulation.decision) == ("approve-unshipped", ActionKind.APPROVE)
    assert simulation.explanation.startswith(
        "Rule 'approve-unshipped' of rule set 'cancellations' (version 1)"
    )
    assert [c.held for c in simulation.trace[0].conditions] == [True] * 4
    with uow_factory(read_only=True) as uow:
        assert uow.session.scalars(select(RuleEvaluation)).all() == []
        request = uow.session.get(AfterSaleRequest, request_id)
        assert request is not None
        assert request.status == "pending"


def test_evaluations_list_newest_first_in_pages(uow_factory: UnitOfWorkFactory) -> None:
    version_id = make_rule_version(uow_factory, CANCELLATIONS, status=VersionStatus.SHADOW)
    first, second = given_an_open_cancellation(uow_factory), given_an_open_cancellation(uow_factory)
    run_rules(uow_factory, expect=2)

    with uow_factory(read_only=True) as uow:
        page = list_evaluations(
            uow, system_actor(), EvaluationListQuery(version_id=version_id, limit=1)
        )
        rest = list_evaluations(
            uow,
            system_actor(),
            EvaluationListQuery(version_id=version_id, limit=1, cursor=page.next_cursor),
        )

    assert [e.request_id for e in page.items] == [second]
    assert [e.request_id for e in rest.items] == [first]
    assert rest.next_cursor is None
    assert page.items[0].trace[0].conditions[0].words != ""
    assert (page.items[0].mode, page.items[0].outcome.value) == ("shadow", "shadowed")


def test_reading_evaluations_needs_the_rules_read_scope(uow_factory: UnitOfWorkFactory) -> None:
    version_id = make_rule_version(uow_factory, CANCELLATIONS)
    reader = replace(system_actor(), scopes=frozenset({"orders:read"}))

    with uow_factory(read_only=True) as uow, pytest.raises(DomainError) as refused:
        list_evaluations(uow, reader, EvaluationListQuery(version_id=version_id))

    assert (refused.value.code, refused.value.kind) == ("missing_scope", ErrorKind.FORBIDDEN)


def test_one_failing_event_is_logged_and_the_rest_are_evaluated(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two new cancellations, and an evaluation that breaks on the first
    make_rule_version(uow_factory, CANCELLATIONS)
    broken, fine = given_an_open_cancellation(uow_factory), given_an_open_cancellation(uow_factory)
    evaluate = jobs.evaluate_trigger

    def breaking(uow: UnitOfWork, trigger: Trigger, request_id: int, **kw: Any) -> Any:
        if request_id == broken:
            raise RuntimeError("facts table unavailable")
        return evaluate(uow, trigger, request_id, **kw)

    monkeypatch.setattr(jobs, "evaluate_trigger", breaking)

    # When the job runs (twice: the broken event is passed, not retried forever)
    assert run_rules(uow_factory, expect=1) == 1
    assert jobs.run_rules_on_new_events(uow_factory) == 0

    # Then the second request was decided, the first left untouched
    with uow_factory(read_only=True) as uow:
        statuses = dict(
            uow.session.execute(select(AfterSaleRequest.id, AfterSaleRequest.status)).all()
        )
        assert statuses == {broken: "pending", fine: "cancelled"}
        assert uow.session.scalars(select(RuleEvaluation.request_id)).all() == [fine]

"""The demo's after-sale history: every journey, kind and status, a ledger that balances, an
audit trail that is a legal walk through the journey tables, an event log like the engine's,
and requests the real engine and timers carry on from."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.demo.generator import DemoResult, DemoSize, generate_demo
from fairmarket.domains.accounts.models import SellerUser
from fairmarket.domains.accounts.security import hash_password
from fairmarket.domains.after_sales import service
from fairmarket.domains.after_sales.machines import (
    ACTION_NAMES,
    ALL_STATUSES,
    JOURNEYS,
    OPEN_STATUSES,
    TERMINAL_STATUSES,
    JourneyType,
    RequestKind,
)
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import ApproveRequest, RuleOnDispute
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.schemas import EventListQuery
from fairmarket.domains.events.service import list_events
from fairmarket.domains.orders.models import Order, Payment, Refund
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.kernel.clock import MovableClock
from tests.conftest import START

PASSWORD_HASH = hash_password("fairmarket-demo")
ORDERS = 6000


@dataclass(frozen=True)
class Generated:
    result: DemoResult
    factory: UnitOfWorkFactory
    now: datetime


@pytest.fixture(scope="module")
def generated(session_container: Container) -> Generated:
    """One demo for the read-only tests of this module (generating it takes seconds)."""
    clock = session_container.clock
    assert isinstance(clock, MovableClock)
    clock.freeze(START)
    factory = session_container.uow_factory
    result = generate_demo(
        factory, seed=11, size=DemoSize(orders=ORDERS), password_hash=PASSWORD_HASH
    )
    return Generated(result, factory, START)


def all_requests(factory: UnitOfWorkFactory) -> list[AfterSaleRequest]:
    with factory(read_only=True) as uow:
        return list(uow.session.scalars(select(AfterSaleRequest).order_by(AfterSaleRequest.id)))


def test_every_journey_kind_status_and_action_occurs(generated: Generated) -> None:
    uow_factory, demo = generated.factory, generated.result
    requests = all_requests(uow_factory)
    with uow_factory(read_only=True) as uow:
        actions = set(
            uow.session.scalars(
                select(AuditRecord.action).where(AuditRecord.subject_type == "after_sale_request")
            )
        )
        event_types = set(uow.session.scalars(select(Event.type)))

    assert {r.type for r in requests} == {j.value for j in JourneyType}
    assert {r.kind for r in requests} == {k.value for k in RequestKind}
    assert {r.status for r in requests} == ALL_STATUSES
    for journey in JOURNEYS.values():
        statuses = {r.status for r in requests if r.type == journey.type.value}
        terminal = {s.name for s in journey.statuses if s.terminal}
        assert terminal <= statuses, journey.type
        assert "pending" in statuses, journey.type
    assert {f"after_sale.{name}" for name in ACTION_NAMES} <= actions
    assert "after_sale.order_auto_cancelled" in actions
    assert {"after_sale.deadline_approaching", "order.shipped", "order.cancelled"} <= event_types
    assert sum(demo.open_by_status.values()) >= 5


def test_shares_are_those_of_a_marketplace(generated: Generated) -> None:
    uow_factory = generated.factory
    requests = [r for r in all_requests(uow_factory) if r.converted_from_id is None]
    with uow_factory(read_only=True) as uow:
        paid = uow.session.scalar(select(func.count()).select_from(Payment)) or 0
    by_type = Counter(r.type for r in requests)
    assert 0.025 <= by_type["cancellation"] / paid <= 0.06
    assert 0.004 <= by_type["fulfilment_cancellation"] / paid <= 0.02
    assert 0.04 <= by_type["return"] / paid <= 0.09
    faults = Counter(r.fault for r in requests)
    assert 0.22 <= faults["seller"] / len(requests) <= 0.45
    kinds = Counter(r.kind for r in requests if r.type == "return")
    assert kinds["replacement"] < kinds["refund_only"]
    assert kinds["replacement"] < kinds["return_and_refund"]


def test_refunds_match_requests_and_never_exceed_what_was_paid(generated: Generated) -> None:
    uow_factory = generated.factory
    requests = all_requests(uow_factory)
    with uow_factory(read_only=True) as uow:
        refunds = uow.session.scalars(select(Refund)).all()
        orders = {o.id: o for o in uow.session.scalars(select(Order))}
        payments = dict(
            uow.session.execute(
                select(Payment.order_id, func.sum(Payment.amount_minor)).group_by(Payment.order_id)
            ).all()
        )
    by_request: defaultdict[int, list[Refund]] = defaultdict(list)
    refunded_by_order: Counter[int] = Counter()
    for refund in refunds:
        refunded_by_order[refund.order_id] += refund.amount_minor
        if refund.after_sale_request_id is not None:
            by_request[refund.after_sale_request_id].append(refund)
    for order in orders.values():
        assert order.paid_minor == payments.get(order.id, 0)
        assert order.refunded_minor == refunded_by_order[order.id] <= order.paid_minor
    refunded = [r for r in requests if r.refund_minor is not None]
    assert len(refunded) > 100
    for request in requests:
        rows = by_request.get(request.id, [])
        if request.refund_minor is None:
            assert rows == [], request.id
            continue
        assert len(rows) == 1, request.id
        assert rows[0].amount_minor == request.refund_minor
        if request.type == "fulfilment_cancellation":
            # The intercepted parcel is back: the whole order is cancelled, shipping included.
            assert request.refund_minor == orders[request.order_id].paid_minor
        elif request.converted_from_id is None:
            # (A return converted from a failed interception keeps the cancellation's asked
            # amount but takes a return reason, which may refund shipping too, as the engine does.)
            assert request.refund_minor <= request.requested_minor
        assert request.status in {"cancelled", "refunded"}
    offers = [r for r in requests if r.last_action == "accept_offer"]
    assert offers
    for request in offers:
        assert request.refund_minor == request.offered_minor < request.requested_minor


def test_each_audit_trail_is_a_legal_walk_through_its_journey(generated: Generated) -> None:
    uow_factory = generated.factory
    requests = all_requests(uow_factory)
    with uow_factory(read_only=True) as uow:
        records = uow.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.subject_type == "after_sale_request")
            .order_by(AuditRecord.at, AuditRecord.id)
        ).all()
    trails: defaultdict[int, list[AuditRecord]] = defaultdict(list)
    for record in records:
        trails[record.subject_id].append(record)
    for request in requests:
        journey = JOURNEYS[JourneyType(request.type)]
        trail = trails[request.id]
        if request.converted_from_id is None:
            first, *steps = trail
            assert first.action == "after_sale.requested"
            assert first.actor_kind == "buyer"
            assert first.reason == request.reason
            status = journey.initial
        else:
            steps, status = trail, "awaiting_return_shipment"
        for step in steps:
            name = step.action.removeprefix("after_sale.")
            assert step.before is not None
            assert step.after is not None
            assert step.before["status"] == status
            if name == "order_auto_cancelled":
                status = "cancelled"
                continue
            actions = journey.actions_named(name, RequestKind(request.kind))
            assert any(
                status in a.sources
                and a.target == step.after["status"]
                and ActorKind(step.actor_kind) in a.actors
                for a in actions
            ), (request.id, name, status)
            status = step.after["status"]
        assert status == request.status
        if steps:
            assert steps[-1].after is not None
            assert steps[-1].after["version"] == request.version


def test_the_event_log_reads_like_the_engine_wrote_it(generated: Generated) -> None:
    uow_factory = generated.factory
    requests = {r.id: r for r in all_requests(uow_factory)}
    with uow_factory(read_only=True) as uow:
        events = uow.session.scalars(select(Event).order_by(Event.id)).all()
    times = [e.occurred_at for e in events]
    assert times == sorted(times)
    sequences: defaultdict[tuple[str, int], list[Event]] = defaultdict(list)
    for event in events:
        sequences[event.resource_type, event.resource_id].append(event)
    for (resource_type, _), stream in sequences.items():
        assert [e.sequence for e in sorted(stream, key=lambda e: e.id)] == list(
            range(1, len(stream) + 1)
        )
        if resource_type == "after_sale_request":
            assert stream[0].type == "after_sale.requested"
    seller = _seller_actor(uow_factory, generated.result.demo_seller_id)
    with uow_factory(read_only=True) as uow:
        page = list_events(uow, seller, EventListQuery(limit=200))
    assert len(page.items) == 200  # the log API shows them (on PostgreSQL: settled ones only)
    assert all(e.resource_type in {"order", "after_sale_request"} for e in page.items)
    for request in requests.values():
        stream = sequences["after_sale_request", request.id]
        assert stream, request.id
        last = next(e for e in reversed(stream) if e.type != "after_sale.deadline_approaching")
        assert last.data["status"] == request.status
        assert last.data["version"] == request.version
        assert last.data["refund_minor"] == request.refund_minor
        assert last.seller_id == request.seller_id


def test_timers_run_exactly_where_the_journey_tables_put_them(generated: Generated) -> None:
    uow_factory, now = generated.factory, generated.now
    with uow_factory(read_only=True) as uow:
        late_orders = uow.session.scalar(
            select(func.count())
            .select_from(Order)
            .where(
                Order.status == "awaiting_shipment",
                Order.placed_at <= now - uow.policies.handling_window,
            )
        )
        auto_cancelled = uow.session.scalar(
            select(func.count())
            .select_from(Order)
            .where(Order.cancel_reason == "handling_deadline_missed")
        )
    assert late_orders == 0
    assert auto_cancelled
    for request in all_requests(uow_factory):
        status = JOURNEYS[JourneyType(request.type)].status_by_name[request.status]
        if status.terminal:
            assert request.resolved_at is not None
            assert request.deadline is None
        elif status.timer is None:
            assert request.deadline is None
        else:
            assert request.deadline is not None
            assert request.deadline > now - timedelta(minutes=1)
            assert request.deadline_action == status.timer.actions[0]
            if request.warn_at is not None:
                assert now < request.warn_at < request.deadline
        assert request.status in (TERMINAL_STATUSES if status.terminal else OPEN_STATUSES)


def _seller_actor(factory: UnitOfWorkFactory, seller_id: int) -> Actor:
    with factory(read_only=True) as uow:
        user = uow.session.scalars(
            select(SellerUser).where(SellerUser.seller_id == seller_id).limit(1)
        ).one()
        return Actor(
            kind=ActorKind.SELLER_USER,
            channel=Channel.SELLER_CENTER,
            id=user.id,
            seller_id=seller_id,
            label=user.email,
            scopes=ALL_SCOPES,
        )


def test_the_engine_and_its_timers_carry_on_from_the_generated_history(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    demo = generate_demo(
        uow_factory, seed=12, size=DemoSize(orders=1500), password_hash=PASSWORD_HASH
    )
    seller = _seller_actor(uow_factory, demo.demo_seller_id)
    pending = demo.pending_requests[0]
    with uow_factory() as uow:
        approved = service.act(
            uow, seller, "approve", ApproveRequest(request_id=pending.request_id)
        )
    assert approved.status == "cancelled"
    assert approved.refund_minor is not None
    agent = Actor(
        kind=ActorKind.AGENT,
        channel=Channel.OPS_CONSOLE,
        id=1,
        label="agent:disputes@fairmarket.example",
        scopes=frozenset({"after_sales:read", "disputes:write"}),
    )
    disputed = next(r for r in all_requests(uow_factory) if r.status == "in_dispute")
    with uow_factory() as uow:
        ruled = service.rule_on_dispute(
            uow,
            agent,
            RuleOnDispute(
                request_id=disputed.id, ruling="for_seller", note="The listing matches the item."
            ),
        )
    assert ruled.status == "closed"

    clock.advance(timedelta(days=8))
    fired = run_after_sale_timers(uow_factory)

    assert fired.fired > 0
    assert "stopped" not in fired.outcomes
    with uow_factory(read_only=True) as uow:
        overdue = uow.session.scalar(
            select(func.count())
            .select_from(AfterSaleRequest)
            .where(AfterSaleRequest.deadline <= clock.now())
        )
    assert overdue == 0

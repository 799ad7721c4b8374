"""Back-tests: a version replayed over a small, hand-built history gives exact counts of its
decisions, where it differs from what happened, the refunds it would have paid, how many
requests it would resolve without a person, and how it scores against people's decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.orders.models import Order
from fairmarket.domains.rules import versions
from fairmarket.domains.rules.backtest import run_backtest
from fairmarket.domains.rules.facts import FACTS, record_from_mapping
from fairmarket.domains.rules.models import ExceptionItem, after_sale_facts
from fairmarket.domains.rules.schemas import (
    ActionCount,
    BacktestCommand,
    BacktestReport,
    LabelScore,
    RuleSetDraftCreate,
)
from fairmarket.kernel.actors import Actor, ActorKind, Channel
from fairmarket.kernel.errors import DomainError, ErrorKind
from tests.factories.accounts import make_buyer, make_seller
from tests.factories.orders import make_order
from tests.factories.rules import RULES_AGENT as OPS
from tests.support.rule_sets import CANCELLATIONS

A_SELLER = Actor(
    kind=ActorKind.SELLER_USER,
    channel=Channel.SELLER_CENTER,
    id=7,
    seller_id=1,
    label="seller:owner@shop.test",
    scopes=frozenset({"rules:read", "after_sales:read"}),
)
# v2 approves unshipped cancellations up to 600 and refunds small returns by half.
GENEROUS = CANCELLATIONS.replace("0 < order.value <= 200", "0 < order.value <= 600").replace(
    "refund: {percent: 100, cap: 15}", "refund: {percent: 50}"
)
DEADLINES = """\
name: deadline-watch
trigger: after_sale.deadline_approaching
description: Escalate what nobody answered.
rules:
  - id: late
    description: Escalate.
    when: [request.age_hours > 40]
    then: [{escalate: {queue: deadlines}}]
default: [no_decision]
tests:
  - name: late ones go to a person
    facts: {request.age_hours: 41}
    expect: {rule: late, action: escalate}
"""
MARCH_2, MARCH_5 = date(2026, 3, 2), date(2026, 3, 5)


@dataclass(frozen=True)
class Past:
    """One historical request: its facts when opened and what actually became of it."""

    opened: datetime
    facts: dict[str, Any]
    requested_minor: int
    refund_minor: int | None = None
    decided_action: str | None = None
    decided_by: str | None = None
    queue_label: str | None = None  # an agent's decision in the exception queue


CANCEL = {"request.type": "cancellation", "order.status": "awaiting_shipment"}
HISTORY = {
    # a rule would approve, and the platform auto-approved
    "auto-approved": Past(
        datetime(2026, 3, 2, 0, 0, tzinfo=UTC),
        {**CANCEL, "order.value": 50},
        5000,
        5000,
        "auto_approve",
        "system",
    ),
    # a rule would approve, and the seller approved
    "seller-approved": Past(
        datetime(2026, 3, 3, 10, tzinfo=UTC),
        {**CANCEL, "order.value": 80, "buyer.cancellation_rate_90d": 0.1},
        8000,
        8000,
        "approve",
        "seller_user",
    ),
    # a serial canceller: the rule escalates, the seller rejected
    "serial": Past(
        datetime(2026, 3, 3, 11, tzinfo=UTC),
        {**CANCEL, "order.value": 40, "buyer.cancellation_rate_90d": 0.7},
        4000,
        None,
        "reject",
        "seller_user",
    ),
    # a small return: the rule refunds, the seller offered half
    "small-return": Past(
        datetime(2026, 3, 4, 8, tzinfo=UTC),
        {"request.type": "return", "request.amount": 12},
        1200,
        600,
        "offer_partial_refund",
        "seller_user",
    ),
    # a large return nobody decided; an agent approved it from the exception queue
    "queued-return": Past(
        datetime(2026, 3, 4, 9, tzinfo=UTC),
        {"request.type": "return", "request.amount": 80},
        8000,
        queue_label="approve",
    ),
    # an expensive cancellation, the last evening of the range: an agent rejected it
    "expensive": Past(
        datetime(2026, 3, 5, 23, 30, tzinfo=UTC),
        {**CANCEL, "order.value": 500, "buyer.cancellation_rate_90d": 0.1},
        50000,
        None,
        "reject",
        "agent",
    ),
    # the day after the range: never replayed
    "too-late": Past(
        datetime(2026, 3, 6, 0, 0, tzinfo=UTC),
        {**CANCEL, "order.value": 50},
        5000,
        5000,
        "approve",
        "seller_user",
    ),
}


def build_history(uow_factory: UnitOfWorkFactory) -> dict[str, int]:
    seller = make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    ids: dict[str, int] = {}
    with uow_factory() as uow:
        order_id = uow.session.scalars(select(Order.id).where(Order.number == number)).one()
        for name, past in HISTORY.items():
            request = AfterSaleRequest(
                type=past.facts["request.type"],
                kind="cancel" if past.facts["request.type"] == "cancellation" else "refund_only",
                order_id=order_id,
                seller_id=seller.seller_id,
                buyer_id=buyer.buyer_id,
                status="closed" if past.decided_action else "pending",
                reason="changed_mind",
                fault="buyer",
                lines=[],
                whole_order=True,
                requested_minor=past.requested_minor,
                refund_minor=past.refund_minor,
                decided_action=past.decided_action,
                decided_by=past.decided_by,
                requested_at=past.opened,
                updated_at=past.opened,
                last_action="open",
                last_actor="buyer:1",
            )
            uow.session.add(request)
            uow.session.flush()
            ids[name] = request.id
            record = record_from_mapping(past.facts)
            uow.session.execute(
                insert(after_sale_facts).values(
                    request_id=request.id,
                    trigger="after_sale.requested",
                    taken_at=past.opened,
                    **{fact.column: value for fact, value in zip(FACTS, record, strict=True)},
                )
            )
            if past.queue_label is not None:
                uow.session.add(
                    ExceptionItem(
                        request_id=request.id,
                        queue="undecided",
                        priority=3,
                        reason="Nobody answered before the deadline.",
                        status="decided",
                        created_at=past.opened,
                        decided_at=past.opened,
                        decided_by="agent:ops@fairmarket.test",
                        label=past.queue_label,
                    )
                )
    return ids


def draft(uow_factory: UnitOfWorkFactory, source: str) -> int:
    with uow_factory() as uow:
        return versions.create_draft(uow, OPS, RuleSetDraftCreate(source=source)).id


def backtest(uow_factory: UnitOfWorkFactory, actor: Actor = OPS, **fields: Any) -> BacktestReport:
    command = BacktestCommand.model_validate({"from_date": MARCH_2, "to_date": MARCH_5, **fields})
    with uow_factory() as uow:
        return run_backtest(uow, actor, command)


def snapshot_count(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(after_sale_facts)) or 0)


def test_a_replay_counts_decisions_differences_refunds_and_auto_resolution_exactly(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_history(uow_factory)
    version_id = draft(uow_factory, CANCELLATIONS)

    report = backtest(uow_factory, version_id=version_id)

    run = report.run
    assert (report.trigger.value, report.facts_backfilled) == ("after_sale.requested", 0)
    assert (run.version_id, run.rule_set_name, run.version_number) == (
        version_id,
        "cancellations",
        1,
    )
    assert run.requests == 6  # "too-late" opened the day after the range
    assert run.decisions == [
        ActionCount(action="approve", count=2),
        ActionCount(action="no_decision", count=2),
        ActionCount(action="escalate", count=1),
        ActionCount(action="refund", count=1),
    ]
    assert run.by_rule == [
        ActionCount(action="approve-unshipped", count=2),
        ActionCount(action="default", count=2),
        ActionCount(action="serial-canceller", count=1),
        ActionCount(action="small-return-refund", count=1),
    ]
    # "serial" (escalate, history: reject) and "expensive" (no decision, history: reject)
    assert run.differing == 2
    # actual: 5000 + 8000 + 600; replayed: 5000 + 8000 + 0 (escalated: as happened)
    # + 1200 (12.00 refunded, under the 15.00 cap) + 0 + 0 (no decision: as happened)
    assert (run.refund_actual_minor, run.refund_replayed_minor) == (13600, 14200)
    assert run.refund_difference_minor == 600
    assert run.auto_resolution_before == pytest.approx(1 / 6)  # only the auto-approval
    assert run.auto_resolution_after == pytest.approx(3 / 6)  # two approvals and the refund
    assert report.compared is None
    assert report.disagreements is None


def test_people_s_decisions_and_queue_labels_score_each_action(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_history(uow_factory)
    version_id = draft(uow_factory, CANCELLATIONS)

    run = backtest(uow_factory, version_id=version_id).run

    # Labelled: seller-approved (approve), serial (reject), small-return (refund),
    # queued-return (approve, from the queue), expensive (reject). The auto-approval is not
    # a person's decision.
    assert run.labelled == 5
    assert run.scores == [
        LabelScore(action="approve", precision=1.0, recall=0.5, support=2),
        LabelScore(action="refund", precision=1.0, recall=1.0, support=1),
        LabelScore(action="reject", precision=None, recall=0.0, support=2),
    ]


def test_two_versions_are_replayed_side_by_side_and_their_disagreements_counted(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_history(uow_factory)
    first = draft(uow_factory, CANCELLATIONS)
    second = draft(uow_factory, GENEROUS)

    report = backtest(uow_factory, version_id=first, compare_version_id=second)

    assert report.compared is not None
    assert (report.run.version_number, report.compared.version_number) == (1, 2)
    assert report.compared.decisions == [
        ActionCount(action="approve", count=3),
        ActionCount(action="escalate", count=1),
        ActionCount(action="no_decision", count=1),
        ActionCount(action="refund", count=1),
    ]
    # v2 approves "expensive" (refunding its 500.00) and refunds half of "small-return"
    assert report.compared.refund_replayed_minor == 5000 + 8000 + 0 + 600 + 0 + 50000
    assert report.compared.differing == 2
    assert report.run.refund_replayed_minor == 14200
    assert report.disagreements == 1  # only "expensive" is decided differently


def test_missing_fact_snapshots_are_backfilled_and_counted(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ids = build_history(uow_factory)
    with uow_factory() as uow:
        uow.session.execute(
            after_sale_facts.delete().where(after_sale_facts.c.request_id == ids["serial"])
        )
    version_id = draft(uow_factory, CANCELLATIONS)

    report = backtest(uow_factory, version_id=version_id)

    assert report.facts_backfilled == 1
    assert report.run.requests == 6
    assert snapshot_count(uow_factory) == len(HISTORY)


def test_a_seller_may_not_replay_the_platform_s_history(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ids = build_history(uow_factory)
    with uow_factory() as uow:
        uow.session.execute(
            after_sale_facts.delete().where(after_sale_facts.c.request_id == ids["serial"])
        )
    version_id = draft(uow_factory, CANCELLATIONS)

    with pytest.raises(DomainError) as refused:
        backtest(uow_factory, A_SELLER, version_id=version_id)

    assert (refused.value.kind, refused.value.code) == (
        ErrorKind.FORBIDDEN,
        "backtest_platform_only",
    )
    assert snapshot_count(uow_factory) == len(HISTORY) - 1  # nothing was backfilled


def test_versions_for_different_triggers_cannot_be_compared(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_history(uow_factory)
    first = draft(uow_factory, CANCELLATIONS)
    other = draft(uow_factory, DEADLINES)

    with pytest.raises(DomainError) as refused:
        backtest(uow_factory, version_id=first, compare_version_id=other)

    assert (refused.value.kind, refused.value.code) == (
        ErrorKind.INVALID,
        "backtest_triggers_differ",
    )


def test_a_reversed_range_or_an_unknown_version_is_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    version_id = draft(uow_factory, CANCELLATIONS)

    with pytest.raises(DomainError) as reversed_range:
        backtest(uow_factory, version_id=version_id, from_date=MARCH_5, to_date=MARCH_2)
    with pytest.raises(DomainError) as unknown:
        backtest(uow_factory, version_id=version_id + 100)

    assert reversed_range.value.code == "backtest_dates_reversed"
    assert (unknown.value.kind, unknown.value.code) == (ErrorKind.NOT_FOUND, "version_not_found")


def test_the_range_is_whole_utc_days_both_ends_included(
    uow_factory: UnitOfWorkFactory,
) -> None:
    build_history(uow_factory)
    version_id = draft(uow_factory, CANCELLATIONS)

    first_day = backtest(uow_factory, version_id=version_id, to_date=MARCH_2).run
    last_days = backtest(
        uow_factory, version_id=version_id, from_date=MARCH_5, to_date=date(2026, 3, 6)
    ).run

    assert (first_day.requests, first_day.decisions) == (
        1,
        [ActionCount(action="approve", count=1)],
    )
    assert last_days.requests == 2  # "expensive" at 23:30 on the 5th and "too-late"

"""The demo's automation: rule sets an operations team would start with, one per trigger.

`post-purchase-exceptions` v1 is active and v2 (a looser cancellation threshold) is a draft, so
the Ops Console has something to diff, back-test and compare on the demo's history.
"""

from __future__ import annotations

from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.events.models import Event
from fairmarket.domains.rules import versions
from fairmarket.domains.rules.facts_assembly import snapshot_request_facts
from fairmarket.domains.rules.jobs import CURSOR_ID
from fairmarket.domains.rules.models import RuleEventCursor
from fairmarket.domains.rules.schemas import (
    Promote,
    RuleSetDraftCreate,
    RuleSetVersionRead,
    Trigger,
)
from fairmarket.kernel.actors import system_actor

DECISIONS_V1 = """\
name: post-purchase-exceptions
trigger: after_sale.requested
description: Decide routine after-sale requests so that people handle the unusual ones.
rules:
  - id: approve-unshipped-cancellation
    description: Approve a cancellation when the order has not shipped and the buyer rarely cancels.
    when:
      - request.type == "cancellation"
      - order.status in ["awaiting_payment", "awaiting_shipment"]
      - buyer.cancellation_rate_90d < 0.2
    then:
      - approve
  - id: refund-small-returns
    description: Refund returns under 15 without asking for the item back.
    when:
      - request.type == "return"
      - request.kind != "replacement"
      - request.amount < 15
    then:
      - refund
      - tag: small-refund
  - id: serial-canceller
    description: Cancellations from buyers who cancel often go to a person.
    when:
      - request.type == "cancellation"
      - buyer.cancellation_rate_90d >= 0.2
    then:
      - escalate: {queue: serial-cancellers, priority: 2}
  - id: high-value-return
    description: High-value returns get a person's eye before anything moves.
    when:
      - request.type == "return"
      - request.amount >= 300
    then:
      - escalate: {queue: high-value, priority: 1}
      - notify_seller: "A marketplace agent reviews this high-value return."
default: [no_decision]
tests:
  - name: a buyer who rarely cancels gets an unshipped order cancelled
    facts: {request.type: cancellation, order.status: awaiting_shipment,
            buyer.cancellation_rate_90d: 0.05}
    expect: {rule: approve-unshipped-cancellation, action: approve}
  - name: a serial canceller goes to a person
    facts: {request.type: cancellation, order.status: awaiting_shipment,
            buyer.cancellation_rate_90d: 0.5}
    expect: {rule: serial-canceller, action: escalate}
  - name: a small refund-only return is refunded
    facts: {request.type: return, request.kind: refund_only, request.amount: 9.9}
    expect: {rule: refund-small-returns, action: refund}
  - name: a small replacement is left to the seller
    facts: {request.type: return, request.kind: replacement, request.amount: 9.9}
    expect: {rule: default, action: no_decision}
  - name: an expensive return goes to a person
    facts: {request.type: return, request.kind: return_and_refund, request.amount: 450}
    expect: {rule: high-value-return, action: escalate}
"""

# v2 lets buyers with a slightly higher cancellation rate through, and refunds up to 25.
DECISIONS_V2 = (
    DECISIONS_V1.replace("buyer.cancellation_rate_90d < 0.2", "buyer.cancellation_rate_90d < 0.35")
    .replace("buyer.cancellation_rate_90d >= 0.2", "buyer.cancellation_rate_90d >= 0.35")
    .replace("request.amount < 15", "request.amount < 25")
    .replace("Refund returns under 15", "Refund returns under 25")
)

DEADLINES = """\
name: deadline-watch
trigger: after_sale.deadline_approaching
description: Before a deadline passes, requests that need judgement go to a person.
rules:
  - id: silent-seller-return
    description: Returns of sellers who often miss deadlines go to a person first.
    when:
      - request.type == "return"
      - request.status == "pending"
      - seller.response_rate < 0.5
    then:
      - escalate: {queue: silent-sellers, priority: 2}
default: [no_decision]
tests:
  - name: a pending return of a silent seller is escalated
    facts: {request.type: return, request.status: pending, seller.response_rate: 0.2}
    expect: {rule: silent-seller-return, action: escalate}
  - name: a responsive seller is trusted to answer
    facts: {request.type: return, request.status: pending, seller.response_rate: 0.9}
    expect: {rule: default, action: no_decision}
"""

CARRIER_SCANS = """\
name: carrier-scans
trigger: shipment.exception
description: Parcels the carrier has stopped scanning.
rules:
  - id: no-scan-five-days
    description: Escalate when the carrier has not scanned the parcel for 5 days.
    when:
      - shipment.last_scan_age_hours >= 120
    then:
      - escalate: {queue: carrier-exceptions, priority: 2}
      - notify_seller: "The carrier has not scanned this parcel for 5 days; check with them."
default: [no_decision]
tests:
  - name: six silent days are escalated
    facts: {shipment.last_scan_age_hours: 144}
    expect: {rule: no-scan-five-days, action: escalate}
  - name: three silent days are not yet
    facts: {shipment.last_scan_age_hours: 72}
    expect: {rule: default, action: no_decision}
"""

ACTIVE_RULE_SETS = (DECISIONS_V1, DEADLINES, CARRIER_SCANS)
DRAFT_RULE_SETS = (DECISIONS_V2,)


def seed_demo_rules(uow_factory: UnitOfWorkFactory) -> list[RuleSetVersionRead]:
    """Save the demo's rule sets as the platform would, promoting the active ones through the
    same lifecycle the Ops Console uses (their tests must pass). The generated history counts
    as already seen by the rules (they decide what happens from now on), and its facts are
    snapshotted as of each request's opening, ready for back-tests."""
    actor = system_actor("demo")
    saved = []
    with uow_factory() as uow:
        last_event = uow.session.scalar(select(func.max(Event.id))) or 0
        uow.session.add(
            RuleEventCursor(id=CURSOR_ID, last_event_id=last_event, updated_at=uow.clock.now())
        )
        request_ids = list(uow.session.scalars(select(AfterSaleRequest.id)))
        snapshot_request_facts(uow, Trigger.REQUEST_CREATED, request_ids)
        for source in ACTIVE_RULE_SETS:
            draft = versions.create_draft(uow, actor, RuleSetDraftCreate(source=source))
            saved.append(
                versions.promote_version(uow, actor, Promote(version_id=draft.id, to="active"))
            )
        for source in DRAFT_RULE_SETS:
            saved.append(versions.create_draft(uow, actor, RuleSetDraftCreate(source=source)))
    return saved

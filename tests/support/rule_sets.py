"""Rule-set texts the tests share: one per trigger, written as an operations person would."""

from __future__ import annotations

CANCELLATIONS = """\
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
  - id: small-return-refund
    description: Refund returns under 15 without asking for the item back.
    when: [request.type == "return", request.amount < 15]
    then:
      - refund: {percent: 100, cap: 15}
  - id: serial-canceller
    description: Send cancellations from serial cancellers to a person.
    when: [request.type == "cancellation", buyer.cancellation_rate_90d >= 0.6]
    then:
      - escalate: {queue: serial-cancellers, priority: 2}
default: [no_decision]
tests:
  - name: a first-time canceller is approved
    facts: {request.type: cancellation, order.status: awaiting_shipment, order.value: 50}
    expect: {rule: approve-unshipped, action: approve}
  - name: a serial canceller goes to a person
    facts: {request.type: cancellation, order.status: awaiting_shipment, order.value: 50,
            buyer.cancellation_rate_90d: 0.7}
    expect: {rule: serial-canceller, action: escalate}
  - name: a large return is left alone
    facts: {request.type: return, request.amount: 80}
    expect: {rule: default, action: no_decision}
"""

# One rule and one test case: what the API, Ops Console and browser tests write and promote.
APPROVE_UNSHIPPED = """\
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
    then:
      - approve
default: [no_decision]
tests:
  - name: a first-time canceller is approved
    facts: {request.type: cancellation, order.status: awaiting_shipment}
    expect: {rule: approve-unshipped, action: approve}
"""

"""Carry out decisions on a request through the after-sales service: a rule's actions, as the
rule's actor, and an agent's decisions from the exception queue, as the agent.

Neither writes a request itself: they call the same `act` a seller's click calls, so the
journey table, the refund ledger, the audit and the events treat them like any other decision,
labelled with who decided. A refused action raises the service's DomainError.
"""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales.engine import SUBJECT
from fairmarket.domains.after_sales.machines import JourneyType, RejectReason
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import (
    ApproveRequest,
    Decide,
    OfferPartialRefund,
    RejectRequest,
    RequestInterception,
)
from fairmarket.domains.after_sales.service import act
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.events.types import EventType
from fairmarket.domains.orders.models import Order
from fairmarket.domains.rules.definitions import RuleAction
from fairmarket.domains.rules.models import RequestTag
from fairmarket.domains.rules.schemas import ActionKind
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import invalid, not_found
from fairmarket.kernel.money import MINOR_UNIT_DIGITS

EVIDENCE_TAG = "evidence_requested"
EVIDENCE_REQUESTED = "after_sale.evidence_requested"  # the audit action, as its event
NOTE_LIMIT = 1000


def apply_action(
    uow: UnitOfWork, actor: Actor, request_id: int, action: RuleAction, *, rule_description: str
) -> None:
    """Apply one action of a rule (escalate and no_decision are the caller's to handle)."""
    request = uow.session.get(AfterSaleRequest, request_id)
    if request is None:
        raise not_found("request_not_found", f"After-sale request {request_id} does not exist.")
    kind = action.kind
    if kind is ActionKind.APPROVE:
        approve_request(uow, actor, request)
    elif kind is ActionKind.REJECT:
        act(
            uow,
            actor,
            "reject",
            RejectRequest(
                request_id=request.id,
                reason=RejectReason(action.reason or RejectReason.OUTSIDE_RETURN_POLICY.value),
                note=(action.note or rule_description)[:NOTE_LIMIT],
            ),
        )
    elif kind is ActionKind.REFUND:
        _refund(uow, actor, request, action)
    elif kind is ActionKind.REQUEST_EVIDENCE:
        request_evidence(uow, actor, request, action.message or rule_description)
    elif kind is ActionKind.TAG and action.tag:
        add_tag(uow, actor, request.id, action.tag)
    elif kind is ActionKind.NOTIFY_SELLER:
        _publish(
            uow, request, EventType.AFTER_SALE_SELLER_NOTIFIED, action.message or rule_description
        )


def approve_request(uow: UnitOfWork, actor: Actor, request: AfterSaleRequest) -> None:
    """Approve in the journey's terms: an order in transit is intercepted, others approved."""
    if request.type == JourneyType.FULFILMENT_CANCELLATION:
        act(uow, actor, "request_interception", RequestInterception(request_id=request.id))
    else:
        act(uow, actor, "approve", ApproveRequest(request_id=request.id))


def _refund(uow: UnitOfWork, actor: Actor, request: AfterSaleRequest, action: RuleAction) -> None:
    """Cancellations refund by being approved; a return is refunded in full without the item,
    or offered part of what was asked."""
    if request.type != JourneyType.RETURN:
        approve_request(uow, actor, request)
        return
    amount = refund_amount_minor(request.requested_minor, action, _currency(uow, request))
    if amount <= 0:
        raise invalid(
            "refund_amount_zero",
            f"The rule's refund comes to nothing on request {request.id}; "
            "give the rule a positive amount or percent.",
        )
    if amount >= request.requested_minor:
        refund_in_full(uow, actor, request)
    else:
        act(
            uow,
            actor,
            "offer_partial_refund",
            OfferPartialRefund(request_id=request.id, amount_minor=amount),
        )


def refund_in_full(uow: UnitOfWork, actor: Actor, request: AfterSaleRequest) -> None:
    """A return is refunded without the item; a cancellation is refunded by being approved."""
    if request.type == JourneyType.RETURN:
        act(uow, actor, "refund_without_return", Decide(request_id=request.id))
    else:
        approve_request(uow, actor, request)


def request_evidence(
    uow: UnitOfWork, actor: Actor, request: AfterSaleRequest, message: str | None
) -> None:
    """Ask the buyer for evidence. Nothing changes on the request: the audit puts the ask on its
    timeline, the event tells the buyer's channels, and the tag marks it in lists."""
    order_number = uow.session.scalar(select(Order.number).where(Order.id == request.order_id))
    record_change(
        uow,
        actor,
        action=EVIDENCE_REQUESTED,
        subject_type=SUBJECT,
        subject_id=request.id,
        seller_id=request.seller_id,
        order_id=request.order_id,
        before=request.snapshot(),
        after=request.snapshot(),
        note=message,
    )
    publish_event(
        uow,
        type=EventType.AFTER_SALE_EVIDENCE_REQUESTED,
        resource_type=SUBJECT,
        resource_id=request.id,
        seller_id=request.seller_id,
        data={
            "request_id": request.id,
            "type": request.type,
            "order_number": order_number,
            "status": request.status,
            "message": message,
            "requested_by": actor.label or actor.kind.value,
        },
    )
    add_tag(uow, actor, request.id, EVIDENCE_TAG)


def refund_amount_minor(requested_minor: int, action: RuleAction, currency: str) -> int:
    """A fixed amount or a share of what was asked, never more than `cap`, in minor units."""
    scale = int(10 ** MINOR_UNIT_DIGITS.get(currency, 2))
    if action.amount is not None:
        amount = round(action.amount * scale)
    elif action.percent is not None:
        amount = round(requested_minor * action.percent / 100)
    else:
        amount = requested_minor
    if action.cap is not None:
        amount = min(amount, round(action.cap * scale))
    return min(amount, requested_minor)


def _currency(uow: UnitOfWork, request: AfterSaleRequest) -> str:
    return uow.session.scalar(select(Order.currency).where(Order.id == request.order_id)) or ""


def add_tag(uow: UnitOfWork, actor: Actor, request_id: int, tag: str) -> None:
    """Tag a request once; tagging it again changes nothing."""
    exists = uow.session.scalar(
        select(RequestTag.id).where(RequestTag.request_id == request_id, RequestTag.tag == tag)
    )
    if exists is None:
        uow.session.add(
            RequestTag(
                request_id=request_id,
                tag=tag,
                added_by=actor.label or actor.kind.value,
                added_at=uow.clock.now(),
            )
        )
        uow.session.flush()


def _publish(uow: UnitOfWork, request: AfterSaleRequest, type_: EventType, message: str) -> None:
    publish_event(
        uow,
        type=type_,
        resource_type=SUBJECT,
        resource_id=request.id,
        seller_id=request.seller_id,
        data={"request_id": request.id, "type": request.type, "message": message},
    )

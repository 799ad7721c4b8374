"""The exception queue: what rules escalate or leave undecided as a deadline nears.

An item is one request waiting for a person. The agent decides it here, which carries the decision
out through the same after-sales action any channel uses, and keeps the agent's choice as a label
that back-tests measure rules against.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales import engine
from fairmarket.domains.after_sales.engine import Locked
from fairmarket.domains.after_sales.machines import JOURNEYS, JourneyType, RejectReason
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import (
    AfterSaleRef,
    OfferPartialRefund,
    RejectRequest,
)
from fairmarket.domains.after_sales.service import act, get_request
from fairmarket.domains.orders.models import Order
from fairmarket.domains.rules import apply, readings
from fairmarket.domains.rules.models import ExceptionItem, RuleEvaluation, RuleSet, RuleSetVersion
from fairmarket.domains.rules.schemas import (
    ActionKind,
    DecideException,
    EvaluationMode,
    EvaluationOutcome,
    EvaluationRead,
    ExceptionDetail,
    ExceptionListQuery,
    ExceptionPage,
    ExceptionRead,
    ExceptionRef,
    ExceptionStatus,
)
from fairmarket.kernel.actors import Actor, ActorKind, require_scope
from fairmarket.kernel.errors import conflict, forbidden, invalid, not_found
from fairmarket.kernel.pagination import cursor_integer, decode_cursor, encode_cursor

READ_SCOPE = "after_sales:read"
WRITE_SCOPE = "exceptions:write"
# Every journey starts undecided in its initial status; the queue can only act from there.
UNDECIDED_STATUSES = frozenset(journey.initial for journey in JOURNEYS.values())
MAX_BUYER_NOTE = 1000  # what the after-sales decisions accept


# --- queueing ------------------------------------------------------------------------------


def enqueue_exception(
    uow: UnitOfWork,
    *,
    request_id: int,
    queue: str,
    priority: int,
    reason: str,
    evaluation_id: int | None,
) -> ExceptionItem:
    """Put a request in front of a person. One open item per request: queueing it again returns
    the open item, made more urgent when the new priority is (1 is the most urgent). The caller
    holds the request's order lock (as every rules evaluation does), so two triggers cannot race
    to create two items."""
    existing = uow.session.scalars(
        select(ExceptionItem)
        .where(ExceptionItem.request_id == request_id, ExceptionItem.status == ExceptionStatus.OPEN)
        .order_by(ExceptionItem.id)
        .limit(1)
    ).first()
    if existing is not None:
        existing.priority = min(existing.priority, priority)  # 1 is the most urgent
        if existing.evaluation_id is None:
            existing.evaluation_id = evaluation_id
        uow.session.flush()
        return existing
    request = uow.session.get(AfterSaleRequest, request_id)
    if request is None:
        raise not_found("after_sale_not_found", f"After-sale request {request_id} does not exist.")
    item = ExceptionItem(
        request_id=request_id,
        queue=queue,
        priority=priority,
        reason=reason,
        evaluation_id=evaluation_id,
        deadline=request.deadline,
        status=ExceptionStatus.OPEN,
        created_at=uow.clock.now(),
    )
    uow.session.add(item)
    uow.session.flush()
    return item


# --- reading -------------------------------------------------------------------------------


def _require_platform(actor: Actor) -> None:
    require_scope(actor, READ_SCOPE)
    if actor.kind not in (ActorKind.AGENT, ActorKind.SYSTEM):
        raise forbidden(
            "agents_only",
            "The exception queue is worked by Fairmarket agents; sellers see their own requests "
            "in the after-sales list.",
        )


def list_exceptions(uow: UnitOfWork, actor: Actor, query: ExceptionListQuery) -> ExceptionPage:
    """The queue, most pressing first: by deadline (none last), then priority, then age."""
    _require_platform(actor)
    statement = (
        select(ExceptionItem, AfterSaleRequest, Order.number)
        .join(AfterSaleRequest, AfterSaleRequest.id == ExceptionItem.request_id)
        .join(Order, Order.id == AfterSaleRequest.order_id)
        .where(_in_status(query.status))
    )
    if query.queue is not None:
        statement = statement.where(ExceptionItem.queue == query.queue)
    after = decode_cursor(query.cursor)
    if after:
        statement = statement.where(_after(after))
    statement = statement.order_by(
        ExceptionItem.deadline.is_(None),
        ExceptionItem.deadline,
        ExceptionItem.priority,
        ExceptionItem.id,
    ).limit(query.limit + 1)
    rows = uow.session.execute(statement).all()
    page, more = rows[: query.limit], len(rows) > query.limit
    next_cursor = None
    if more:
        last: ExceptionItem = page[-1][0]
        deadline = last.deadline.isoformat() if last.deadline else None
        next_cursor = encode_cursor([deadline, last.priority, last.id])
    return ExceptionPage(
        items=[_read(item, request, number) for item, request, number in page],
        next_cursor=next_cursor,
    )


# Requests move on without the queue knowing (the seller answers, a timer fires, the buyer
# withdraws), and after_sales must not depend on rules, so no journey action can close the item.
# An open item whose request has left its undecided status therefore *reads* as
# resolved_elsewhere, derived at query time rather than written: the listing runs in a read-only
# unit of work (autocommit on PostgreSQL, never committed on SQLite), where a write would either
# escape the transaction or be lost, and a derived status is right at the moment it is read.


def _moved_on() -> ColumnElement[bool]:
    return AfterSaleRequest.status.not_in(UNDECIDED_STATUSES)


def _in_status(status: str) -> ColumnElement[bool]:
    """Items in this status as read now (the request joined)."""
    if status == ExceptionStatus.OPEN:
        return and_(
            ExceptionItem.status == ExceptionStatus.OPEN,
            AfterSaleRequest.status.in_(UNDECIDED_STATUSES),
        )
    if status == ExceptionStatus.RESOLVED_ELSEWHERE:
        return or_(
            ExceptionItem.status == ExceptionStatus.RESOLVED_ELSEWHERE,
            and_(ExceptionItem.status == ExceptionStatus.OPEN, _moved_on()),
        )
    return ExceptionItem.status == status


def status_of(item: ExceptionItem, request: AfterSaleRequest) -> str:
    if item.status == ExceptionStatus.OPEN and request.status not in UNDECIDED_STATUSES:
        return ExceptionStatus.RESOLVED_ELSEWHERE
    return item.status


def _after(key: list[Any]) -> ColumnElement[bool]:
    """Rows after the cursor's (deadline, priority, id) in the queue's order (NULL deadlines
    last)."""
    try:
        raw_deadline, priority, item_id = key[0], cursor_integer(key[1]), cursor_integer(key[2])
        deadline = datetime.fromisoformat(raw_deadline) if raw_deadline is not None else None
    except (IndexError, TypeError, ValueError) as error:
        raise invalid(
            "invalid_cursor", "The cursor is malformed; start again without one.", "cursor"
        ) from error
    later_in_tie = or_(
        ExceptionItem.priority > priority,
        and_(ExceptionItem.priority == priority, ExceptionItem.id > item_id),
    )
    if deadline is None:
        return and_(ExceptionItem.deadline.is_(None), later_in_tie)
    return or_(
        ExceptionItem.deadline.is_(None),
        ExceptionItem.deadline > deadline,
        and_(ExceptionItem.deadline == deadline, later_in_tie),
    )


def _read(item: ExceptionItem, request: AfterSaleRequest, order_number: int) -> ExceptionRead:
    return ExceptionRead(
        id=item.id,
        request_id=item.request_id,
        order_number=order_number,
        request_type=request.type,
        request_status=request.status,
        queue=item.queue,
        priority=item.priority,
        reason=item.reason,
        deadline=item.deadline,
        status=status_of(item, request),
        created_at=item.created_at,
        decided_at=item.decided_at,
        decided_by=item.decided_by,
        label=item.label,
    )


def _load(
    uow: UnitOfWork, actor: Actor, item_id: int, *, lock: bool
) -> tuple[ExceptionItem, Locked]:
    """The item and its request. With `lock`, the request's order row first, then the item:
    the order a rules evaluation takes them in (it queues under the order lock), so an agent
    deciding and a rule re-queueing the same request cannot deadlock."""
    item = uow.session.get(ExceptionItem, item_id)
    if item is None:
        raise not_found(
            "exception_not_found",
            f"Exception-queue item {item_id} does not exist; list the queue to find its id.",
        )
    if lock:
        found = engine.load(uow, actor, item.request_id, lock=True)
        uow.session.refresh(item, with_for_update=True)
        return item, found
    row = uow.session.execute(
        select(AfterSaleRequest, Order)
        .join(Order, Order.id == AfterSaleRequest.order_id)
        .where(AfterSaleRequest.id == item.request_id)
    ).one()
    return item, Locked(row[0], row[1])


def get_exception(uow: UnitOfWork, actor: Actor, ref: ExceptionRef) -> ExceptionDetail:
    """One item with everything needed to decide it: the request and its timeline, and the
    facts and rule trace of the evaluation that queued it."""
    _require_platform(actor)
    item, found = _load(uow, actor, ref.item_id, lock=False)
    request = get_request(uow, actor, AfterSaleRef(request_id=item.request_id))
    evaluation = (
        evaluation_read(uow, item.evaluation_id, for_seller=False)
        if item.evaluation_id is not None
        else None
    )
    return ExceptionDetail(
        **_read(item, found.request, found.order.number).model_dump(),
        request=request,
        evaluation=evaluation,
    )


def evaluation_read(uow: UnitOfWork, evaluation_id: int, *, for_seller: bool) -> EvaluationRead:
    """An evaluation as the API shows it: its facts, and its trace in plain words."""
    evaluation, version, rule_set = uow.session.execute(
        select(RuleEvaluation, RuleSetVersion, RuleSet)
        .join(RuleSetVersion, RuleSetVersion.id == RuleEvaluation.version_id)
        .join(RuleSet, RuleSet.id == RuleSetVersion.rule_set_id)
        .where(RuleEvaluation.id == evaluation_id)
    ).one()
    return readings.evaluation_read(evaluation, version, rule_set.name, for_seller=for_seller)


# --- deciding ------------------------------------------------------------------------------


def decide_exception(uow: UnitOfWork, actor: Actor, cmd: DecideException) -> ExceptionRead:
    """The agent decides a queued request. The decision runs through the after-sales action any
    channel uses, as the agent; the item keeps the agent's choice as the label back-tests learn
    from. All in the caller's unit of work: a refused action leaves the item open."""
    require_scope(actor, WRITE_SCOPE)
    if actor.kind is not ActorKind.AGENT:
        raise forbidden("agents_only", "Only a Fairmarket agent decides exception-queue items.")
    item, found = _load(uow, actor, cmd.item_id, lock=True)
    _check_decidable(item, found)
    _check_inputs(cmd)
    _carry_out(uow, actor, found, cmd)
    now = uow.clock.now()
    item.status = ExceptionStatus.DECIDED
    item.label = ActionKind(cmd.action)
    item.label_note = cmd.note
    item.decided_at = now
    item.decided_by = actor.label or actor.kind.value
    _override_shadow(uow, actor, item)
    uow.session.flush()
    uow.session.refresh(found.request)
    return _read(item, found.request, found.order.number)


def _check_decidable(item: ExceptionItem, found: Locked) -> None:
    request = found.request
    state = {
        "item_id": item.id,
        "item_status": item.status,
        "request_id": request.id,
        "request_status": request.status,
        "last_action": request.last_action,
        "last_actor": request.last_actor,
    }
    if item.status != ExceptionStatus.OPEN:
        raise conflict(
            "exception_not_open",
            f"Exception-queue item {item.id} is already {item.status.replace('_', ' ')}"
            f"{f' by {item.decided_by}' if item.decided_by else ''}; refresh the queue.",
            current_state=state,
        )
    if request.status not in UNDECIDED_STATUSES:
        raise conflict(
            "request_moved_on",
            f"Request {request.id} is now {request.status} after '{request.last_action}' by "
            f"{request.last_actor}, so it has left the queue; refresh the queue and open the "
            "request to see what happened.",
            current_state=state,
        )


def _check_inputs(cmd: DecideException) -> None:
    if cmd.amount_minor is not None and cmd.action != "refund":
        raise invalid(
            "amount_only_for_refund",
            "amount_minor is a partial refund; choose the action 'refund', or leave it out.",
            "amount_minor",
        )
    if cmd.action in ("reject", "refund") and cmd.note and len(cmd.note) > MAX_BUYER_NOTE:
        raise invalid(
            "note_too_long",
            f"The buyer reads this note: keep it to {MAX_BUYER_NOTE} characters.",
            "note",
        )
    if cmd.action != "reject":
        return
    if not cmd.reason:
        raise invalid(
            "reason_required",
            "To reject, give a reason code: " + ", ".join(r.value for r in RejectReason) + ".",
            "reason",
        )
    if cmd.reason not in {r.value for r in RejectReason}:
        raise invalid(
            "unknown_reject_reason",
            f"'{cmd.reason}' is not a reject reason; use one of: "
            + ", ".join(r.value for r in RejectReason)
            + ".",
            "reason",
        )
    if not cmd.note or not cmd.note.strip():
        raise invalid(
            "note_required",
            "To reject, write a note explaining the decision to the buyer.",
            "note",
        )


def _carry_out(uow: UnitOfWork, actor: Actor, found: Locked, cmd: DecideException) -> None:
    request_id = found.request.id
    if cmd.action == "approve":
        apply.approve_request(uow, actor, found.request)
    elif cmd.action == "reject":
        reject = RejectRequest(
            request_id=request_id,
            reason=RejectReason(str(cmd.reason)),
            note=cmd.note,
        )
        act(uow, actor, "reject", reject)
    elif cmd.action == "refund":
        _refund(uow, actor, found, cmd)
    elif cmd.action == "request_evidence":
        apply.request_evidence(uow, actor, found.request, cmd.note)
    # no_decision: nothing to carry out; the label says a person chose to leave it.


def _refund(uow: UnitOfWork, actor: Actor, found: Locked, cmd: DecideException) -> None:
    request_id = found.request.id
    journey = JourneyType(found.request.type)
    if cmd.amount_minor is not None:
        offer = OfferPartialRefund(
            request_id=request_id, amount_minor=cmd.amount_minor, note=cmd.note
        )
        act(uow, actor, "offer_partial_refund", offer)
    elif journey is not JourneyType.FULFILMENT_CANCELLATION:
        apply.refund_in_full(uow, actor, found.request)
    else:
        raise invalid(
            "refund_needs_interception",
            "A shipped order is refunded when the intercepted parcel comes back; choose "
            "'approve' to ask the carrier to intercept it.",
            "action",
        )


def _override_shadow(uow: UnitOfWork, actor: Actor, item: ExceptionItem) -> None:
    """A shadow version proposed something else: the person's label is what counts."""
    shadow = uow.session.scalars(
        select(RuleEvaluation)
        .where(
            RuleEvaluation.request_id == item.request_id,
            RuleEvaluation.mode == EvaluationMode.SHADOW,
        )
        .order_by(RuleEvaluation.id.desc())
        .limit(1)
    ).first()
    if shadow is not None and shadow.decision != item.label:
        shadow.outcome = EvaluationOutcome.OVERRIDDEN
        shadow.outcome_detail = (
            f"{actor.label or actor.kind.value} decided '{item.label}' instead of "
            f"'{shadow.decision}'."
        )

"""After-sale requests in the demo history, walked step by step through the journey tables.

The demo writes rows in bulk (a 20,000-order history through the services would take minutes),
so `RequestWalk` applies to rows in memory the same transition functions that
`domains/after_sales/engine.perform` applies to the database (`after_sales.transitions`): the
action a name means (refusing one the table does not allow from the current status, for this
kind, actor kind and order status), the input checks, the refund plan, the request's new
columns, the effect, the timer and the event payloads. What stays here is writing them as rows:
the request, the refund ledger row, the audit record and the `after_sale.<action>` event.
Warnings (`after_sale.deadline_approaching`) are published when the worker would have sent them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fairmarket.demo.actors import ActorRef, Subject, audit, publish
from fairmarket.demo.history import History, OrderInProgress, cancel_order
from fairmarket.domains.after_sales import transitions
from fairmarket.domains.after_sales.machines import (
    JOURNEYS,
    TERMINAL_STATUSES,
    UNSHIPPED,
    Action,
    Journey,
    JourneyType,
    RequestKind,
    applies_to,
)
from fairmarket.domains.after_sales.refunds import RefundBreakdown
from fairmarket.domains.after_sales.timers import AUTO_CANCELLED, HANDLING_DEADLINE_REASON
from fairmarket.domains.events.types import EventType, after_sale_action_event
from fairmarket.kernel.actors import ActorKind
from fairmarket.kernel.errors import DomainError

SUBJECT = "after_sale_request"
TIMER = ActorRef("system", None, "system:after_sale_timer", "system")
HANDLING = ActorRef("system", None, "system:handling_deadline", "system")
WORKER_LAG = timedelta(seconds=4)  # the embedded worker polls every few seconds


class WalkError(AssertionError):
    """The demo tried a step that the journey table does not allow: a bug in the demo."""


@dataclass
class RequestWalk:
    history: History
    order: OrderInProgress
    row: dict[str, Any]
    warn_at: datetime | None = None

    # --- reading -----------------------------------------------------------------------------

    @property
    def journey(self) -> Journey:
        return JOURNEYS[JourneyType(self.row["type"])]

    @property
    def kind(self) -> RequestKind:
        return RequestKind(self.row["kind"])

    @property
    def status(self) -> str:
        return str(self.row["status"])

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def deadline(self) -> datetime | None:
        deadline = self.row["deadline"]
        assert deadline is None or isinstance(deadline, datetime)
        return deadline

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES

    def subject(self) -> Subject:
        return Subject(SUBJECT, self.id, self.order.seller.id, self.order.id)

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(  # noqa: PLR0917 - the opening's parts, as the buyer gives them
        cls,
        history: History,
        order: OrderInProgress,
        journey_type: JourneyType,
        kind: RequestKind,
        reason: str,
        at: datetime,
        *,
        lines: list[dict[str, int]] | None = None,
        note: str | None = None,
        evidence: list[str] | None = None,
    ) -> RequestWalk:
        journey = JOURNEYS[journey_type]
        if journey.type is JourneyType.CANCELLATION and order.row["status"] not in UNSHIPPED:
            raise WalkError(f"cancellation on a {order.row['status']} order")
        if (
            journey.type is not JourneyType.CANCELLATION
            and order.row["status"] not in journey.order_statuses
        ):
            raise WalkError(f"{journey.type.value} on a {order.row['status']} order")
        all_lines = [{"line_id": i, "quantity": q} for i, _, q in order.lines]
        chosen = lines or all_lines
        walk = cls(history, order, _request_row(order, journey, kind, reason, at, chosen, note))
        walk.row["whole_order"] = chosen == all_lines
        walk.row["evidence"] = evidence or None
        history.rows.add("after_sale_requests", walk.row)
        order.walks.append(walk)
        walk.row["requested_minor"] = walk.refund_plan(None).refund_minor
        walk.restart_timer(at)
        audit(
            history.rows,
            _buyer(order),
            at,
            "after_sale.requested",
            walk.subject(),
            before=None,
            after={
                "status": walk.status,
                "version": walk.row["version"],
                "type": walk.row["type"],
                "requested_minor": walk.row["requested_minor"],
            },
            reason=reason,
            note=note,
        )
        walk.publish(EventType.AFTER_SALE_REQUESTED, at)
        return walk

    # --- acting ------------------------------------------------------------------------------

    def act(self, name: str, actor: ActorRef, at: datetime, **inputs: Any) -> None:
        """Take `name` as `actor` at `at`, exactly as the engine would."""
        self.take(self.choose(name, ActorKind(actor.kind)), actor, at, inputs)

    def take(self, action: Action, actor: ActorRef, at: datetime, inputs: dict[str, Any]) -> None:
        """As `engine.perform`: the effect, the request's columns, the timer, audit, event."""
        if at < self.row["updated_at"] or at > self.history.now:
            raise WalkError(f"'{action.name}' at {at} is out of time order for request {self.id}")
        self.send_warnings(at)
        self.check_inputs(action, inputs)
        row, fields = self.row, self.row.__getitem__
        before = {"status": row["status"], "version": row["version"]}
        changes = transitions.transition_changes(
            self.journey, action, fields, ActorKind(actor.kind), actor.label, inputs, at
        )
        effect = transitions.plan_effect(action, fields, self.order.row["status"], inputs, at)
        self.apply_effect(effect, actor, at)
        row.update(changes)
        self.restart_timer(at)
        row["version"] += 1
        if effect.converts_to_return:
            self.converted = self._open_converted_return(actor, at)
        audit(
            self.history.rows,
            actor,
            at,
            f"after_sale.{action.name}",
            self.subject(),
            before=before,
            after={"status": row["status"], "version": row["version"]}
            | {"refund_minor": row["refund_minor"]},
            reason=inputs.get("reason"),
            note=inputs.get("note"),
        )
        self.publish(after_sale_action_event(action.name), at)

    def fire_timer(self) -> datetime:
        """The platform acts when the deadline passes (`timers.fire_timer`); returns when."""
        if self.deadline is None:
            raise WalkError(f"request {self.id} in {self.status} has no timer")
        at = self.deadline + WORKER_LAG
        action = transitions.timer_action(
            self.journey, self.kind, self.status, self.order.row["status"]
        )
        if action is None:
            raise WalkError(f"no timer action of {self.status} applies to request {self.id}")
        self.take(action, TIMER, at, {})
        return at

    def choose(self, name: str, actor_kind: ActorKind) -> Action:
        order_status = self.order.row["status"]
        action = transitions.match_action(self.journey, self.kind, name, actor_kind, self.status)
        if action is None or not transitions.order_allows(action, order_status):
            raise WalkError(
                f"'{name}' by a {actor_kind.value} is not allowed on a {self.kind.value} "
                f"{self.journey.type.value} request in {self.status} (order {order_status})"
            )
        return action

    def check_inputs(self, action: Action, inputs: dict[str, Any]) -> None:
        try:
            transitions.check_inputs(
                action,
                inputs,
                order_number=int(self.order.row["number"]),
                has_shipment=self.order.parcel is not None,
                full_refund_minor=lambda: self.refund_plan(None).refund_minor,
                currency=str(self.order.row["currency"]),
            )
        except DomainError as error:
            raise WalkError(f"request {self.id}: {error}") from error

    def refund_plan(self, amount_minor: int | None) -> RefundBreakdown:
        order = self.order.row
        money = transitions.OrderMoney(
            prices={line_id: price for line_id, price, _ in self.order.lines},
            shipping_fee_minor=int(order["shipping_fee_minor"]),
            paid_minor=int(order["paid_minor"]),
            refunded_minor=int(order["refunded_minor"]),
            currency=str(order["currency"]),
        )
        return transitions.refund_plan(self.journey, self.row.__getitem__, money, amount_minor)

    def apply_effect(self, effect: transitions.EffectPlan, actor: ActorRef, at: datetime) -> None:
        """Carry out, as rows, the effect that `transitions.plan_effect` decided."""
        row, order = self.row, self.order
        row.update(effect.changes)
        if effect.cancel_transition is not None:
            self._cancel_whole_order(actor, at)
        elif effect.refunds:
            refund = self.refund_plan(effect.refund_amount_minor).refund_minor
            if refund > 0:
                self.history.rows.add(
                    "refunds",
                    {
                        "order_id": order.id,
                        "after_sale_request_id": self.id,
                        "amount_minor": refund,
                        "currency": order.row["currency"],
                        "reason": f"{row['type']}:{row['reason']}",
                        "created_at": at,
                    },
                )
                order.row["refunded_minor"] += refund
            row["refund_minor"] = refund or None

    def _cancel_whole_order(self, actor: ActorRef, at: datetime) -> None:
        before = int(self.order.row["refunded_minor"])
        reason = self.journey.reason_by_code[self.row["reason"]]
        cancel_order(
            self.history,
            self.order,
            actor,
            at,
            reason=f"buyer_request:{reason.code}",
            fault=reason.fault.value,
            request_id=self.id,
        )
        self.row["refund_minor"] = (int(self.order.row["refunded_minor"]) - before) or None

    def _open_converted_return(self, actor: ActorRef, at: datetime) -> RequestWalk:
        fields = transitions.converted_return(self.row.__getitem__, actor.label, at)
        row = _request_row(
            self.order,
            JOURNEYS[JourneyType(fields["type"])],
            RequestKind(fields["kind"]),
            fields["reason"],
            at,
            fields["lines"],
            fields["buyer_note"],
        )
        row.update(fields)
        self.history.rows.add("after_sale_requests", row)
        converted = RequestWalk(self.history, self.order, row)
        row["requested_minor"] = converted.refund_plan(None).refund_minor
        self.order.walks.append(converted)
        converted.restart_timer(at)
        converted.publish(EventType.AFTER_SALE_REQUESTED, at)
        return converted

    # --- timers and events -------------------------------------------------------------------

    def restart_timer(self, at: datetime) -> None:
        region = self.order.region.code
        changes = transitions.timer_changes(
            self.journey, self.status, at, self.history.policies, lambda: region
        )
        # The row's warn_at is written when the walk stops (`finish`): until then the demo
        # sends each warning itself when the worker would have.
        self.warn_at = changes.pop("warn_at")
        self.row.update(changes)

    def send_warnings(self, until: datetime) -> None:
        """Publish the warning the worker sends `deadline_warning` before the platform acts."""
        if self.warn_at is not None and self.warn_at + WORKER_LAG <= until:
            publish(
                self.history.rows,
                EventType.AFTER_SALE_DEADLINE_APPROACHING,
                self.warn_at + WORKER_LAG,
                resource_type=SUBJECT,
                resource_id=self.id,
                seller_id=self.order.seller.id,
                data=transitions.deadline_warning_data(
                    self.row.__getitem__, int(self.order.row["number"])
                ),
            )
            self.warn_at = None

    def finish(self) -> None:
        """The walk stops at "now": warnings already due are sent; a pending one is stored."""
        self.send_warnings(self.history.now)
        self.row["warn_at"] = self.warn_at

    def publish(self, type_: EventType, at: datetime) -> None:
        publish(
            self.history.rows,
            type_,
            at,
            resource_type=SUBJECT,
            resource_id=self.id,
            seller_id=self.order.seller.id,
            data=transitions.request_event_data(
                self.row.__getitem__, int(self.order.row["number"])
            ),
        )

    converted: RequestWalk | None = None


def _buyer(order: OrderInProgress) -> ActorRef:
    return ActorRef("buyer", order.buyer_id, f"buyer:{order.buyer_id}", "buyer_api")


def _request_row(  # noqa: PLR0917 - one row's parts
    order: OrderInProgress,
    journey: Journey,
    kind: RequestKind,
    reason: str,
    at: datetime,
    lines: list[dict[str, int]],
    note: str | None,
) -> dict[str, Any]:
    if not applies_to_kind(journey, kind):
        raise WalkError(f"{kind.value} is not a kind of {journey.type.value}")
    return {
        "type": journey.type.value,
        "kind": kind.value,
        "order_id": order.id,
        "seller_id": order.seller.id,
        "buyer_id": order.buyer_id,
        "status": journey.initial,
        "reason": reason,
        "fault": journey.reason_by_code[reason].fault.value,
        "buyer_note": note,
        "lines": lines,
        "whole_order": True,
        "requested_minor": 0,
        "offered_minor": None,
        "refund_minor": None,
        "decision_reason": None,
        "decision_note": None,
        "evidence": None,
        "decision_evidence": None,
        "dispute_note": None,
        "return_carrier": None,
        "return_tracking": None,
        "return_shipped_at": None,
        "return_delivered_at": None,
        "converted_from_id": None,
        "requested_at": at,
        "updated_at": at,
        "resolved_at": None,
        "last_action": "requested",
        "last_actor": f"buyer:{order.buyer_id}",
        "decided_action": None,
        "decided_by": None,
        "deadline": None,
        "deadline_action": None,
        "warn_at": None,
        "version": 1,
    }


def applies_to_kind(journey: Journey, kind: RequestKind) -> bool:
    return kind in journey.kinds and any(applies_to(a, kind) for a in journey.actions)


def auto_cancel_unshipped(history: History, order: OrderInProgress, at: datetime) -> None:
    """The handling deadline passed without a shipment (`timers.auto_cancel_unshipped`): the
    order is cancelled at the seller's fault and a pending cancellation request ends with it."""
    cancel_order(history, order, HANDLING, at, reason=HANDLING_DEADLINE_REASON, fault="seller")
    for walk in order.walks:
        if walk.journey.type is JourneyType.CANCELLATION and walk.status == "pending":
            walk.send_warnings(at)
            before = {"status": walk.status, "version": walk.row["version"]}
            walk.row.update(
                transitions.ended_with_order(
                    AUTO_CANCELLED, HANDLING.label, HANDLING_DEADLINE_REASON, None, at
                )
            )
            walk.restart_timer(at)
            walk.row["version"] += 1
            audit(
                history.rows,
                HANDLING,
                at,
                f"after_sale.{AUTO_CANCELLED}",
                walk.subject(),
                before=before,
                after={"status": walk.status, "version": walk.row["version"]},
                reason=HANDLING_DEADLINE_REASON,
            )
            walk.publish(EventType.AFTER_SALE_ORDER_AUTO_CANCELLED, at)

"""After-sale requests in the demo history, walked step by step through the journey tables.

The demo writes rows in bulk (a 20,000-order history through the services would take minutes),
so `RequestWalk` does in memory what `domains/after_sales/engine.perform` does in the database:
it picks the action from the same `JOURNEYS` table (refusing one the table does not allow from
the current status, for this kind, actor kind and order status), prices refunds with the same
`refunds.breakdown`, restarts the same timers from the same `Policies`, and writes the same
request row, refund ledger row, audit record and `after_sale.<action>` event. Warnings
(`after_sale.deadline_approaching`) are published when the worker would have sent them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fairmarket.demo.actors import ActorRef, Subject, audit, publish
from fairmarket.demo.history import History, OrderInProgress, cancel_order
from fairmarket.domains.after_sales.machines import (
    CONVERTED_RETURN_REASON,
    JOURNEYS,
    MIN_NOTE_LENGTH,
    TERMINAL_STATUSES,
    UNSHIPPED,
    Action,
    Effect,
    Journey,
    JourneyType,
    RejectReason,
    RequestKind,
    applies_to,
)
from fairmarket.domains.after_sales.refunds import PricedLine, RefundBreakdown, breakdown
from fairmarket.domains.events.types import EventType, after_sale_action_event
from fairmarket.kernel.actors import ActorKind

SUBJECT = "after_sale_request"
TIMER = ActorRef("system", None, "system:after_sale_timer", "system")
HANDLING = ActorRef("system", None, "system:handling_deadline", "system")
HANDLING_DEADLINE_REASON = "handling_deadline_missed"
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
        if at < self.row["updated_at"] or at > self.history.now:
            raise WalkError(f"'{name}' at {at} is out of time order for request {self.id}")
        self.send_warnings(at)
        action = self.choose(name, ActorKind(actor.kind))
        self.check_inputs(action, inputs)
        row = self.row
        before = {"status": row["status"], "version": row["version"]}
        if row["decided_action"] is None and row["status"] == "pending" and name != "withdraw":
            # As engine.record_first_decision: the history back-tests compare rules against.
            row.update(decided_action=action.name, decided_by=actor.kind)
        self.apply_effect(action, actor, at, inputs)
        row.update(status=action.target, last_action=action.name, updated_at=at)
        row["last_actor"] = actor.label
        if action.name in ("reject", "rule_for_buyer", "rule_for_seller"):
            row["decision_reason"] = inputs.get("reason") or action.name
            row["decision_note"] = inputs.get("note")
            if inputs.get("evidence"):
                row["evidence"] = list(inputs["evidence"])
        if action.name == "escalate":
            row["dispute_note"] = inputs.get("note")
        if action.name == "auto_reject":
            row["decision_reason"] = RejectReason.ALREADY_SHIPPED.value
            row["decision_note"] = "The order shipped before the response window closed."
        if action.target in TERMINAL_STATUSES:
            row["resolved_at"] = at
        self.restart_timer(at)
        row["version"] += 1
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
        deadline = self.deadline
        if deadline is None:
            raise WalkError(f"request {self.id} in {self.status} has no timer")
        at = deadline + WORKER_LAG
        timer = self.journey.status_by_name[self.status].timer
        assert timer is not None
        for name in timer.actions:
            for action in self.journey.actions_named(name, self.kind):
                if self.status in action.sources and _order_allows(action, self.order):
                    self.act(name, TIMER, at)
                    return at
        raise WalkError(f"no timer action of {self.status} applies to request {self.id}")

    def choose(self, name: str, actor_kind: ActorKind) -> Action:
        for action in self.journey.actions_named(name, self.kind):
            if (
                actor_kind in action.actors
                and self.status in action.sources
                and _order_allows(action, self.order)
            ):
                return action
        raise WalkError(
            f"'{name}' by a {actor_kind.value} is not allowed on a {self.kind.value} "
            f"{self.journey.type.value} request in {self.status} (order "
            f"{self.order.row['status']})"
        )

    def check_inputs(self, action: Action, inputs: dict[str, Any]) -> None:
        if action.name == "reject":
            if inputs["reason"] == RejectReason.ALREADY_SHIPPED.value:
                if self.order.parcel is None:
                    raise WalkError("'already_shipped' without a shipment")
            elif len(inputs.get("note") or "") < MIN_NOTE_LENGTH:
                raise WalkError("a rejection needs a note")
        if action.effect is Effect.RECORD_OFFER and (
            inputs["amount_minor"] >= self.refund_plan(None).refund_minor
        ):
            raise WalkError("an offer must be partial")

    def refund_plan(self, amount_minor: int | None) -> RefundBreakdown:
        order, row = self.order, self.row
        prices = {line_id: price for line_id, price, _ in order.lines}
        reason = self.journey.reason_by_code[row["reason"]]
        return breakdown(
            [PricedLine(i["line_id"], prices[i["line_id"]], i["quantity"]) for i in row["lines"]],
            shipping_fee_minor=int(order.row["shipping_fee_minor"]),
            include_shipping=bool(row["whole_order"])
            and (self.journey.refund_shipping == "always" or reason.refunds_shipping),
            paid_minor=int(order.row["paid_minor"]),
            refunded_minor=int(order.row["refunded_minor"]),
            currency=str(order.row["currency"]),
            amount_minor=amount_minor,
        )

    def apply_effect(
        self, action: Action, actor: ActorRef, at: datetime, inputs: dict[str, Any]
    ) -> None:
        row, order, effect = self.row, self.order, action.effect
        if effect is Effect.RECORD_OFFER:
            row["offered_minor"] = inputs["amount_minor"]
        elif effect is Effect.RECORD_RETURN_SHIPMENT:
            row.update(
                return_carrier=inputs["carrier"],
                return_tracking=inputs["tracking_number"],
                return_shipped_at=at,
            )
        elif effect is Effect.RECORD_RETURN_DELIVERY:
            row["return_delivered_at"] = at
        elif (
            effect is Effect.CANCEL_ORDER
            and row["whole_order"]
            and order.row["status"] in UNSHIPPED
        ) or (effect is Effect.CANCEL_IN_TRANSIT and row["whole_order"]):
            self._cancel_whole_order(actor, at)
        elif effect is Effect.CONVERT_TO_RETURN:
            self.converted = self._open_converted_return(actor, at)
        elif action.moves_money:
            offer = row["offered_minor"] if action.name == "accept_offer" else None
            refund = self.refund_plan(offer).refund_minor
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
        source = self.row
        row = _request_row(
            self.order,
            JOURNEYS[JourneyType.RETURN],
            RequestKind.RETURN_AND_REFUND,
            CONVERTED_RETURN_REASON[str(source["reason"])],
            at,
            source["lines"],
            source["buyer_note"],
        )
        row.update(
            status="awaiting_return_shipment",
            fault=source["fault"],
            whole_order=source["whole_order"],
            last_action="opened_from_interception",
            last_actor=actor.label,
            converted_from_id=self.id,
        )
        self.history.rows.add("after_sale_requests", row)
        converted = RequestWalk(self.history, self.order, row)
        row["requested_minor"] = converted.refund_plan(None).refund_minor
        self.order.walks.append(converted)
        converted.restart_timer(at)
        converted.publish(EventType.AFTER_SALE_REQUESTED, at)
        return converted

    # --- timers and events -------------------------------------------------------------------

    def restart_timer(self, at: datetime) -> None:
        row = self.row
        timer = self.journey.status_by_name[row["status"]].timer
        if timer is None:
            row["deadline"] = row["deadline_action"] = self.warn_at = None
            return
        policies = self.history.policies
        row["deadline"] = at + policies.window(timer.window, self.order.region.code)
        row["deadline_action"] = timer.actions[0]
        warn_at = row["deadline"] - policies.deadline_warning
        self.warn_at = warn_at if timer.warn and warn_at > at else None

    def send_warnings(self, until: datetime) -> None:
        """Publish the warning the worker sends `deadline_warning` before the platform acts."""
        if self.warn_at is not None and self.warn_at + WORKER_LAG <= until:
            row = self.row
            publish(
                self.history.rows,
                EventType.AFTER_SALE_DEADLINE_APPROACHING,
                self.warn_at + WORKER_LAG,
                resource_type=SUBJECT,
                resource_id=self.id,
                seller_id=self.order.seller.id,
                data={
                    "request_id": self.id,
                    "type": row["type"],
                    "order_number": self.order.row["number"],
                    "status": row["status"],
                    "deadline": row["deadline"].isoformat() if row["deadline"] else None,
                    "deadline_action": row["deadline_action"],
                    "version": row["version"],
                },
            )
            self.warn_at = None

    def finish(self) -> None:
        """The walk stops at "now": warnings already due are sent; a pending one is stored."""
        self.send_warnings(self.history.now)
        self.row["warn_at"] = self.warn_at

    def publish(self, type_: EventType, at: datetime) -> None:
        row = self.row
        publish(
            self.history.rows,
            type_,
            at,
            resource_type=SUBJECT,
            resource_id=self.id,
            seller_id=self.order.seller.id,
            data={
                "request_id": self.id,
                "type": row["type"],
                "kind": row["kind"],
                "order_number": self.order.row["number"],
                "status": row["status"],
                "action": row["last_action"],
                "reason": row["reason"],
                "fault": row["fault"],
                "refund_minor": row["refund_minor"],
                "deadline": row["deadline"].isoformat() if row["deadline"] else None,
                "deadline_action": row["deadline_action"],
                "version": row["version"],
            },
        )

    converted: RequestWalk | None = None


def _order_allows(action: Action, order: OrderInProgress) -> bool:
    return action.order_statuses is None or order.row["status"] in action.order_statuses


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
                status="cancelled",
                last_action="order_auto_cancelled",
                last_actor=HANDLING.label,
                updated_at=at,
                resolved_at=at,
            )
            walk.restart_timer(at)
            walk.row["version"] += 1
            audit(
                history.rows,
                HANDLING,
                at,
                "after_sale.order_auto_cancelled",
                walk.subject(),
                before=before,
                after={"status": "cancelled", "version": walk.row["version"]},
                reason=HANDLING_DEADLINE_REASON,
            )
            walk.publish(EventType.AFTER_SALE_ORDER_AUTO_CANCELLED, at)

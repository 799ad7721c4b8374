from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.after_sale_status import AfterSaleStatus
from ..models.journey_type import JourneyType
from ..models.request_kind import RequestKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action_offer import ActionOffer
    from ..models.dry_run import DryRun
    from ..models.request_line import RequestLine
    from ..models.return_shipment import ReturnShipment
    from ..models.timeline_item import TimelineItem


T = TypeVar("T", bound="AfterSaleRead")


@_attrs_define
class AfterSaleRead:
    """
    Attributes:
        id (int):
        type_ (JourneyType):
        kind (RequestKind):
        order_number (int):
        status (AfterSaleStatus):
        reason (str):
        fault (str):
        lines (list[RequestLine]):
        whole_order (bool):
        buyer_note (None | str):
        requested_minor (int):
        offered_minor (int | None):
        refund_minor (int | None):
        currency (str):
        decision_reason (None | str):
        decision_note (None | str):
        evidence (list[str]): The buyer's links (request and escalation).
        decision_evidence (list[str]): The seller's (or agent's) links.
        dispute_note (None | str):
        return_shipment (None | ReturnShipment):
        converted_from_id (int | None):
        requested_at (datetime.datetime):
        updated_at (datetime.datetime):
        resolved_at (datetime.datetime | None):
        last_action (str):
        deadline (datetime.datetime | None):
        deadline_action (None | str):
        version (int):
        available_actions (list[ActionOffer]):
        timeline (list[TimelineItem] | None | Unset): Only when one is read.
        dry_run (DryRun | None | Unset): Only for ?dry_run=true: nothing changed.
    """

    id: int
    type_: JourneyType
    kind: RequestKind
    order_number: int
    status: AfterSaleStatus
    reason: str
    fault: str
    lines: list[RequestLine]
    whole_order: bool
    buyer_note: None | str
    requested_minor: int
    offered_minor: int | None
    refund_minor: int | None
    currency: str
    decision_reason: None | str
    decision_note: None | str
    evidence: list[str]
    decision_evidence: list[str]
    dispute_note: None | str
    return_shipment: None | ReturnShipment
    converted_from_id: int | None
    requested_at: datetime.datetime
    updated_at: datetime.datetime
    resolved_at: datetime.datetime | None
    last_action: str
    deadline: datetime.datetime | None
    deadline_action: None | str
    version: int
    available_actions: list[ActionOffer]
    timeline: list[TimelineItem] | None | Unset = UNSET
    dry_run: DryRun | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.dry_run import DryRun  # noqa: PLC0415
        from ..models.return_shipment import ReturnShipment  # noqa: PLC0415

        id = self.id

        type_ = self.type_.value

        kind = self.kind.value

        order_number = self.order_number

        status = self.status.value

        reason = self.reason

        fault = self.fault

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        whole_order = self.whole_order

        buyer_note: None | str
        buyer_note = self.buyer_note

        requested_minor = self.requested_minor

        offered_minor: int | None
        offered_minor = self.offered_minor

        refund_minor: int | None
        refund_minor = self.refund_minor

        currency = self.currency

        decision_reason: None | str
        decision_reason = self.decision_reason

        decision_note: None | str
        decision_note = self.decision_note

        evidence = self.evidence

        decision_evidence = self.decision_evidence

        dispute_note: None | str
        dispute_note = self.dispute_note

        return_shipment: dict[str, Any] | None
        if isinstance(self.return_shipment, ReturnShipment):
            return_shipment = self.return_shipment.to_dict()
        else:
            return_shipment = self.return_shipment

        converted_from_id: int | None
        converted_from_id = self.converted_from_id

        requested_at = self.requested_at.isoformat()

        updated_at = self.updated_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        last_action = self.last_action

        deadline: None | str
        if isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        deadline_action: None | str
        deadline_action = self.deadline_action

        version = self.version

        available_actions = []
        for available_actions_item_data in self.available_actions:
            available_actions_item = available_actions_item_data.to_dict()
            available_actions.append(available_actions_item)

        timeline: list[dict[str, Any]] | None | Unset
        if isinstance(self.timeline, Unset):
            timeline = UNSET
        elif isinstance(self.timeline, list):
            timeline = []
            for timeline_type_0_item_data in self.timeline:
                timeline_type_0_item = timeline_type_0_item_data.to_dict()
                timeline.append(timeline_type_0_item)

        else:
            timeline = self.timeline

        dry_run: dict[str, Any] | None | Unset
        if isinstance(self.dry_run, Unset):
            dry_run = UNSET
        elif isinstance(self.dry_run, DryRun):
            dry_run = self.dry_run.to_dict()
        else:
            dry_run = self.dry_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "kind": kind,
                "order_number": order_number,
                "status": status,
                "reason": reason,
                "fault": fault,
                "lines": lines,
                "whole_order": whole_order,
                "buyer_note": buyer_note,
                "requested_minor": requested_minor,
                "offered_minor": offered_minor,
                "refund_minor": refund_minor,
                "currency": currency,
                "decision_reason": decision_reason,
                "decision_note": decision_note,
                "evidence": evidence,
                "decision_evidence": decision_evidence,
                "dispute_note": dispute_note,
                "return_shipment": return_shipment,
                "converted_from_id": converted_from_id,
                "requested_at": requested_at,
                "updated_at": updated_at,
                "resolved_at": resolved_at,
                "last_action": last_action,
                "deadline": deadline,
                "deadline_action": deadline_action,
                "version": version,
                "available_actions": available_actions,
            }
        )
        if timeline is not UNSET:
            field_dict["timeline"] = timeline
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_offer import ActionOffer  # noqa: PLC0415
        from ..models.dry_run import DryRun  # noqa: PLC0415
        from ..models.request_line import RequestLine  # noqa: PLC0415
        from ..models.return_shipment import ReturnShipment  # noqa: PLC0415
        from ..models.timeline_item import TimelineItem  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = JourneyType(d.pop("type"))

        kind = RequestKind(d.pop("kind"))

        order_number = d.pop("order_number")

        status = AfterSaleStatus(d.pop("status"))

        reason = d.pop("reason")

        fault = d.pop("fault")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = RequestLine.from_dict(lines_item_data)

            lines.append(lines_item)

        whole_order = d.pop("whole_order")

        def _parse_buyer_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        buyer_note = _parse_buyer_note(d.pop("buyer_note"))

        requested_minor = d.pop("requested_minor")

        def _parse_offered_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        offered_minor = _parse_offered_minor(d.pop("offered_minor"))

        def _parse_refund_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_minor = _parse_refund_minor(d.pop("refund_minor"))

        currency = d.pop("currency")

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        def _parse_decision_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_note = _parse_decision_note(d.pop("decision_note"))

        evidence = cast(list[str], d.pop("evidence"))

        decision_evidence = cast(list[str], d.pop("decision_evidence"))

        def _parse_dispute_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        dispute_note = _parse_dispute_note(d.pop("dispute_note"))

        def _parse_return_shipment(data: object) -> None | ReturnShipment:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                return_shipment_type_0 = ReturnShipment.from_dict(data)

                return return_shipment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReturnShipment, data)

        return_shipment = _parse_return_shipment(d.pop("return_shipment"))

        def _parse_converted_from_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        converted_from_id = _parse_converted_from_id(d.pop("converted_from_id"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        last_action = d.pop("last_action")

        def _parse_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.datetime.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deadline = _parse_deadline(d.pop("deadline"))

        def _parse_deadline_action(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deadline_action = _parse_deadline_action(d.pop("deadline_action"))

        version = d.pop("version")

        available_actions = []
        _available_actions = d.pop("available_actions")
        for available_actions_item_data in _available_actions:
            available_actions_item = ActionOffer.from_dict(available_actions_item_data)

            available_actions.append(available_actions_item)

        def _parse_timeline(data: object) -> list[TimelineItem] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                timeline_type_0 = []
                _timeline_type_0 = data
                for timeline_type_0_item_data in _timeline_type_0:
                    timeline_type_0_item = TimelineItem.from_dict(timeline_type_0_item_data)

                    timeline_type_0.append(timeline_type_0_item)

                return timeline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimelineItem] | None | Unset, data)

        timeline = _parse_timeline(d.pop("timeline", UNSET))

        def _parse_dry_run(data: object) -> DryRun | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                dry_run_type_0 = DryRun.from_dict(data)

                return dry_run_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DryRun | None | Unset, data)

        dry_run = _parse_dry_run(d.pop("dry_run", UNSET))

        after_sale_read = cls(
            id=id,
            type_=type_,
            kind=kind,
            order_number=order_number,
            status=status,
            reason=reason,
            fault=fault,
            lines=lines,
            whole_order=whole_order,
            buyer_note=buyer_note,
            requested_minor=requested_minor,
            offered_minor=offered_minor,
            refund_minor=refund_minor,
            currency=currency,
            decision_reason=decision_reason,
            decision_note=decision_note,
            evidence=evidence,
            decision_evidence=decision_evidence,
            dispute_note=dispute_note,
            return_shipment=return_shipment,
            converted_from_id=converted_from_id,
            requested_at=requested_at,
            updated_at=updated_at,
            resolved_at=resolved_at,
            last_action=last_action,
            deadline=deadline,
            deadline_action=deadline_action,
            version=version,
            available_actions=available_actions,
            timeline=timeline,
            dry_run=dry_run,
        )

        after_sale_read.additional_properties = d
        return after_sale_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

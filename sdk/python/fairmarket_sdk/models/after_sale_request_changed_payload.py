from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AfterSaleRequestChangedPayload")


@_attrs_define
class AfterSaleRequestChangedPayload:
    """The request as it stands after the change: an opening, an action, or the end of a
    cancellation request with its order.

        Attributes:
            request_id (int):
            type_ (str): The journey (cancellation, return_refund, ...).
            kind (str):
            order_number (int):
            status (str): The request's status after the change.
            action (None | str): The action taken, by its name in the state machine.
            reason (None | str):
            fault (None | str):
            refund_minor (int | None): Refunded, in minor units, once refunded.
            deadline (datetime.datetime | None): When the platform acts if nobody does.
            deadline_action (None | str): What the platform does at the deadline.
            version (int): The request's version (its ETag) after the change.
    """

    request_id: int
    type_: str
    kind: str
    order_number: int
    status: str
    action: None | str
    reason: None | str
    fault: None | str
    refund_minor: int | None
    deadline: datetime.datetime | None
    deadline_action: None | str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        type_ = self.type_

        kind = self.kind

        order_number = self.order_number

        status = self.status

        action: None | str
        action = self.action

        reason: None | str
        reason = self.reason

        fault: None | str
        fault = self.fault

        refund_minor: int | None
        refund_minor = self.refund_minor

        deadline: None | str
        if isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        deadline_action: None | str
        deadline_action = self.deadline_action

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "type": type_,
                "kind": kind,
                "order_number": order_number,
                "status": status,
                "action": action,
                "reason": reason,
                "fault": fault,
                "refund_minor": refund_minor,
                "deadline": deadline,
                "deadline_action": deadline_action,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("request_id")

        type_ = d.pop("type")

        kind = d.pop("kind")

        order_number = d.pop("order_number")

        status = d.pop("status")

        def _parse_action(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        action = _parse_action(d.pop("action"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_fault(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fault = _parse_fault(d.pop("fault"))

        def _parse_refund_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refund_minor = _parse_refund_minor(d.pop("refund_minor"))

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

        after_sale_request_changed_payload = cls(
            request_id=request_id,
            type_=type_,
            kind=kind,
            order_number=order_number,
            status=status,
            action=action,
            reason=reason,
            fault=fault,
            refund_minor=refund_minor,
            deadline=deadline,
            deadline_action=deadline_action,
            version=version,
        )

        after_sale_request_changed_payload.additional_properties = d
        return after_sale_request_changed_payload

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

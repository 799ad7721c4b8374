from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AfterSaleDeadlineApproachingPayload")


@_attrs_define
class AfterSaleDeadlineApproachingPayload:
    """
    Attributes:
        request_id (int):
        type_ (str):
        order_number (int):
        status (str):
        deadline (datetime.datetime | None):
        deadline_action (None | str):
        version (int):
    """

    request_id: int
    type_: str
    order_number: int
    status: str
    deadline: datetime.datetime | None
    deadline_action: None | str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        type_ = self.type_

        order_number = self.order_number

        status = self.status

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
                "order_number": order_number,
                "status": status,
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

        order_number = d.pop("order_number")

        status = d.pop("status")

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

        after_sale_deadline_approaching_payload = cls(
            request_id=request_id,
            type_=type_,
            order_number=order_number,
            status=status,
            deadline=deadline,
            deadline_action=deadline_action,
            version=version,
        )

        after_sale_deadline_approaching_payload.additional_properties = d
        return after_sale_deadline_approaching_payload

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

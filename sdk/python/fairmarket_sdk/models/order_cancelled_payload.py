from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderCancelledPayload")


@_attrs_define
class OrderCancelledPayload:
    """
    Attributes:
        order_number (int): The order's number, as in `/v1/orders/{number}`.
        status (str): The order's status after the change.
        reason (None | str): Why the order was cancelled (a reason code).
        fault (None | str): Who was at fault: buyer, seller or platform.
        refunded_minor (int): Refunded in total, in minor units.
    """

    order_number: int
    status: str
    reason: None | str
    fault: None | str
    refunded_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_number = self.order_number

        status = self.status

        reason: None | str
        reason = self.reason

        fault: None | str
        fault = self.fault

        refunded_minor = self.refunded_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_number": order_number,
                "status": status,
                "reason": reason,
                "fault": fault,
                "refunded_minor": refunded_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_number = d.pop("order_number")

        status = d.pop("status")

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

        refunded_minor = d.pop("refunded_minor")

        order_cancelled_payload = cls(
            order_number=order_number,
            status=status,
            reason=reason,
            fault=fault,
            refunded_minor=refunded_minor,
        )

        order_cancelled_payload.additional_properties = d
        return order_cancelled_payload

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

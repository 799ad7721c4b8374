from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderShippedPayload")


@_attrs_define
class OrderShippedPayload:
    """
    Attributes:
        order_number (int): The order's number, as in `/v1/orders/{number}`.
        status (str): The order's status after the change.
        carrier (str):
        tracking_number (str):
    """

    order_number: int
    status: str
    carrier: str
    tracking_number: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_number = self.order_number

        status = self.status

        carrier = self.carrier

        tracking_number = self.tracking_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_number": order_number,
                "status": status,
                "carrier": carrier,
                "tracking_number": tracking_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_number = d.pop("order_number")

        status = d.pop("status")

        carrier = d.pop("carrier")

        tracking_number = d.pop("tracking_number")

        order_shipped_payload = cls(
            order_number=order_number,
            status=status,
            carrier=carrier,
            tracking_number=tracking_number,
        )

        order_shipped_payload.additional_properties = d
        return order_shipped_payload

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

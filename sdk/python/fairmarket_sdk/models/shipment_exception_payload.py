from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShipmentExceptionPayload")


@_attrs_define
class ShipmentExceptionPayload:
    """
    Attributes:
        request_id (int):
        type_ (str):
        order_number (int):
        carrier (str):
        last_scan_at (datetime.datetime): The parcel's last carrier scan (or shipping).
        hours_without_scan (float):
    """

    request_id: int
    type_: str
    order_number: int
    carrier: str
    last_scan_at: datetime.datetime
    hours_without_scan: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        type_ = self.type_

        order_number = self.order_number

        carrier = self.carrier

        last_scan_at = self.last_scan_at.isoformat()

        hours_without_scan = self.hours_without_scan

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "type": type_,
                "order_number": order_number,
                "carrier": carrier,
                "last_scan_at": last_scan_at,
                "hours_without_scan": hours_without_scan,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("request_id")

        type_ = d.pop("type")

        order_number = d.pop("order_number")

        carrier = d.pop("carrier")

        last_scan_at = datetime.datetime.fromisoformat(d.pop("last_scan_at"))

        hours_without_scan = d.pop("hours_without_scan")

        shipment_exception_payload = cls(
            request_id=request_id,
            type_=type_,
            order_number=order_number,
            carrier=carrier,
            last_scan_at=last_scan_at,
            hours_without_scan=hours_without_scan,
        )

        shipment_exception_payload.additional_properties = d
        return shipment_exception_payload

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

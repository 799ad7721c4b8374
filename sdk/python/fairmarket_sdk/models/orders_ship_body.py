from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="OrdersShipBody")


@_attrs_define
class OrdersShipBody:
    """
    Attributes:
        carrier (str): Carrier name, e.g. UPS.
        tracking_number (str): Carrier tracking number (letters, digits and dashes).
    """

    carrier: str
    tracking_number: str

    def to_dict(self) -> dict[str, Any]:
        carrier = self.carrier

        tracking_number = self.tracking_number

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "carrier": carrier,
                "tracking_number": tracking_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        carrier = d.pop("carrier")

        tracking_number = d.pop("tracking_number")

        orders_ship_body = cls(
            carrier=carrier,
            tracking_number=tracking_number,
        )

        return orders_ship_body

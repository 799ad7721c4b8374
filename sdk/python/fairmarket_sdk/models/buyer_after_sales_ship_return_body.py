from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BuyerAfterSalesShipReturnBody")


@_attrs_define
class BuyerAfterSalesShipReturnBody:
    """
    Attributes:
        carrier (str): Carrier name.
        tracking_number (str): Tracking number (letters, digits and dashes).
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

        buyer_after_sales_ship_return_body = cls(
            carrier=carrier,
            tracking_number=tracking_number,
        )

        return buyer_after_sales_ship_return_body

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LineQuantity")


@_attrs_define
class LineQuantity:
    """
    Attributes:
        line_id (int): An order line id (see the order's lines).
        quantity (int): How many of that line.
    """

    line_id: int
    quantity: int

    def to_dict(self) -> dict[str, Any]:
        line_id = self.line_id

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "line_id": line_id,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line_id = d.pop("line_id")

        quantity = d.pop("quantity")

        line_quantity = cls(
            line_id=line_id,
            quantity=quantity,
        )

        return line_quantity

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestOrderLine")


@_attrs_define
class TestOrderLine:
    """
    Attributes:
        title (str | Unset): Item title. Default: 'Sandbox mug'.
        unit_price_minor (int | Unset): Price in cents. Default: 2500.
        quantity (int | Unset): How many. Default: 1.
    """

    title: str | Unset = "Sandbox mug"
    unit_price_minor: int | Unset = 2500
    quantity: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        unit_price_minor = self.unit_price_minor

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if unit_price_minor is not UNSET:
            field_dict["unit_price_minor"] = unit_price_minor
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title", UNSET)

        unit_price_minor = d.pop("unit_price_minor", UNSET)

        quantity = d.pop("quantity", UNSET)

        test_order_line = cls(
            title=title,
            unit_price_minor=unit_price_minor,
            quantity=quantity,
        )

        return test_order_line

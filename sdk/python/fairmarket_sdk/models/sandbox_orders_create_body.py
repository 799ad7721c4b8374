from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.test_order_line import TestOrderLine


T = TypeVar("T", bound="SandboxOrdersCreateBody")


@_attrs_define
class SandboxOrdersCreateBody:
    """
    Attributes:
        lines (list[TestOrderLine] | Unset): The order lines; by default two 25.00 mugs.
        shipping_fee_minor (int | Unset): Shipping in cents. Default: 499.
    """

    lines: list[TestOrderLine] | Unset = UNSET
    shipping_fee_minor: int | Unset = 499

    def to_dict(self) -> dict[str, Any]:
        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        shipping_fee_minor = self.shipping_fee_minor

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if lines is not UNSET:
            field_dict["lines"] = lines
        if shipping_fee_minor is not UNSET:
            field_dict["shipping_fee_minor"] = shipping_fee_minor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_order_line import TestOrderLine  # noqa: PLC0415

        d = dict(src_dict)
        _lines = d.pop("lines", UNSET)
        lines: list[TestOrderLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = TestOrderLine.from_dict(lines_item_data)

                lines.append(lines_item)

        shipping_fee_minor = d.pop("shipping_fee_minor", UNSET)

        sandbox_orders_create_body = cls(
            lines=lines,
            shipping_fee_minor=shipping_fee_minor,
        )

        return sandbox_orders_create_body

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RequestLine")


@_attrs_define
class RequestLine:
    """
    Attributes:
        line_id (int):
        title (str):
        quantity (int):
        unit_price_minor (int):
    """

    line_id: int
    title: str
    quantity: int
    unit_price_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        line_id = self.line_id

        title = self.title

        quantity = self.quantity

        unit_price_minor = self.unit_price_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "line_id": line_id,
                "title": title,
                "quantity": quantity,
                "unit_price_minor": unit_price_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line_id = d.pop("line_id")

        title = d.pop("title")

        quantity = d.pop("quantity")

        unit_price_minor = d.pop("unit_price_minor")

        request_line = cls(
            line_id=line_id,
            title=title,
            quantity=quantity,
            unit_price_minor=unit_price_minor,
        )

        request_line.additional_properties = d
        return request_line

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

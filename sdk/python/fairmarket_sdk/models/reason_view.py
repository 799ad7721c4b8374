from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReasonView")


@_attrs_define
class ReasonView:
    """
    Attributes:
        code (str):
        fault (str):
        refunds_shipping (bool):
        description (str):
    """

    code: str
    fault: str
    refunds_shipping: bool
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        fault = self.fault

        refunds_shipping = self.refunds_shipping

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "fault": fault,
                "refunds_shipping": refunds_shipping,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        fault = d.pop("fault")

        refunds_shipping = d.pop("refunds_shipping")

        description = d.pop("description")

        reason_view = cls(
            code=code,
            fault=fault,
            refunds_shipping=refunds_shipping,
            description=description,
        )

        reason_view.additional_properties = d
        return reason_view

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

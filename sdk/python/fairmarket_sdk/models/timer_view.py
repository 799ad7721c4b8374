from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TimerView")


@_attrs_define
class TimerView:
    """
    Attributes:
        window (str):
        default_seconds (int):
        actions (list[str]):
        warns (bool):
    """

    window: str
    default_seconds: int
    actions: list[str]
    warns: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        window = self.window

        default_seconds = self.default_seconds

        actions = self.actions

        warns = self.warns

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "window": window,
                "default_seconds": default_seconds,
                "actions": actions,
                "warns": warns,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        window = d.pop("window")

        default_seconds = d.pop("default_seconds")

        actions = cast(list[str], d.pop("actions"))

        warns = d.pop("warns")

        timer_view = cls(
            window=window,
            default_seconds=default_seconds,
            actions=actions,
            warns=warns,
        )

        timer_view.additional_properties = d
        return timer_view

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

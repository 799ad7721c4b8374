from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timer_view import TimerView


T = TypeVar("T", bound="StatusView")


@_attrs_define
class StatusView:
    """
    Attributes:
        name (str):
        description (str):
        terminal (bool):
        timer (None | TimerView):
    """

    name: str
    description: str
    terminal: bool
    timer: None | TimerView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.timer_view import TimerView  # noqa: PLC0415

        name = self.name

        description = self.description

        terminal = self.terminal

        timer: dict[str, Any] | None
        if isinstance(self.timer, TimerView):
            timer = self.timer.to_dict()
        else:
            timer = self.timer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "terminal": terminal,
                "timer": timer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timer_view import TimerView  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        terminal = d.pop("terminal")

        def _parse_timer(data: object) -> None | TimerView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                timer_type_0 = TimerView.from_dict(data)

                return timer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimerView, data)

        timer = _parse_timer(d.pop("timer"))

        status_view = cls(
            name=name,
            description=description,
            terminal=terminal,
            timer=timer,
        )

        status_view.additional_properties = d
        return status_view

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.journey_view import JourneyView


T = TypeVar("T", bound="StateMachines")


@_attrs_define
class StateMachines:
    """
    Attributes:
        journeys (list[JourneyView]):
        reject_reasons (list[str]):
        deadline_warning_seconds (int):
    """

    journeys: list[JourneyView]
    reject_reasons: list[str]
    deadline_warning_seconds: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        journeys = []
        for journeys_item_data in self.journeys:
            journeys_item = journeys_item_data.to_dict()
            journeys.append(journeys_item)

        reject_reasons = self.reject_reasons

        deadline_warning_seconds = self.deadline_warning_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "journeys": journeys,
                "reject_reasons": reject_reasons,
                "deadline_warning_seconds": deadline_warning_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journey_view import JourneyView  # noqa: PLC0415

        d = dict(src_dict)
        journeys = []
        _journeys = d.pop("journeys")
        for journeys_item_data in _journeys:
            journeys_item = JourneyView.from_dict(journeys_item_data)

            journeys.append(journeys_item)

        reject_reasons = cast(list[str], d.pop("reject_reasons"))

        deadline_warning_seconds = d.pop("deadline_warning_seconds")

        state_machines = cls(
            journeys=journeys,
            reject_reasons=reject_reasons,
            deadline_warning_seconds=deadline_warning_seconds,
        )

        state_machines.additional_properties = d
        return state_machines

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

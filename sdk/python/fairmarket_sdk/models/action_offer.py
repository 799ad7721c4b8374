from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ActionOffer")


@_attrs_define
class ActionOffer:
    """
    Attributes:
        action (str):
        description (str):
        deadline (datetime.datetime | None): Act before this, or the platform acts.
        inputs (list[str]):
        required_inputs (list[str]):
        moves_money (bool):
    """

    action: str
    description: str
    deadline: datetime.datetime | None
    inputs: list[str]
    required_inputs: list[str]
    moves_money: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        description = self.description

        deadline: None | str
        if isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        inputs = self.inputs

        required_inputs = self.required_inputs

        moves_money = self.moves_money

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "description": description,
                "deadline": deadline,
                "inputs": inputs,
                "required_inputs": required_inputs,
                "moves_money": moves_money,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        description = d.pop("description")

        def _parse_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.datetime.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deadline = _parse_deadline(d.pop("deadline"))

        inputs = cast(list[str], d.pop("inputs"))

        required_inputs = cast(list[str], d.pop("required_inputs"))

        moves_money = d.pop("moves_money")

        action_offer = cls(
            action=action,
            description=description,
            deadline=deadline,
            inputs=inputs,
            required_inputs=required_inputs,
            moves_money=moves_money,
        )

        action_offer.additional_properties = d
        return action_offer

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

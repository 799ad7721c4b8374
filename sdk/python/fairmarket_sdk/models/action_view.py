from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.input_view import InputView


T = TypeVar("T", bound="ActionView")


@_attrs_define
class ActionView:
    """
    Attributes:
        name (str):
        sources (list[str]):
        target (str):
        actors (list[str]):
        inputs (list[InputView]):
        moves_money (bool):
        kinds (list[str] | None):
        order_statuses (list[str] | None):
        description (str):
    """

    name: str
    sources: list[str]
    target: str
    actors: list[str]
    inputs: list[InputView]
    moves_money: bool
    kinds: list[str] | None
    order_statuses: list[str] | None
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        sources = self.sources

        target = self.target

        actors = self.actors

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        moves_money = self.moves_money

        kinds: list[str] | None
        if isinstance(self.kinds, list):
            kinds = self.kinds

        else:
            kinds = self.kinds

        order_statuses: list[str] | None
        if isinstance(self.order_statuses, list):
            order_statuses = self.order_statuses

        else:
            order_statuses = self.order_statuses

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "sources": sources,
                "target": target,
                "actors": actors,
                "inputs": inputs,
                "moves_money": moves_money,
                "kinds": kinds,
                "order_statuses": order_statuses,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.input_view import InputView  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        sources = cast(list[str], d.pop("sources"))

        target = d.pop("target")

        actors = cast(list[str], d.pop("actors"))

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = InputView.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        moves_money = d.pop("moves_money")

        def _parse_kinds(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                kinds_type_0 = cast(list[str], data)

                return kinds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        kinds = _parse_kinds(d.pop("kinds"))

        def _parse_order_statuses(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                order_statuses_type_0 = cast(list[str], data)

                return order_statuses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        order_statuses = _parse_order_statuses(d.pop("order_statuses"))

        description = d.pop("description")

        action_view = cls(
            name=name,
            sources=sources,
            target=target,
            actors=actors,
            inputs=inputs,
            moves_money=moves_money,
            kinds=kinds,
            order_statuses=order_statuses,
            description=description,
        )

        action_view.additional_properties = d
        return action_view

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

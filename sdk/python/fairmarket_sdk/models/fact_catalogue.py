from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fact_read import FactRead


T = TypeVar("T", bound="FactCatalogue")


@_attrs_define
class FactCatalogue:
    """
    Attributes:
        facts (list[FactRead]):
        actions (list[str]):
        triggers (list[str]):
    """

    facts: list[FactRead]
    actions: list[str]
    triggers: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        facts = []
        for facts_item_data in self.facts:
            facts_item = facts_item_data.to_dict()
            facts.append(facts_item)

        actions = self.actions

        triggers = self.triggers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "facts": facts,
                "actions": actions,
                "triggers": triggers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fact_read import FactRead  # noqa: PLC0415

        d = dict(src_dict)
        facts = []
        _facts = d.pop("facts")
        for facts_item_data in _facts:
            facts_item = FactRead.from_dict(facts_item_data)

            facts.append(facts_item)

        actions = cast(list[str], d.pop("actions"))

        triggers = cast(list[str], d.pop("triggers"))

        fact_catalogue = cls(
            facts=facts,
            actions=actions,
            triggers=triggers,
        )

        fact_catalogue.additional_properties = d
        return fact_catalogue

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

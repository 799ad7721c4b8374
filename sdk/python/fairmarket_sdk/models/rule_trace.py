from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.condition_outcome import ConditionOutcome


T = TypeVar("T", bound="RuleTrace")


@_attrs_define
class RuleTrace:
    """
    Attributes:
        rule_id (str):
        matched (bool):
        conditions (list[ConditionOutcome]):
    """

    rule_id: str
    matched: bool
    conditions: list[ConditionOutcome]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule_id = self.rule_id

        matched = self.matched

        conditions = []
        for conditions_item_data in self.conditions:
            conditions_item = conditions_item_data.to_dict()
            conditions.append(conditions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rule_id": rule_id,
                "matched": matched,
                "conditions": conditions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_outcome import ConditionOutcome  # noqa: PLC0415

        d = dict(src_dict)
        rule_id = d.pop("rule_id")

        matched = d.pop("matched")

        conditions = []
        _conditions = d.pop("conditions")
        for conditions_item_data in _conditions:
            conditions_item = ConditionOutcome.from_dict(conditions_item_data)

            conditions.append(conditions_item)

        rule_trace = cls(
            rule_id=rule_id,
            matched=matched,
            conditions=conditions,
        )

        rule_trace.additional_properties = d
        return rule_trace

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

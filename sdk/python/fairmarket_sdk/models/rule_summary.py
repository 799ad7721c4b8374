from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rule_summary_actions_item import RuleSummaryActionsItem


T = TypeVar("T", bound="RuleSummary")


@_attrs_define
class RuleSummary:
    """
    Attributes:
        id (str):
        description (str):
        line (int):
        conditions (list[str]):
        actions (list[RuleSummaryActionsItem]):
    """

    id: str
    description: str
    line: int
    conditions: list[str]
    actions: list[RuleSummaryActionsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        description = self.description

        line = self.line

        conditions = self.conditions

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "description": description,
                "line": line,
                "conditions": conditions,
                "actions": actions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_summary_actions_item import RuleSummaryActionsItem  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        description = d.pop("description")

        line = d.pop("line")

        conditions = cast(list[str], d.pop("conditions"))

        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = RuleSummaryActionsItem.from_dict(actions_item_data)

            actions.append(actions_item)

        rule_summary = cls(
            id=id,
            description=description,
            line=line,
            conditions=conditions,
            actions=actions,
        )

        rule_summary.additional_properties = d
        return rule_summary

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

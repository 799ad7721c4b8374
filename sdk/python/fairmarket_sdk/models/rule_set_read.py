from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trigger import Trigger

if TYPE_CHECKING:
    from ..models.version_summary import VersionSummary


T = TypeVar("T", bound="RuleSetRead")


@_attrs_define
class RuleSetRead:
    """
    Attributes:
        id (int):
        name (str):
        trigger (Trigger):
        versions (list[VersionSummary]):
    """

    id: int
    name: str
    trigger: Trigger
    versions: list[VersionSummary]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        trigger = self.trigger.value

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "trigger": trigger,
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_summary import VersionSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        trigger = Trigger(d.pop("trigger"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = VersionSummary.from_dict(versions_item_data)

            versions.append(versions_item)

        rule_set_read = cls(
            id=id,
            name=name,
            trigger=trigger,
            versions=versions,
        )

        rule_set_read.additional_properties = d
        return rule_set_read

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

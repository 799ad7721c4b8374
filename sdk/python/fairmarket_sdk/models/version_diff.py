from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VersionDiff")


@_attrs_define
class VersionDiff:
    """
    Attributes:
        version_id (int):
        against_version_id (int | None):
        unified_diff (str):
        rules_added (list[str]):
        rules_removed (list[str]):
        rules_changed (list[str]):
    """

    version_id: int
    against_version_id: int | None
    unified_diff: str
    rules_added: list[str]
    rules_removed: list[str]
    rules_changed: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version_id = self.version_id

        against_version_id: int | None
        against_version_id = self.against_version_id

        unified_diff = self.unified_diff

        rules_added = self.rules_added

        rules_removed = self.rules_removed

        rules_changed = self.rules_changed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version_id": version_id,
                "against_version_id": against_version_id,
                "unified_diff": unified_diff,
                "rules_added": rules_added,
                "rules_removed": rules_removed,
                "rules_changed": rules_changed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version_id = d.pop("version_id")

        def _parse_against_version_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        against_version_id = _parse_against_version_id(d.pop("against_version_id"))

        unified_diff = d.pop("unified_diff")

        rules_added = cast(list[str], d.pop("rules_added"))

        rules_removed = cast(list[str], d.pop("rules_removed"))

        rules_changed = cast(list[str], d.pop("rules_changed"))

        version_diff = cls(
            version_id=version_id,
            against_version_id=against_version_id,
            unified_diff=unified_diff,
            rules_added=rules_added,
            rules_removed=rules_removed,
            rules_changed=rules_changed,
        )

        version_diff.additional_properties = d
        return version_diff

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
